package io.feedbackhub.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The one JSON parser configuration for every door: duplicate keys are an error (two values for one field
 * would make "what was said" ambiguous), nesting and string sizes are bounded, trailing garbage is refused.
 */
public final class Json {
    public static final int MAX_DEPTH = 32;
    public static final int MAX_STRING_CHARS = 1_000_000;

    public static final ObjectMapper MAPPER = JsonMapper.builder(new com.fasterxml.jackson.core.JsonFactoryBuilder()
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

    private Json() {
    }

    /** Parses a request body; throws {@link MalformedJson} with the parser's reason when it is not JSON. */
    public static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            throw new MalformedJson("the request body is empty; a JSON object was expected", 0, false);
        }
        try {
            return MAPPER.readTree(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            var location = e.getLocation();
            int position = location == null ? 0 : (int) Math.max(0, location.getCharOffset());
            throw new MalformedJson(e.getOriginalMessage(), position,
                    e instanceof com.fasterxml.jackson.core.exc.StreamConstraintsException);
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
