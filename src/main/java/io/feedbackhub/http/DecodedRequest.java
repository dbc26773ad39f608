package io.feedbackhub.http;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Locale;
import java.util.Set;

/**
 * A request whose body {@link RequestText} has read and decoded: its UTF-8 bytes, with the headers that describe them
 * (no Content-Encoding, the decoded length, the charset UTF-8), so that Javalin's {@code ctx.body()} reads exactly them.
 */
final class DecodedRequest extends HttpServletRequestWrapper {
    private static final Set<String> REWRITTEN = Set.of("content-type", "content-encoding", "content-length", "transfer-encoding");

    private final byte[] body;
    private final String contentType;

    DecodedRequest(HttpServletRequest request, byte[] utf8Body) {
        super(request);
        this.body = utf8Body;
        this.contentType = utf8ContentType(request.getContentType());
    }

    /** The media type as sent, with its charset parameter replaced by UTF-8; none when none was sent (UTF-8 then). */
    private static String utf8ContentType(String sent) {
        if (sent == null) {
            return null;
        }
        var kept = new StringBuilder();
        for (var part : sent.split(";")) {
            if (!part.strip().toLowerCase(Locale.ROOT).startsWith("charset=")) {
                kept.append(kept.isEmpty() ? "" : ";").append(part);
            }
        }
        return kept + "; charset=utf-8";
    }

    @Override
    public ServletInputStream getInputStream() {
        var in = new ByteArrayInputStream(body);
        return new ServletInputStream() {
            @Override
            public int read() {
                return in.read();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                return in.read(b, off, len);
            }

            @Override
            public boolean isFinished() {
                return in.available() == 0;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener listener) {
                throw new IllegalStateException("the body was read already; it is served from memory");
            }
        };
    }

    @Override
    public BufferedReader getReader() {
        return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body), StandardCharsets.UTF_8));
    }

    @Override
    public int getContentLength() {
        return body.length;
    }

    @Override
    public long getContentLengthLong() {
        return body.length;
    }

    @Override
    public String getCharacterEncoding() {
        return "UTF-8";
    }

    @Override
    public String getContentType() {
        return contentType;
    }

    @Override
    public String getHeader(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "content-type" -> contentType;
            case "content-length" -> Integer.toString(body.length);
            case "content-encoding", "transfer-encoding" -> null;
            default -> super.getHeader(name);
        };
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
        if (!REWRITTEN.contains(name.toLowerCase(Locale.ROOT))) {
            return super.getHeaders(name);
        }
        var value = getHeader(name);
        return value == null ? Collections.emptyEnumeration() : Collections.enumeration(java.util.List.of(value));
    }

    @Override
    public Enumeration<String> getHeaderNames() {
        var names = new java.util.ArrayList<String>();
        for (var e = super.getHeaderNames(); e.hasMoreElements(); ) {
            var name = e.nextElement();
            if (!name.equalsIgnoreCase("content-encoding") && !name.equalsIgnoreCase("transfer-encoding")) {
                names.add(name);
            }
        }
        return Collections.enumeration(names);
    }
}
