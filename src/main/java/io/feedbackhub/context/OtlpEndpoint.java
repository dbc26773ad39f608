package io.feedbackhub.context;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.feedbackhub.http.HttpFailure;
import io.feedbackhub.http.RequestText;
import io.feedbackhub.json.Json;
import io.javalin.http.Context;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.Charset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.zip.ZipException;

/**
 * OTLP/HTTP trace export (opentelemetry-proto {@code ExportTraceServiceRequest}), as protobuf or as OTLP's JSON mapping,
 * gzip or deflate as the client chose; answered with an {@code ExportTraceServiceResponse} in the request's content
 * type, its partial_success saying how many spans were refused. Each door that serves it (native {@code /v1}, Langfuse)
 * authenticates the caller its own way and hands over the tenant; a refusal is thrown for that door to answer in its
 * own shape. The route must be a streamed path of {@link RequestText}, which would refuse protobuf as not UTF-8 text.
 */
public final class OtlpEndpoint {
    public static final String PROTOBUF = "application/x-protobuf";
    public static final String JSON = "application/json";
    private static final JsonFormat.Parser JSON_PARSER = JsonFormat.parser().ignoringUnknownFields();
    private static final JsonFormat.Printer JSON_PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();

    private final OtlpSpans spans;
    private final long maxRequestBytes;

    public OtlpEndpoint(OtlpSpans spans, ContextSettings settings) {
        this.spans = spans;
        this.maxRequestBytes = settings.maxRequestBytes();
    }

    public void export(Context ctx, String tenantId) {
        var type = mediaType(ctx.contentType());
        var body = body(ctx);
        var request = switch (type) {
            case PROTOBUF -> protobuf(body);
            case JSON -> json(body, RequestText.streamedCharset(ctx));
            default -> throw new HttpFailure(415, "Unsupported media type", "an OTLP trace export is "
                    + PROTOBUF + " or " + JSON + ", got Content-Type \"" + (ctx.contentType() == null ? "none" : ctx.contentType()) + "\"");
        };
        var outcome = spans.record(tenantId, request);
        var response = ExportTraceServiceResponse.newBuilder();
        if (outcome.rejected() > 0) {
            response.setPartialSuccess(ExportTracePartialSuccess.newBuilder()
                    .setRejectedSpans(outcome.rejected()).setErrorMessage(outcome.firstError()));
        }
        if (type.equals(PROTOBUF)) {
            ctx.contentType(PROTOBUF).result(response.build().toByteArray());
        } else {
            try {
                ctx.contentType(JSON).result(JSON_PRINTER.print(response));
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalStateException("an ExportTraceServiceResponse always prints", e);
            }
        }
    }

    private static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        var type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return type.equals("application/protobuf") ? PROTOBUF : type;
    }

    /** The body, its content codings undone, within the limit on the wire and once decompressed. */
    private byte[] body(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxRequestBytes) {
            throw tooLarge("the body is " + declared + " bytes");
        }
        try (var in = RequestText.streamedBody(ctx)) {
            var bytes = in.readNBytes((int) maxRequestBytes + 1);
            if (bytes.length > maxRequestBytes) {
                throw tooLarge("the body is more than " + maxRequestBytes + " bytes once decompressed");
            }
            return bytes;
        } catch (ZipException | EOFException e) {
            throw RequestText.corrupt(String.valueOf(ctx.header("Content-Encoding")).strip(), e);
        } catch (IOException e) {
            throw new HttpFailure(408, "Request timeout", "the body stopped arriving: " + e.getMessage());
        }
    }

    private HttpFailure tooLarge(String what) {
        return new HttpFailure(413, "Content too large", what + "; an OTLP export may be at most " + maxRequestBytes
                + " bytes, on the wire and once decompressed (FEEDBACK_HUB_MAX_BODY_BYTES): export smaller batches");
    }

    private static ExportTraceServiceRequest protobuf(byte[] body) {
        try {
            return ExportTraceServiceRequest.parseFrom(body);
        } catch (InvalidProtocolBufferException e) {
            throw HttpFailure.badRequest("the body is not an OTLP ExportTraceServiceRequest in protobuf: " + e.getMessage());
        }
    }

    /** OTLP JSON writes trace and span ids as hex, where protobuf's JSON mapping expects base64: they are turned first. */
    private static ExportTraceServiceRequest json(byte[] body, Charset charset) {
        // the one JSON reading of every door: malformed JSON and lone surrogates are refused as everywhere else
        var tree = Json.parse(text(body, charset));
        if (!tree.isObject()) {
            throw HttpFailure.badRequest("an OTLP JSON export is an object with resourceSpans, got " + tree.getNodeType());
        }
        for (var resourceSpans : tree.path("resourceSpans")) {
            for (var scopeSpans : resourceSpans.path("scopeSpans")) {
                for (var span : scopeSpans.path("spans")) {
                    hexToBase64(span, "traceId", "spanId", "parentSpanId");
                    span.path("links").forEach(link -> hexToBase64(link, "traceId", "spanId"));
                }
            }
        }
        var request = ExportTraceServiceRequest.newBuilder();
        try {
            JSON_PARSER.merge(tree.toString(), request);
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            // JsonFormat throws IllegalArgumentException or a Gson exception for some wrong types: all are a bad body
            throw HttpFailure.badRequest("the body is not an OTLP ExportTraceServiceRequest in JSON: " + e.getMessage());
        }
        return request.build();
    }

    /** Decoded strictly in the charset the Content-Type names (UTF-8 unless it names another), as every door's text. */
    private static String text(byte[] body, Charset charset) {
        try {
            return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw HttpFailure.badRequest("the body is not valid " + charset.name() + " text (Content-Type); OTLP JSON is UTF-8");
        }
    }

    private static void hexToBase64(JsonNode node, String... fields) {
        if (!(node instanceof ObjectNode object)) {
            return;
        }
        for (var field : fields) {
            var value = object.get(field);
            if (value != null && value.isTextual()) {
                try {
                    object.set(field, TextNode.valueOf(Base64.getEncoder().encodeToString(HexFormat.of().parseHex(value.asText()))));
                } catch (IllegalArgumentException e) {
                    throw HttpFailure.badRequest(field + " must be hex-encoded (OTLP JSON), got \"" + clip(value.asText()) + "\"");
                }
            }
        }
    }

    private static String clip(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }
}
