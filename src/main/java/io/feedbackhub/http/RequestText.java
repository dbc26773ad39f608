package io.feedbackhub.http;

import io.feedbackhub.core.FieldError;
import io.feedbackhub.core.InvalidInput;
import io.feedbackhub.json.Json;
import io.javalin.http.Context;
import io.javalin.http.servlet.JavalinServletContext;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;

/**
 * The text of a request must be what it claims, for every door, before any handler reads it:
 * <ul>
 * <li>a body is read within {@code FEEDBACK_HUB_MAX_BODY_BYTES} on the wire (a chunked body too, which carries no
 * length to check up front) and, when it is compressed ({@code Content-Encoding: gzip} or {@code deflate}), within
 * the same limit once decompressed: a decompression bomb is a 413, not a heap;</li>
 * <li>its charset is UTF-8, or another the JVM knows (ISO-8859-1, windows-1252, UTF-16, ...), which is decoded
 * strictly and exactly: RFC 8259 §8.1 says JSON is UTF-8, but a client that says what it sent is understood rather than
 * refused. A charset nobody knows ({@code charset=bogus}) is a 415;</li>
 * <li>the decoded text is valid Unicode, or it is refused as invalid input (code {@code string_unicode}) in the door's
 * own shape, instead of being read with U+FFFD where the client's bytes were: what a user said is stored as sent or
 * not at all ({@link Json#parse} refuses lone surrogates written as escapes);</li>
 * <li>a query string has well-formed percent-escapes of UTF-8, or it is a 400: Javalin drops a value it cannot
 * decode, which would turn {@code ?author_id=%zz} into no filter at all and answer with everything.</li>
 * </ul>
 * Handlers then read the body as UTF-8 text through {@code ctx.body()}, whatever came over the wire.
 */
public final class RequestText {
    /** gzip inside deflate is as far as any client goes; a longer chain only multiplies the decompression work. */
    static final int MAX_CONTENT_CODINGS = 2;

    private final long maxBodyBytes;
    private final Duration bodyDeadline;
    private final Set<String> streamedPaths;

    /** {@code streamedPaths}: routes whose handlers read the body as it arrives (an import is larger than any body). */
    public RequestText(long maxBodyBytes, Duration bodyDeadline, Set<String> streamedPaths) {
        this.maxBodyBytes = maxBodyBytes;
        this.bodyDeadline = bodyDeadline;
        this.streamedPaths = Set.copyOf(streamedPaths);
    }

    public void require(Context ctx) {
        requireWellEncodedQuery(ctx);
        if (streamedPaths.contains(ctx.path())) {
            // read as it arrives by its handler (streamedBody): an import is larger than any body; its charset and
            // codings are refused here like any body's
            charsetOf(ctx.req().getContentType());
            codingsOf(ctx.req().getHeader("Content-Encoding"));
            return;
        }
        var req = ctx.req();
        // an empty body is decoded too: a handler that reads it would otherwise meet charset=bogus in Javalin
        var charset = charsetOf(req.getContentType());
        var codings = codingsOf(req.getHeader("Content-Encoding"));
        byte[] bytes;
        try {
            bytes = readWire(req.getInputStream(), req.getContentLengthLong());
        } catch (IOException e) {
            // Jetty's idle timeout or the client going away mid-body: nobody may be left to answer
            throw new HttpFailure(408, "Request timeout", "the body stopped arriving: " + e.getMessage());
        }
        for (int i = codings.size() - 1; i >= 0; i--) {
            bytes = decompress(bytes, codings.get(i));
        }
        var utf8 = utf8Of(bytes, charset);
        if (!(ctx instanceof JavalinServletContext servlet)) {
            throw new IllegalStateException("Javalin context of an unexpected type " + ctx.getClass());
        }
        servlet.changeBaseRequest(new DecodedRequest(req, utf8));
    }

    /**
     * The body of a streamed route (POST /v1/import) as it arrives, its content codings undone as it is read, so that
     * memory holds a buffer however large the body: the route's own bounds (lines and line length) apply to the
     * decoded text, and a decompression bomb costs one over-long line. A corrupt stream is a 400 where it is read.
     */
    public static InputStream streamedBody(Context ctx) throws IOException {
        InputStream in = ctx.req().getInputStream();
        var codings = codingsOf(ctx.req().getHeader("Content-Encoding"));
        try {
            for (int i = codings.size() - 1; i >= 0; i--) {
                in = codings.get(i).equals("gzip") ? new GZIPInputStream(in) : inflatingStream(in);
            }
        } catch (ZipException | EOFException e) {
            throw corrupt(codings.getFirst(), e);
        }
        return in;
    }

    /** The charset a streamed body is read in (see {@link #charsetOf}). */
    public static Charset streamedCharset(Context ctx) {
        return charsetOf(ctx.req().getContentType());
    }

    public static HttpFailure corrupt(String coding, IOException e) {
        return HttpFailure.badRequest("the body is not valid " + coding + " data (Content-Encoding: " + coding + "): "
                + (e.getMessage() == null ? "it ends too early" : e.getMessage()));
    }

    /** {@code deflate} is the zlib format (RFC 9110 §8.4.1.2); some clients send raw deflate, told apart by its header. */
    private static InputStream inflatingStream(InputStream in) throws IOException {
        var peek = new java.io.PushbackInputStream(in, 2);
        var head = peek.readNBytes(2);
        peek.unread(head);
        boolean zlib = head.length == 2 && (head[0] & 0x0F) == 8 && ((head[0] & 0xFF) << 8 | head[1] & 0xFF) % 31 == 0;
        return new InflaterInputStream(peek, new Inflater(!zlib));
    }

    /**
     * The body within the size limit and the body deadline; the deadline is checked between reads, each of which
     * Jetty's idle timeout bounds, so a body trickled byte by byte is cut off after deadline + idle timeout at most.
     */
    private byte[] readWire(InputStream in, long declaredLength) throws IOException {
        if (declaredLength > maxBodyBytes) {
            throw tooLarge("the body is " + declaredLength + " bytes");
        }
        long deadline = System.nanoTime() + bodyDeadline.toNanos();
        var out = new ByteArrayOutputStream((int) Math.min(Math.max(declaredLength, 256), maxBodyBytes));
        var buffer = new byte[16 * 1024];
        for (int n; (n = in.read(buffer)) >= 0; ) {
            out.write(buffer, 0, n);
            if (out.size() > maxBodyBytes) {
                throw tooLarge("the body is more than " + maxBodyBytes + " bytes");
            }
            if (System.nanoTime() - deadline > 0) {
                throw new HttpFailure(408, "Request timeout", "the body took longer than " + bodyDeadline.toSeconds()
                        + " s to arrive (FEEDBACK_HUB_BODY_TIMEOUT); send it at once, or faster");
            }
        }
        return out.toByteArray();
    }

    private byte[] decompress(byte[] compressed, String coding) {
        try (var in = inflating(compressed, coding)) {
            var out = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
            if (out.length > maxBodyBytes) {
                throw tooLarge("the " + coding + " body decompresses to more than " + maxBodyBytes + " bytes");
            }
            return out;
        } catch (ZipException | EOFException e) {
            throw corrupt(coding, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A whole body's decoding: gzip, or deflate as {@link #inflatingStream} reads it. */
    private static InputStream inflating(byte[] compressed, String coding) throws IOException {
        var in = new ByteArrayInputStream(compressed);
        if (coding.equals("gzip")) {
            return new GZIPInputStream(in);
        }
        return inflatingStream(in);
    }

    private HttpFailure tooLarge(String what) {
        return new HttpFailure(413, "Content too large", what + "; at most " + maxBodyBytes
                + " bytes are accepted, on the wire and once decompressed (FEEDBACK_HUB_MAX_BODY_BYTES)");
    }

    /** The charset a Content-Type names, UTF-8 when it names none; an unknown one is a 415. */
    static Charset charsetOf(String contentType) {
        if (contentType == null) {
            return StandardCharsets.UTF_8;
        }
        for (var parameter : contentType.split(";")) {
            var pair = parameter.split("=", 2);
            if (pair.length == 2 && pair[0].strip().equalsIgnoreCase("charset")) {
                var name = pair[1].strip();
                if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
                    name = name.substring(1, name.length() - 1);
                }
                try {
                    return Charset.forName(name);
                } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                    throw new HttpFailure(415, "Unsupported media type", "the body's charset \"" + clip(name)
                            + "\" (Content-Type) is not one this server knows; send UTF-8 (RFC 8259 §8.1), e.g. "
                            + "Content-Type: application/json; charset=utf-8");
                }
            }
        }
        return StandardCharsets.UTF_8;
    }

    /** The content codings in the order they were applied; an unknown one is a 415. */
    static List<String> codingsOf(String contentEncoding) {
        var codings = new ArrayList<String>();
        if (contentEncoding == null) {
            return codings;
        }
        for (var coding : contentEncoding.split(",")) {
            var name = coding.strip().toLowerCase(Locale.ROOT);
            switch (name) {
                case "", "identity" -> {
                }
                case "gzip", "x-gzip" -> codings.add("gzip");
                case "deflate" -> codings.add("deflate");
                default -> throw new HttpFailure(415, "Unsupported media type", "the Content-Encoding \"" + clip(name)
                        + "\" is not supported; send the body as is, or compressed with gzip or deflate");
            }
        }
        if (codings.size() > MAX_CONTENT_CODINGS) {
            throw new HttpFailure(415, "Unsupported media type", "the body has " + codings.size()
                    + " content codings; at most " + MAX_CONTENT_CODINGS + " are decoded");
        }
        return codings;
    }

    /** The body as UTF-8 bytes, decoded strictly from {@code charset}; a byte that is no character is invalid input. */
    private static byte[] utf8Of(byte[] bytes, Charset charset) {
        var in = ByteBuffer.wrap(bytes);
        var decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        if (charset.equals(StandardCharsets.UTF_8)) {
            if (decoder.decode(in, CharBuffer.allocate(bytes.length), true).isError()) {
                throw notText(charset, in.position());
            }
            return bytes;
        }
        try {
            return decoder.decode(in).toString().getBytes(StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw notText(charset, in.position());
        }
    }

    private static InvalidInput notText(Charset charset, int offset) {
        return new InvalidInput(new FieldError("", "the body is not valid " + charset.name() + " text: the bytes at byte offset "
                + offset + " are not a character; text is stored exactly as sent or refused", "string_unicode"));
    }

    private static void requireWellEncodedQuery(Context ctx) {
        var query = ctx.queryString();
        if (query != null && !query.isEmpty()) {
            int n = 0;
            for (var parameter : query.split("&", -1)) {
                n++;
                if (!wellEncoded(parameter)) {
                    throw HttpFailure.badRequest("query parameter " + n + " of the query string (\"" + clip(parameter)
                            + "\") is not percent-encoded UTF-8; encode each name and value, e.g. %25 for a percent sign");
                }
            }
        }
    }

    private static boolean wellEncoded(String text) {
        var bytes = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                if (i + 2 >= text.length() || Character.digit(text.charAt(i + 1), 16) < 0 || Character.digit(text.charAt(i + 2), 16) < 0) {
                    return false;
                }
                bytes.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return utf8(ByteBuffer.wrap(bytes.toByteArray()));
    }

    private static boolean utf8(ByteBuffer in) {
        return !StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(in, CharBuffer.allocate(in.remaining()), true).isError();
    }

    private static String clip(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }
}
