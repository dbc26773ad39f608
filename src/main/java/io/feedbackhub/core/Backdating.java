package io.feedbackhub.core;

import java.time.Duration;
import java.time.Instant;

/**
 * Who may say when feedback was given, and within which bounds: a secret key importing history. A browser key or an
 * end-user token is refused (422) rather than ignored: neither the widget nor a token's page sends a time, so one
 * that does is a client mistake or an attempt to place votes in a past window, and silently writing "now" instead
 * would hide either.
 */
final class Backdating {
    /** Before this no feedback on AI answers existed worth importing; earlier dates are unit mix-ups (seconds as ms). */
    static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    /** Room for the clock skew between a client and this server. */
    static final Duration MAX_AHEAD = Duration.ofMinutes(5);

    private Backdating() {
    }

    static void check(Actor actor, Instant createdAt, Instant now) {
        if (createdAt == null) {
            return;
        }
        if (actor.ownFeedbackOnly() || actor.scope() != null) {
            throw new InvalidInput(FieldError.of("created_at", "may be set by a secret key only (importing history);"
                    + " leave it out from a browser key or an end-user token"));
        }
        if (createdAt.isBefore(EARLIEST)) {
            throw new InvalidInput(FieldError.of("created_at", "must not be before " + EARLIEST + ", got " + createdAt));
        }
        if (createdAt.isAfter(now.plus(MAX_AHEAD))) {
            throw new InvalidInput(FieldError.of("created_at", "must not be more than " + MAX_AHEAD.toMinutes()
                    + " minutes after the server's time " + now + ", got " + createdAt));
        }
    }
}
