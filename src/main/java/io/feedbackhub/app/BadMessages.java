package io.feedbackhub.app;

import io.feedbackhub.api.Json;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.BufferUtil;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Requests Jetty refuses before any door sees them (a request target that is not a valid URI: a malformed
 * percent-escape, an encoded NUL, a path climbing above the root) are answered in problem+json, as every request
 * outside a door is, instead of Jetty's HTML page. With no path there is no door to pick a vendor's shape by.
 */
final class BadMessages extends ErrorHandler {
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/problem+json");
        var title = HttpStatus.getMessage(status);
        var body = Json.MAPPER.createObjectNode().put("type", "about:blank").put("title", title).put("status", status)
                .put("detail", "the request cannot be read: " + (reason == null || reason.isBlank() ? title : reason));
        return BufferUtil.toBuffer(body.toString(), StandardCharsets.UTF_8);
    }
}
