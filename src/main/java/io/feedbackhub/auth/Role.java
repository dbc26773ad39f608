package io.feedbackhub.auth;

import java.util.Locale;
import java.util.Optional;

/**
 * What a key may do. {@code admin} manages keys and can do all a secret key can; {@code secret} reads and
 * writes everything in its tenant; {@code publishable} is for browsers: it creates feedback and changes
 * only what it created, from allowed origins.
 */
public enum Role {
    ADMIN("fh_admin_"), SECRET("fh_secret_"), PUBLISHABLE("fh_pub_");

    final String prefix;

    Role(String prefix) {
        this.prefix = prefix;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> parse(String s) {
        for (var r : values()) {
            if (r.wire().equals(s)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    public boolean canRead() {
        return this != PUBLISHABLE;
    }

    public boolean canManageKeys() {
        return this == ADMIN;
    }
}
