package io.feedbackhub.dialect;

import com.fasterxml.jackson.databind.JsonNode;
import io.feedbackhub.testing.Api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/** What the dialect tests share: fresh ids, expected JSON, and the headers of an exchange held against a seed. */
public final class DialectTesting {
    private DialectTesting() {
    }

    public static String uuid() {
        return UUID.randomUUID().toString();
    }

    /** An expected JSON value, to compare with an answer as a tree (member order and spacing do not count). */
    public static JsonNode json(String text) {
        try {
            return Api.JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The response headers a seed check looks at: the Content-Type, when the answer has one. */
    public static Map<String, String> responseHeaders(Api.Response response) {
        var contentType = response.header("Content-Type");
        return contentType == null ? Map.of() : Map.of("Content-Type", contentType);
    }

    /** Headers as {@link Api#send}'s name/value pairs; a null value sends that header not at all. */
    public static String[] headerPairs(Map<String, String> headers) {
        return headers.entrySet().stream().flatMap(h -> Stream.of(h.getKey(), h.getValue())).toArray(String[]::new);
    }
}
