package io.feedbackhub.auth;

/**
 * A person signed in through a session cookie: who, with what role, and the session's id (never its cookie value) and
 * the CSRF token every state-changing request of the session must echo.
 */
public record SignedIn(String personId, String email, String name, TeamRole role, String sessionId, String csrfToken) {
}
