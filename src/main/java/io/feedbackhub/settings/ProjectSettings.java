package io.feedbackhub.settings;

import java.time.Instant;
import java.time.ZoneId;

/**
 * One project's (tenant's) settings as stored. {@code strictConversations} is null while the project follows the
 * node-wide default ({@code FEEDBACK_HUB_DEVIC_STRICT_CONVERSATIONS}); {@code timeZone} is null while it is UTC;
 * {@code updatedAt} is null for a project that never changed them.
 */
public record ProjectSettings(Boolean strictConversations, ZoneId timeZone, ViewerComments viewerComments, Instant updatedAt) {
    public static final ProjectSettings DEFAULTS = new ProjectSettings(null, null, ViewerComments.SHOWN, null);

    public ProjectSettings {
        if (viewerComments == null) {
            throw new IllegalArgumentException("viewer_comments is shown or hidden, never null");
        }
    }
}
