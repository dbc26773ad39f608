package io.feedbackhub.settings;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.function.Predicate;

/**
 * Each project's settings over the node-wide defaults. Strict conversations and the time zone are the project's to
 * choose; how long trace text and the audit log are kept stays node-wide ({@link Retention}): an operator's
 * promise to every project, not one a project's admin should be able to stretch (or shorten under an auditor).
 */
public final class Settings {
    /** The node-wide retention periods, shown beside the project's settings; feedback itself is kept until deleted. */
    public record Retention(Duration context, Duration audit) {
    }

    private static final ZoneId UTC = ZoneId.of("UTC");

    private final SettingsStore store;
    private final Predicate<String> strictByDefault;
    private final Retention retention;
    private final Clock clock;

    public Settings(SettingsStore store, Predicate<String> strictByDefault, Retention retention, Clock clock) {
        this.store = store;
        this.strictByDefault = strictByDefault;
        this.retention = retention;
        this.clock = clock;
    }

    public ProjectSettings of(String tenantId) {
        return store.get(tenantId).orElse(ProjectSettings.DEFAULTS);
    }

    /** The node-wide strict-conversations default for this tenant, which a null project value follows. */
    public boolean strictByDefault(String tenantId) {
        return strictByDefault.test(tenantId);
    }

    public boolean strictConversations(String tenantId) {
        var own = of(tenantId).strictConversations();
        return own != null ? own : strictByDefault.test(tenantId);
    }

    public ZoneId timeZone(String tenantId) {
        var own = of(tenantId).timeZone();
        return own != null ? own : UTC;
    }

    public boolean hidesCommentsFromViewers(String tenantId) {
        return of(tenantId).viewerComments() == ViewerComments.HIDDEN;
    }

    public Retention retention() {
        return retention;
    }

    public ProjectSettings change(String tenantId, SettingsChange change) {
        var before = of(tenantId);
        var after = new ProjectSettings(change.strictConversations().applyTo(before.strictConversations()),
                change.timeZone().applyTo(before.timeZone()), change.viewerComments().applyTo(before.viewerComments()),
                clock.instant().truncatedTo(ChronoUnit.MILLIS));
        store.put(tenantId, after);
        return after;
    }
}
