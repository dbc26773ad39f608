package io.feedbackhub.people;

import java.time.Instant;

/**
 * One live session as its person sees it in "your sessions": when and from where it was opened, when it was last
 * used (to the minute: the idle expiry moves on at most once a minute), and when it ends unless used again.
 */
public record SessionInfo(String id, Instant createdAt, Instant lastSeenAt, Instant expiresAt, String clientAddress, String userAgent) {
}
