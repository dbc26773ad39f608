package io.feedbackhub.webhooks;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A tenant's webhook endpoint as stored: where to send, which events and feedback, the signing secrets, and its
 * health. {@code previousSecret} still signs until {@code previousSecretExpiresAt} (rotation grace period).
 */
public record Endpoint(String tenantId, String id, String url, String description, Set<EventType> events,
                       EventFilter filter, String secret, String previousSecret, Instant previousSecretExpiresAt,
                       Instant secretRotatedAt, boolean enabled, Instant disabledAt, String disabledReason,
                       Instant failingSince, Instant createdAt, Instant updatedAt) {

    public Endpoint {
        events = Set.copyOf(events);
    }

    /** The secrets that sign a message sent at {@code now}: the current one, and the previous one while in grace. */
    List<String> signingSecrets(Instant now) {
        var secrets = new ArrayList<String>(2);
        secrets.add(secret);
        if (previousSecret != null && previousSecretExpiresAt != null && now.isBefore(previousSecretExpiresAt)) {
            secrets.add(previousSecret);
        }
        return secrets;
    }

    /** The host a log line may name (never the path or query, which often carry a token). */
    String host() {
        var host = java.net.URI.create(url).getHost();
        return host == null ? "?" : host;
    }
}
