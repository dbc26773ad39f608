package io.feedbackhub.settings;

import io.feedbackhub.core.Change;

import java.time.ZoneId;

/** A PATCH of the settings: each field kept, set, or (strict conversations, time zone) set back to its default by null. */
public record SettingsChange(Change<Boolean> strictConversations, Change<ZoneId> timeZone, Change<ViewerComments> viewerComments) {
}
