package io.feedbackhub.people;

import java.time.Instant;

/**
 * A session just opened: the only moment its cookie value exists outside the browser (the store keeps its SHA-256).
 * {@code csrfToken} is what every state-changing request of the session must send back as {@value Sessions#CSRF_HEADER};
 * {@code expiresAt} is the absolute expiry (the cookie's Max-Age), the idle one comes sooner when the session rests.
 */
public record IssuedSession(String cookieValue, String csrfToken, Instant expiresAt, Person person) {
}
