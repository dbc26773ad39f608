package io.feedbackhub.context;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.util.JsonFormat;
import io.feedbackhub.testing.Api;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/** OTLP export requests built from the protocol's own classes, and sent as an exporter sends them. */
final class Otlp {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    static final long START = 1_767_000_000_000_000_000L;

    private Otlp() {
    }

    static String traceId() {
        return hex(16);
    }

    static String spanId() {
        return hex(8);
    }

    private static String hex(int bytes) {
        var b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** A span of {@code traceId} lasting {@code millis}, with string, integer and string-array attributes. */
    static Span.Builder span(String traceId, String spanId, String parentSpanId, long millis, Map<String, Object> attributes) {
        var span = Span.newBuilder().setName("chat").setKind(Span.SpanKind.SPAN_KIND_CLIENT)
                .setTraceId(bytes(traceId)).setSpanId(bytes(spanId))
                .setStartTimeUnixNano(START).setEndTimeUnixNano(START + millis * 1_000_000);
        if (parentSpanId != null) {
            span.setParentSpanId(bytes(parentSpanId));
        }
        attributes.forEach((k, v) -> span.addAttributes(attribute(k, v)));
        return span;
    }

    static ExportTraceServiceRequest request(Map<String, Object> resource, Span.Builder... spans) {
        var r = Resource.newBuilder();
        resource.forEach((k, v) -> r.addAttributes(attribute(k, v)));
        var scope = ScopeSpans.newBuilder();
        for (var s : spans) {
            scope.addSpans(s);
        }
        return ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(ResourceSpans.newBuilder().setResource(r).addScopeSpans(scope)).build();
    }

    static KeyValue attribute(String key, Object value) {
        var v = AnyValue.newBuilder();
        switch (value) {
            case String s -> v.setStringValue(s);
            case Integer i -> v.setIntValue(i);
            case Long l -> v.setIntValue(l);
            case java.util.List<?> list -> {
                var array = io.opentelemetry.proto.common.v1.ArrayValue.newBuilder();
                list.forEach(item -> array.addValues(AnyValue.newBuilder().setStringValue(item.toString())));
                v.setArrayValue(array);
            }
            default -> throw new IllegalArgumentException("no attribute of " + value.getClass());
        }
        return KeyValue.newBuilder().setKey(key).setValue(v).build();
    }

    static ByteString bytes(String hex) {
        return ByteString.copyFrom(HexFormat.of().parseHex(hex));
    }

    /** OTLP's JSON encoding: protobuf's JSON mapping with trace and span ids in hex. */
    static String json(ExportTraceServiceRequest request) {
        try {
            var tree = Api.JSON.readTree(JsonFormat.printer().print(request));
            for (var rs : tree.path("resourceSpans")) {
                for (var ss : rs.path("scopeSpans")) {
                    for (var span : ss.path("spans")) {
                        for (var field : new String[]{"traceId", "spanId", "parentSpanId"}) {
                            var value = span.get(field);
                            if (value != null) {
                                ((ObjectNode) span).set(field, TextNode.valueOf(HexFormat.of().formatHex(Base64.getDecoder().decode(value.asText()))));
                            }
                        }
                    }
                }
            }
            return tree.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] gzip(byte[] body) {
        var out = new ByteArrayOutputStream();
        try (var gz = new GZIPOutputStream(out)) {
            gz.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    record Answer(int status, String contentType, byte[] body) {
        String text() {
            return new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }

        JsonNode json() {
            try {
                return Api.JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + text(), e);
            }
        }

        @Override
        public String toString() {
            return status + " " + contentType + " " + text();
        }
    }

    /** POSTs {@code body} to {@code url}; {@code headers} as name, value pairs. */
    static Answer post(String url, byte[] body, String... headers) {
        var request = HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            var response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
