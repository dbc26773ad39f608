package io.feedbackhub.dialect;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A string read as a {@code uuid.UUID} the way pydantic v2 reads it (Rust {@code uuid::Uuid::parse_str}): the
 * simple (32 hex), hyphenated, {@code {braced}} and {@code urn:uuid:} forms in any letter case, answered in the
 * canonical lowercase hyphenated form that {@code str(UUID)} gives, so that two spellings of one id are one agent,
 * thread or message. A refusal carries the crate's own diagnosis, which pydantic puts into {@code uuid_parsing}.
 *
 * @param canonical the canonical form, or null when the input is no UUID
 * @param error     the uuid crate's diagnosis when it is none, else null
 */
public record PydanticUuid(String canonical, String error) {
    private static final String URN = "urn:uuid:";
    private static final int[] BLOCK_STARTS = {0, 9, 14, 19, 24};
    private static final int[] GROUP_LENGTHS = {8, 4, 4, 4, 12};

    public boolean valid() {
        return canonical != null;
    }

    public static PydanticUuid parse(String input) {
        var hex = hexDigits(input);
        return hex != null
                ? new PydanticUuid(hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                + hex.substring(16, 20) + "-" + hex.substring(20), null)
                : new PydanticUuid(null, diagnose(input));
    }

    /** Whether a stored id is already a canonical uuid, as the vendor's response schema requires. */
    public static boolean isCanonical(String s) {
        return s != null && s.length() == 36 && s.equals(parse(s).canonical());
    }

    /** {@code uuid::parser::try_parse}: the 32 hex digits in lower case, or null when the shape is wrong. */
    private static String hexDigits(String s) {
        String hyphenated = switch (s.length()) {
            case 32 -> null;
            case 36 -> s;
            case 38 -> s.startsWith("{") && s.endsWith("}") ? s.substring(1, 37) : "";
            case 45 -> s.startsWith(URN) ? s.substring(URN.length()) : "";
            default -> "";
        };
        if (hyphenated == null) {
            return allHex(s) ? s.toLowerCase(Locale.ROOT) : null;
        }
        if (hyphenated.length() != 36) {
            return null;
        }
        for (int i = 1; i < BLOCK_STARTS.length; i++) {
            if (hyphenated.charAt(BLOCK_STARTS[i] - 1) != '-') {
                return null;
            }
        }
        var digits = hyphenated.replace("-", "");
        return digits.length() == 32 && allHex(digits) ? digits.toLowerCase(Locale.ROOT) : null;
    }

    private static boolean allHex(String s) {
        return s.chars().allMatch(PydanticUuid::isHex);
    }

    private static boolean isHex(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /**
     * {@code uuid::error::InvalidUuid::into_err} and its Display text, kept to the letter (positions are
     * 1-based UTF-8 byte offsets, as the crate counts them), because pydantic clients show this text.
     */
    private static String diagnose(String input) {
        int offset = 0;
        boolean simple = false;
        String body;
        if (input.length() >= 2 && input.startsWith("{") && input.endsWith("}")) {
            body = input.substring(1, input.length() - 1);
            offset = 1;
        } else if (input.startsWith(URN)) {
            body = input.substring(URN.length());
            offset = URN.length();
        } else {
            body = input;
            simple = true;
        }
        int hyphens = 0;
        int[] groupBounds = new int[4];
        int byteIndex = 0;
        for (int i = 0; i < body.length(); ) {
            int c = body.codePointAt(i);
            if (c == '-') {
                if (hyphens < 4) {
                    groupBounds[hyphens] = byteIndex;
                }
                hyphens++;
            } else if (!isHex(c)) {
                return "invalid character: expected an optional prefix of `urn:uuid:` followed by [0-9a-fA-F-], found `"
                        + Character.toString(c) + "` at " + (byteIndex + offset + 1);
            }
            byteIndex += Character.toString(c).getBytes(StandardCharsets.UTF_8).length;
            i += Character.charCount(c);
        }
        int inputBytes = input.getBytes(StandardCharsets.UTF_8).length;
        if (hyphens == 0 && simple) {
            return "invalid length: expected length 32 for simple format, found " + inputBytes;
        }
        if (hyphens != 4) {
            return "invalid group count: expected 5, found " + (hyphens + 1);
        }
        for (int group = 0; group < 4; group++) {
            if (groupBounds[group] != BLOCK_STARTS[group + 1] - 1) {
                return groupLength(group, groupBounds[group] - BLOCK_STARTS[group]);
            }
        }
        return groupLength(4, inputBytes - BLOCK_STARTS[4]);
    }

    private static String groupLength(int group, int length) {
        return "invalid group length in group " + group + ": expected " + GROUP_LENGTHS[group] + ", found " + length;
    }
}
