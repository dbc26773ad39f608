package io.feedbackhub.testing;

import io.feedbackhub.people.IssuedSession;

/** A person's session as a browser holds it: the cookie and the CSRF token the page was given. */
public record SignedInSession(String cookie, String csrfToken, String personId) {
    public static SignedInSession of(IssuedSession issued) {
        return new SignedInSession(issued.cookieValue(), issued.csrfToken(), issued.person().id());
    }

    /** The headers a signed-in page sends (the cookie, its CSRF token, and no API key), then {@code extra}. */
    public String[] headers(String... extra) {
        var all = new String[6 + extra.length];
        all[0] = "Cookie";
        all[1] = "fh_session=" + cookie;
        all[2] = "X-CSRF-Token";
        all[3] = csrfToken;
        all[4] = "no-auth";
        all[5] = "1";
        System.arraycopy(extra, 0, all, 6, extra.length);
        return all;
    }

    /** The cookie alone, as a cross-site form would send it: no CSRF token. */
    public String[] cookieOnly() {
        return new String[]{"Cookie", "fh_session=" + cookie, "no-auth", "1"};
    }
}
