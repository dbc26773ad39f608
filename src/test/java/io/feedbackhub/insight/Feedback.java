package io.feedbackhub.insight;

import com.fasterxml.jackson.databind.JsonNode;
import io.feedbackhub.testing.Api;

import java.util.ArrayList;
import java.util.List;

import static io.feedbackhub.testing.Ids.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Writing test feedback through the native API, many at a time. */
final class Feedback {
    private Feedback() {
    }

    /** Writes every body through POST /v1/feedback/batch (1000 per request); returns the stored records in order. */
    static List<JsonNode> writeAll(Api api, List<String> bodies) {
        var written = new ArrayList<JsonNode>();
        for (int from = 0; from < bodies.size(); from += 1000) {
            var chunk = bodies.subList(from, Math.min(bodies.size(), from + 1000));
            var response = api.post("/v1/feedback/batch", "{\"items\": [" + String.join(",", chunk) + "]}");
            assertEquals(200, response.status(), response.body());
            for (var result : response.json().get("results")) {
                assertTrue(result.get("status").asInt() == 201 || result.get("status").asInt() == 200, result.toString());
                written.add(result.get("feedback"));
            }
        }
        return written;
    }

    static JsonNode write(Api api, String body) {
        var response = api.post("/v1/feedback", body);
        assertTrue(response.status() == 201 || response.status() == 200, response.toString());
        return response.json();
    }

    /** {@code n} reactions with the given label, each on its own message, tagged with an agent and metadata. */
    static List<String> reactions(int n, String agent, String label, String metadataJson) {
        var bodies = new ArrayList<String>();
        for (int i = 0; i < n; i++) {
            bodies.add("""
                    {"agent_id": "%s", "message_id": "%s", "label": "%s", "metadata": %s}""".formatted(
                    agent, unique("m"), label, metadataJson));
        }
        return bodies;
    }
}
