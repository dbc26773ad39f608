package io.feedbackhub.people;

import io.feedbackhub.core.FieldError;
import io.feedbackhub.core.InvalidInput;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;

/**
 * Local passwords: Argon2id (Bouncy Castle) with OWASP's first recommended parameters (19 MiB, 2 passes, 1 lane), kept
 * in the PHC string format so that stronger parameters later still verify the old hashes. The rules are NIST SP
 * 800-63B's: a length range and a refusal of well-known passwords, no composition rules.
 */
public final class Passwords {
    public static final int MIN_LENGTH = 12;
    /** Long enough for any passphrase; bounded so that a megabyte "password" cannot cost a megabyte of hashing. */
    public static final int MAX_LENGTH = 128;
    static final int MEMORY_KIB = 19 * 1024;
    static final int ITERATIONS = 2;
    static final int LANES = 1;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();
    /** The most common passwords of twelve characters or more in the breach corpora (lower-cased). */
    private static final Set<String> COMMON = Set.of(
            "123456789012", "1234567890123", "12345678901234", "123456789123", "password1234", "password12345",
            "passwordpassword", "qwertyuiopasdf", "qwertyuiop123", "1q2w3e4r5t6y", "1qaz2wsx3edc", "iloveyou1234",
            "abcdefghijkl", "abc123456789", "aaaaaaaaaaaa", "111111111111", "000000000000", "letmein12345",
            "welcome12345", "administrator", "adminadmin123", "qazwsxedcrfv", "changeme1234", "feedbackhub123",
            "feedback-hub", "correcthorsebatterystaple", "trustno1trustno1", "monkeymonkey", "football1234",
            "baseball1234", "superman1234", "princess1234", "sunshine1234", "p@ssw0rd1234", "passw0rd1234");

    /** A salted Argon2id hash of {@code password}, which must pass {@link #check} first. */
    public String hash(String password) {
        var salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        var hash = argon2(password, salt, MEMORY_KIB, ITERATIONS, LANES);
        return "$argon2id$v=19$m=" + MEMORY_KIB + ",t=" + ITERATIONS + ",p=" + LANES + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
    }

    /** Whether {@code password} is the one {@code stored} was made of; false for a stored text this cannot read. */
    public boolean matches(String password, String stored) {
        if (password == null || stored == null || password.length() > MAX_LENGTH) {
            return false;
        }
        var parts = stored.split("\\$");
        if (parts.length != 6 || !parts[1].equals("argon2id")) {
            return false;
        }
        int memory = 0, iterations = 0, lanes = 0;
        for (var p : parts[3].split(",")) {
            var kv = p.split("=", 2);
            switch (kv[0]) {
                case "m" -> memory = Integer.parseInt(kv[1]);
                case "t" -> iterations = Integer.parseInt(kv[1]);
                case "p" -> lanes = Integer.parseInt(kv[1]);
                default -> {
                    return false;
                }
            }
        }
        var expected = B64D.decode(parts[5]);
        return MessageDigest.isEqual(expected, argon2(password, B64D.decode(parts[4]), memory, iterations, lanes, expected.length));
    }

    /** Refuses a password outside the rules, as an {@link InvalidInput} on {@code field}. */
    public static void check(String field, String password, String email) {
        if (password == null) {
            throw new InvalidInput(FieldError.of(field, "is required"));
        }
        if (password.length() < MIN_LENGTH || password.length() > MAX_LENGTH) {
            throw new InvalidInput(FieldError.of(field, "must be " + MIN_LENGTH + "-" + MAX_LENGTH + " characters, got " + password.length()));
        }
        var lower = password.toLowerCase(Locale.ROOT);
        if (COMMON.contains(lower) || lower.chars().distinct().count() <= 2 || (email != null && lower.equals(email.toLowerCase(Locale.ROOT)))) {
            throw new InvalidInput(FieldError.of(field, "is one of the passwords tried first by anyone guessing; choose another"));
        }
    }

    private static byte[] argon2(String password, byte[] salt, int memory, int iterations, int lanes) {
        return argon2(password, salt, memory, iterations, lanes, HASH_BYTES);
    }

    private static byte[] argon2(String password, byte[] salt, int memory, int iterations, int lanes, int length) {
        var generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id).withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withSalt(salt).withMemoryAsKB(memory).withIterations(iterations).withParallelism(lanes).build());
        var out = new byte[length];
        generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
        return out;
    }
}
