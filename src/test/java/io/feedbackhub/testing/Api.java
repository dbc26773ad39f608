package io.feedbackhub.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A small HTTP client for tests: sends JSON with a key, returns status, headers and parsed body. */
public final class Api {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    public static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final String key;

    public Api(String baseUrl, String key) {
        this.baseUrl = baseUrl;
        this.key = key;
    }

    public String key() {
        return key;
    }

    public Api withKey(String otherKey) {
        return new Api(baseUrl, otherKey);
    }

    public Response get(String path, String... headers) {
        return send("GET", path, null, headers);
    }

    public Response post(String path, String json, String... headers) {
        return send("POST", path, json, headers);
    }

    public Response put(String path, String json, String... headers) {
        return send("PUT", path, json, headers);
    }

    public Response patch(String path, String json, String... headers) {
        return send("PATCH", path, json, headers);
    }

    public Response delete(String path, String... headers) {
        return send("DELETE", path, null, headers);
    }

    /**
     * Sends a request with {@code Authorization: Bearer <key>} unless {@code headers} carry their own
     * credentials; a header value of {@code null} removes the default key.
     */
    public Response send(String method, String path, String body, String... headers) {
        var builder = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            builder.header("Content-Type", "application/json");
        }
        boolean ownCredentials = false;
        var names = new ArrayList<String>();
        for (int i = 0; i < headers.length; i += 2) {
            names.add(headers[i].toLowerCase());
            if (headers[i + 1] != null) {
                builder.header(headers[i], headers[i + 1]);
            }
        }
        ownCredentials = names.stream().anyMatch(n -> List.of("authorization", "x-api-key", "vai_token", "x-user-id", "no-auth").contains(n));
        if (!ownCredentials && key != null) {
            builder.header("Authorization", "Bearer " + key);
        }
        try {
            var response = CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(method + " " + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public record Response(int status, java.net.http.HttpHeaders headers, String body) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("response is not JSON (" + status + "): " + body, e);
            }
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }
}
