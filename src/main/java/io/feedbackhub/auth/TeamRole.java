package io.feedbackhub.auth;

import java.util.Locale;
import java.util.Optional;

/**
 * What a person may do in a tenant, in rising order: a {@code viewer} reads stats, the feed and exports; an
 * {@code editor} also writes and changes feedback, configs, alerts, webhooks and reviews; an {@code admin} also
 * manages people and keys; an {@code owner} also grants and takes away ownership. API keys are held to the same
 * scale ({@link Principal#teamRole}): a secret key acts as an editor, an admin key as an admin.
 */
public enum TeamRole {
    VIEWER, EDITOR, ADMIN, OWNER;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<TeamRole> parse(String s) {
        for (var r : values()) {
            if (r.wire().equals(s)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    public boolean atLeast(TeamRole other) {
        return compareTo(other) >= 0;
    }
}
