package io.feedbackhub.api;

import io.javalin.http.Context;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The text of a request must be what it claims, for every door, before any handler reads it:
 * <ul>
 * <li>a body is UTF-8 (RFC 8259 §8.1), or it is refused as malformed JSON in the door's own shape, instead of being
 * read with U+FFFD where the client's bytes were: what a user said is stored as sent or not at all;</li>
 * <li>a query string has well-formed percent-escapes of UTF-8, or it is a 400: Javalin drops a value it cannot
 * decode, which would turn {@code ?author_id=%zz} into no filter at all and answer with everything.</li>
 * </ul>
 */
public final class RequestText {
    private RequestText() {
    }

    public static void require(Context ctx) {
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
        var declared = ctx.req().getCharacterEncoding();
        if (declared != null && !declared.equalsIgnoreCase("utf-8") && !declared.equalsIgnoreCase("utf8")) {
            return; // a client that names another charset is read in it, as before
        }
        if (ImportRoutes.STREAMED.contains(ctx.path())) {
            return; // read as it arrives, and checked for UTF-8 there
        }
        var bytes = ctx.bodyAsBytes();
        if (bytes.length == 0) {
            return;
        }
        var in = ByteBuffer.wrap(bytes);
        if (!utf8(in)) {
            throw new Json.MalformedJson("the body is not valid UTF-8: the bytes at byte offset " + in.position()
                    + " are not a UTF-8 character", in.position(), false);
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

    /** Whether the bytes are UTF-8; on false, {@code in} is positioned at the first byte that is not. */
    private static boolean utf8(ByteBuffer in) {
        return !StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(in, CharBuffer.allocate(in.remaining()), true).isError();
    }

    private static String clip(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }
}
