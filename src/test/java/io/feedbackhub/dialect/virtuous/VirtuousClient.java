package io.feedbackhub.dialect.virtuous;

import com.fasterxml.jackson.databind.JsonNode;
import io.feedbackhub.contract.OpenApiContract;
import io.feedbackhub.testing.Api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.feedbackhub.dialect.DialectTesting.headerPairs;
import static io.feedbackhub.dialect.DialectTesting.responseHeaders;
import static io.feedbackhub.dialect.DialectTesting.uuid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A VirtuousAI client pointed at Feedback Hub's /compat/virtuous: paths are the seed's, every exchange is
 * kept with the headers really sent so that it can be checked against contracts/virtuous.yaml.
 */
final class VirtuousClient {
    static final OpenApiContract CONTRACT = OpenApiContract.load("contracts/virtuous.yaml");
    private static final String PREFIX = "/compat/virtuous";

    private final Api api;
    private final String header;
    private final String value;
    private final String origin;

    private VirtuousClient(Api api, String header, String value, String origin) {
        this.api = api;
        this.header = header;
        this.value = value;
        this.origin = origin;
    }

    /** Sends the key in {@code X-API-Key}, one of the seed's three credential headers. */
    static VirtuousClient of(Api api) {
        return new VirtuousClient(api, "X-API-Key", api.key(), null);
    }

    /** The key in another header, e.g. {@code ("authorization", "Bearer " + key)} or {@code ("vai_token", key)}. */
    VirtuousClient withCredentialHeader(String name, String headerValue) {
        return new VirtuousClient(api, name, headerValue, origin);
    }

    /** No credential header at all. */
    VirtuousClient anonymous() {
        return new VirtuousClient(api, "no-auth", null, origin);
    }

    /** A browser's requests: with an Origin header. */
    VirtuousClient withOrigin(String browserOrigin) {
        return new VirtuousClient(api, header, value, browserOrigin);
    }

    Exchange post(String path, String body) {
        return send("POST", path, body);
    }

    Exchange get(String path) {
        return send("GET", path, null);
    }

    Exchange patch(String path, String body) {
        return send("PATCH", path, body);
    }

    Exchange delete(String path) {
        return send("DELETE", path, null);
    }

    Exchange send(String method, String path, String body) {
        var headers = new LinkedHashMap<String, String>();
        headers.put(header, value);
        if (origin != null) {
            headers.put("Origin", origin);
        }
        var response = api.send(method, PREFIX + path, body, headerPairs(headers));
        headers.values().removeIf(java.util.Objects::isNull);
        headers.remove("no-auth");
        return new Exchange(method, path, Map.copyOf(headers), body, response);
    }

    /** One request as sent and its answer. */
    record Exchange(String method, String path, Map<String, String> headers, String requestBody, Api.Response response) {
        int status() {
            return response.status();
        }

        JsonNode json() {
            return response.json();
        }

        /** Request and response both conform to the seed's contract. */
        Exchange conforms() {
            CONTRACT.assertValid(method, path, headers, requestBody, response.status(), responseHeaders(response), response.body());
            return this;
        }

        /**
         * The request deliberately breaks the contract (so the contract must say so) and the answer is the
         * contract's 422 validation error.
         */
        Exchange answersInvalidRequestWithContract422() {
            assertEquals(422, status(), response::toString);
            var violations = CONTRACT.violations(method, path, headers, requestBody, response.status(), responseHeaders(response), response.body());
            assertFalse(violations.isEmpty(), "the contract should also refuse this request");
            var responseSide = violations.stream().filter(v -> !v.startsWith("[validation.request.")).toList();
            assertEquals(List.of(), responseSide, "the 422 answer must conform to the contract");
            return this;
        }

        /**
         * For answers the seed does not document (401, 403, 404, 409): the request conforms, and the body is
         * FastAPI's HTTPException shape {@code {"detail": "..."}}.
         */
        Exchange answersUndocumented(int expectedStatus, String detail) {
            assertEquals(expectedStatus, status(), response::toString);
            CONTRACT.ignoring("validation.response.status.unknown")
                    .assertValid(method, path, headers, requestBody, response.status(), responseHeaders(response), response.body());
            assertEquals("application/json", response.header("Content-Type"));
            var body = json();
            assertEquals(1, body.size(), response::toString);
            assertTrue(body.get("detail").isTextual(), response::toString);
            if (detail != null) {
                assertEquals(detail, body.get("detail").asText());
            }
            return this;
        }
    }

    /** The seed's Create Feedback example with fresh ids. */
    static String aThumbsUp(String threadId, String messageId) {
        return """
                {"clientFeedbackId": "%s", "kind": "message_reaction", "messageId": "%s",
                 "reaction": "thumbs_up", "threadId": "%s"}""".formatted(uuid(), messageId, threadId);
    }
}
