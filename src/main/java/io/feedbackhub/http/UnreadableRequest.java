package io.feedbackhub.http;

import io.feedbackhub.json.Json;
import java.nio.charset.StandardCharsets;

/**
 * The answer to a request the HTTP server refused before any route ran (a request target that is no valid URI,
 * headers too large): no {@code Context} exists, so a door words it from the status and reason alone.
 *
 * @param contentType the door's error media type
 * @param body        the door's error body
 */
public record UnreadableRequest(String contentType, String body) {
    /** How the detail of such a refusal starts, at every door. */
    public static final String DETAIL_PREFIX = "the request cannot be read: ";

    /** The native API's problem+json, which is also the answer when no door's prefix can be read from the request. */
    public static UnreadableRequest problem(int status, String title, String reason) {
        var body = Json.object().put("type", "about:blank").put("title", title).put("status", status)
                .put("detail", DETAIL_PREFIX + reason);
        return new UnreadableRequest("application/problem+json", body.toString());
    }

    public byte[] bytes() {
        return body.getBytes(StandardCharsets.UTF_8);
    }
}
