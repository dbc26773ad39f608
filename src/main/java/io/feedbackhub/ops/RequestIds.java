package io.feedbackhub.ops;

import io.javalin.http.Context;
import org.slf4j.MDC;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/** Every request gets an id (the caller's X-Request-Id when sane), echoed back and put first in its log lines. */
public final class RequestIds {
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,100}");
    private static final String ATTRIBUTE = "feedbackhub.request_id";

    private RequestIds() {
    }

    public static void assign(Context ctx) {
        var given = ctx.header("X-Request-Id");
        var id = given != null && SANE.matcher(given).matches() ? given : newId();
        ctx.attribute(ATTRIBUTE, id);
        ctx.header("X-Request-Id", id);
        MDC.put("request_id", id);
    }

    /** A random (version 4) UUID for correlation only, so from ThreadLocalRandom: UUID.randomUUID's SecureRandom is not needed. */
    static String newId() {
        var random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }

    public static String of(Context ctx) {
        String id = ctx.attribute(ATTRIBUTE);
        return id == null ? "-" : id;
    }
}
