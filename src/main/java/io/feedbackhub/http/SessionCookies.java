package io.feedbackhub.http;

import io.feedbackhub.people.IssuedSession;
import io.feedbackhub.people.Sessions;
import io.javalin.http.Context;

import java.time.Duration;
import java.time.Instant;

/**
 * The session cookie on the wire: {@code fh_session=…; Path=/; Max-Age=…; Secure; HttpOnly; SameSite=Lax}. Secure
 * always: browsers treat http://localhost as a secure origin, so the cookie works there too, and nowhere else in clear
 * text. Lax (not Strict) so that following a link into the dashboard (an invitation, a single sign-on redirect back)
 * finds the session; the CSRF token guards the writes.
 */
public final class SessionCookies {
    private SessionCookies() {
    }

    /** Sets the cookie of a session just opened (sign-in, accepted invitation, single sign-on callback). */
    public static void set(Context ctx, IssuedSession session) {
        long maxAge = Math.max(0, Duration.between(Instant.now(), session.expiresAt()).toSeconds());
        ctx.res().addHeader("Set-Cookie", Sessions.COOKIE + "=" + session.cookieValue() + "; Path=/; Max-Age=" + maxAge
                + "; Secure; HttpOnly; SameSite=Lax");
    }

    /** Tells the browser to forget the cookie (sign-out). */
    public static void clear(Context ctx) {
        ctx.res().addHeader("Set-Cookie", Sessions.COOKIE + "=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=Lax");
    }

    /** The session cookie's value, if the request has one. */
    public static String presented(Context ctx) {
        return ctx.cookie(Sessions.COOKIE);
    }
}
