package io.feedbackhub.testing;

import java.util.UUID;

/** Identifiers no other test uses: message ids are global, so tests sharing a hub never collide. */
public final class Ids {
    private Ids() {
    }

    /** {@code prefix-<random UUID>}. */
    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }
}
