package io.feedbackhub.app;

import io.feedbackhub.http.Door;
import io.feedbackhub.http.UnreadableRequest;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.HttpConnection;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.BufferUtil;

import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.function.Function;

/**
 * Requests Jetty refuses before any door sees them (a request target that is not a valid URI: a malformed
 * percent-escape, an encoded NUL, a path climbing above the root; headers too large) are answered in the shape of the
 * door whose prefix the raw path starts with, as a vendor's client expects from its server, instead of Jetty's HTML
 * page; in problem+json when the request line gave no path to pick a door by.
 */
final class BadMessages extends ErrorHandler {
    private final Function<String, Optional<Door>> doorOf;

    /** {@code doorOf}: the door serving a path, by its prefix. */
    BadMessages(Function<String, Optional<Door>> doorOf) {
        this.doorOf = doorOf;
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        var title = HttpStatus.getMessage(status);
        var why = reason == null || reason.isBlank() ? title : reason;
        var answer = rawPath().flatMap(doorOf)
                .map(door -> door.unreadable(status, title, why))
                .orElseGet(() -> UnreadableRequest.problem(status, title, why));
        fields.put(HttpHeader.CONTENT_TYPE, answer.contentType());
        return BufferUtil.toBuffer(answer.bytes());
    }

    /**
     * The path of the request line as sent (still percent-encoded), when Jetty got that far. Jetty hands the error
     * handler no request here; the connection being parsed on this thread still holds what was read of it.
     */
    private static Optional<String> rawPath() {
        try {
            var connection = HttpConnection.getCurrentConnection();
            var uri = connection == null ? null : connection.getHttpChannel().getRequest().getHttpURI();
            return Optional.ofNullable(uri == null ? null : uri.getPath());
        } catch (RuntimeException unreadable) {
            return Optional.empty();
        }
    }
}
