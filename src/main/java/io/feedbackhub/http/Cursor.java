package io.feedbackhub.http;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Opaque page cursors: callers pass back what they were given and never build one. */
public final class Cursor {
    private static final String VERSION = "c1:";

    private Cursor() {
    }

    public static String encode(String lastId) {
        return lastId == null ? null
                : Base64.getUrlEncoder().withoutPadding().encodeToString((VERSION + lastId).getBytes(StandardCharsets.UTF_8));
    }

    /** The id to continue after, or 400 when the cursor was not made by us. */
    public static String decode(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        try {
            var text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (text.startsWith(VERSION) && text.length() > VERSION.length() && text.length() < 300) {
                return text.substring(VERSION.length());
            }
        } catch (IllegalArgumentException ignored) {
            // falls through to the error below
        }
        throw HttpFailure.badRequest("cursor is not valid: pass back the next_cursor of a previous page unchanged");
    }
}
