package io.feedbackhub.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.feedbackhub.core.FieldError;
import io.feedbackhub.core.InvalidInput;

/**
 * The one JSON parser configuration for every door: duplicate keys are an error (two values for one field
 * would make "what was said" ambiguous), nesting and string sizes are bounded, trailing garbage is refused.
 */
public final class Json {
    public static final int MAX_DEPTH = 32;
    public static final int MAX_STRING_CHARS = 1_000_000;

    /** Behind {@link #parse} and {@link #write} only; a collaborator that needs a mapper is given one of {@link #mapper()}. */
    private static final ObjectMapper MAPPER = mapper();

    /** A mapper with the one configuration, for the collaborators {@code app/} wires one into (Javalin, the importer). */
    public static ObjectMapper mapper() {
        return JsonMapper.builder(new com.fasterxml.jackson.core.JsonFactoryBuilder()
                        .streamReadConstraints(StreamReadConstraints.builder()
                                .maxNestingDepth(MAX_DEPTH)
                                .maxStringLength(MAX_STRING_CHARS)
                                .maxNumberLength(100)
                                .build())
                        .build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .disable(JsonParser.Feature.ALLOW_NON_NUMERIC_NUMBERS)
                .build();
    }

    /** A new empty object node: building a tree needs no mapper. */
    public static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    public static ArrayNode array() {
        return JsonNodeFactory.instance.arrayNode();
    }

    public static TextNode text(String value) {
        return JsonNodeFactory.instance.textNode(value);
    }

    /** JSON this hub wrote itself (a stored column); malformed text is a bug, not a client's mistake. */
    public static JsonNode tree(String json) throws com.fasterxml.jackson.core.JsonProcessingException {
        return MAPPER.readTree(json);
    }

    /** JSON bytes a client sent (a token's parts), UTF-8 checked by the parser; malformed input is the caller's to classify. */
    public static JsonNode tree(byte[] json) throws java.io.IOException {
        return MAPPER.readTree(json);
    }

    /** The token-level factory of the one configuration, for readers that must see numbers as written. */
    public static com.fasterxml.jackson.core.JsonFactory factory() {
        return MAPPER.getFactory();
    }

    private Json() {
    }

    /**
     * Parses a request body; throws {@link MalformedJson} with the parser's reason when it is not JSON, and
     * {@link InvalidInput} (code {@code string_unicode}) when a string or a member name holds a lone UTF-16 surrogate.
     */
    public static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            throw new MalformedJson("the request body is empty; a JSON object was expected", 0, false);
        }
        try {
            var tree = MAPPER.readTree(body);
            if (mayHoldLoneSurrogate(body)) {
                requireWholeCharacters(tree, "");
            }
            return tree;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            var location = e.getLocation();
            int position = location == null ? 0 : (int) Math.max(0, location.getCharOffset());
            throw new MalformedJson(e.getOriginalMessage(), position,
                    e instanceof com.fasterxml.jackson.core.exc.StreamConstraintsException);
        }
    }

    /**
     * Text decoded from UTF-8 holds no lone surrogate, so one can only come from an escape ({@code "\\ud800"}), which
     * Jackson accepts and a store would then write as {@code ?}: two distinct author ids would become one. A linear
     * scan of the text spares the tree walk when there is no surrogate escape at all.
     */
    private static boolean mayHoldLoneSurrogate(String text) {
        for (int i = text.indexOf("\\u"); i >= 0 && i + 3 < text.length(); i = text.indexOf("\\u", i + 2)) {
            char c = Character.toLowerCase(text.charAt(i + 2));
            if (c == 'd' && "89abcdef".indexOf(Character.toLowerCase(text.charAt(i + 3))) >= 0) {
                return true;
            }
        }
        return false;
    }

    /** Refuses (InvalidInput, code string_unicode) a tree that holds a lone surrogate in a string or member name. */
    public static void requireWholeCharacters(JsonNode node) {
        requireWholeCharacters(node, "");
    }

    private static void requireWholeCharacters(JsonNode node, String path) {
        if (node.isTextual()) {
            requireWholeCharacters(node.textValue(), path, "this string");
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                requireWholeCharacters(node.get(i), path + "[" + i + "]");
            }
        } else if (node.isObject()) {
            for (var member : node.properties()) {
                var at = path.isEmpty() ? member.getKey() : path + "." + member.getKey();
                requireWholeCharacters(member.getKey(), at, "this member's name");
                requireWholeCharacters(member.getValue(), at);
            }
        }
    }

    private static void requireWholeCharacters(String text, String path, String what) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new InvalidInput(new FieldError(path, what + " holds a lone UTF-16 surrogate (\\u"
                        + Integer.toHexString(c) + " at character " + i + "), which is no Unicode character; "
                        + "escape a character outside the BMP as a surrogate pair, e.g. \\ud83d\\ude00", "string_unicode"));
            }
        }
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    /**
     * The body is not JSON at all, or is JSON beyond our limits (nesting depth, string or number length);
     * {@code position} is the character offset where parsing stopped.
     */
    public static final class MalformedJson extends RuntimeException {
        private final int position;
        private final boolean exceedsLimit;

        public MalformedJson(String message, int position, boolean exceedsLimit) {
            super(message, null, false, false);
            this.position = position;
            this.exceedsLimit = exceedsLimit;
        }

        public int position() {
            return position;
        }

        public boolean exceedsLimit() {
            return exceedsLimit;
        }
    }
}
