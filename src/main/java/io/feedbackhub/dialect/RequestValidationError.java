package io.feedbackhub.dialect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.feedbackhub.core.FieldError;
import io.feedbackhub.core.InvalidInput;
import io.feedbackhub.json.FieldReader;
import io.feedbackhub.json.Json;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * FastAPI's RequestValidationError for one request, answered 422 {@code {"detail": [...]}} by {@link FastApiErrors}.
 * Each item is pydantic v2's {@code {type, loc, msg, input, ctx?}} in pydantic's own wording, with {@code input} set
 * as pydantic sets it: the offending value, or the whole object a required field was missing from. A door adds
 * the items in pydantic's order (path parameters, then the body's fields in declaration order) and throws once.
 * FieldError has no room for {@code input} and {@code ctx}, which the seeds' ValidationError schema lists, hence
 * this builder.
 *
 * <p>A {@code loc} is {@code "body"} or {@code "path"} followed by field names ({@code String}) and list indexes
 * ({@code Integer}), e.g. {@code "body", "reasons", 1}.
 *
 * <p>Bounded, unlike FastAPI: at most {@link InvalidInput#MAX_SHOWN} items are listed, the rest only counted, and the
 * count is one last item of the same shape, {@code {"type": "too_many_errors", "loc": ["body"], "msg": "N more
 * errors not listed ...", "ctx": {"omitted": N, "limit": 100}}}, so that {@code detail} stays a list of pydantic
 * errors a client can iterate. An echoed {@code input} object or array (the whole body, for {@code missing}) shows
 * its first 100 members.
 */
public final class RequestValidationError extends RuntimeException {
    private static final Pattern INDEX = Pattern.compile("\\[(\\d+)]");

    /** pydantic's own wording for the error types a core refusal may carry as its code. */
    private static final Map<String, String> MESSAGES = Map.ofEntries(
            Map.entry("missing", "Field required"),
            Map.entry("string_type", "Input should be a valid string"),
            Map.entry("float_type", "Input should be a valid number"),
            Map.entry("bool_type", "Input should be a valid boolean"),
            Map.entry("list_type", "Input should be a valid list"),
            Map.entry("dict_type", "Input should be a valid dictionary"),
            Map.entry("extra_forbidden", "Extra inputs are not permitted"),
            Map.entry("model_attributes_type", "Input should be a valid dictionary or object to extract fields from"),
            Map.entry("json_invalid", "JSON decode error"),
            Map.entry("string_unicode", "Input should be a valid string, unable to parse raw data as a unicode string"));

    private final ArrayNode detail = Json.array();
    private int omitted;

    public RequestValidationError() {
        super("request validation failed", null, false, false);
    }

    /**
     * The core's refusals the way a FastAPI service reports errors of its own (the core knows no pydantic types):
     * the core's code as {@code type}, pydantic's wording where the code is a pydantic type and otherwise the
     * core's message, repeated in {@code ctx.error}; no {@code input}, which the core does not keep.
     *
     * @param vendorNames native field name → the vendor's name for it (e.g. {@code "comment" → "description"})
     */
    static RequestValidationError ofCoreRefusal(List<FieldError> errors, Map<String, String> vendorNames) {
        var refusal = new RequestValidationError();
        for (var error : errors) {
            if (refusal.full()) {
                refusal.omitted += errors.size() - refusal.detail.size();
                break;
            }
            var item = refusal.item(error.code(), MESSAGES.getOrDefault(error.code(), error.message()),
                    locOf(error.field(), vendorNames));
            if (!MESSAGES.containsKey(error.code())) {
                item.putObject("ctx").put("error", error.message());
            }
        }
        return refusal;
    }

    /**
     * Where a core field is in the vendor's request: {@code "reasons[2]"} → {@code "body", "reasons", 2};
     * {@code "path.agent_id"} → {@code "path", "agent_id"}; the first name translated by {@code vendorNames}.
     */
    public static Object[] locOf(String field, Map<String, String> vendorNames) {
        var loc = new ArrayList<Object>();
        String place = "body";
        var rest = field;
        for (var p : List.of("path.", "query.", "header.")) {
            if (field.startsWith(p)) {
                place = p.substring(0, p.length() - 1);
                rest = field.substring(p.length());
            }
        }
        loc.add(place);
        if (rest.isEmpty()) {
            return loc.toArray();
        }
        var base = rest.split("[.\\[]", 2)[0];
        var tail = rest.substring(base.length());
        loc.add(vendorNames.getOrDefault(base, base));
        var m = INDEX.matcher(tail);
        int at = 0;
        while (at < tail.length()) {
            if (m.find(at) && m.start() == at) {
                loc.add(Integer.parseInt(m.group(1)));
                at = m.end();
            } else if (tail.charAt(at) == '.') {
                int next = tail.indexOf('.', at + 1);
                int bracket = tail.indexOf('[', at + 1);
                int end = next < 0 ? (bracket < 0 ? tail.length() : bracket) : (bracket < 0 ? next : Math.min(next, bracket));
                loc.add(tail.substring(at + 1, end));
                at = end;
            } else {
                at++;
            }
        }
        return loc.toArray();
    }

    // ---------------------------------------------------------------- pydantic's error types

    /** A required field is absent; {@code container} is the object it is missing from (null for a missing body). */
    public RequestValidationError missing(JsonNode container, Object... loc) {
        add("missing", "Field required", container, loc);
        return this;
    }

    /** The body is JSON but not an object. */
    public RequestValidationError notAnObject(JsonNode input) {
        add("model_attributes_type", "Input should be a valid dictionary or object to extract fields from", input, "body");
        return this;
    }

    /** The body is not JSON at all; FastAPI puts the character position into {@code loc}. */
    RequestValidationError jsonInvalid(Json.MalformedJson e) {
        add("json_invalid", "JSON decode error", Json.object(), "body", e.position())
                .putObject("ctx").put("error", e.getMessage());
        return this;
    }

    public RequestValidationError stringType(JsonNode input, Object... loc) {
        return wrongType(FieldReader.Type.STRING, input, loc);
    }

    private RequestValidationError wrongType(FieldReader.Type expected, JsonNode input, Object... loc) {
        add(typeCode(expected), typeMessage(expected), input, loc);
        return this;
    }

    /** pydantic's words for a body member of the wrong type, for the one {@link FieldReader}. */
    public FieldReader.Wording bodyWording() {
        return (field, expected, got) -> wrongType(expected, got, "body", field);
    }

    /** The same words as plain field errors, for a door that lists them itself (LangSmith's). */
    public static FieldReader.Wording wording(List<FieldError> errors) {
        return (field, expected, got) -> errors.add(new FieldError(field, typeMessage(expected), typeCode(expected)));
    }

    private static String typeCode(FieldReader.Type type) {
        return switch (type) {
            case STRING -> "string_type";
            case NUMBER -> "float_type";
            case BOOLEAN -> "bool_type";
            case ARRAY -> "list_type";
            case OBJECT -> "dict_type";
        };
    }

    private static String typeMessage(FieldReader.Type type) {
        return "Input should be a valid " + switch (type) {
            case STRING -> "string";
            case NUMBER -> "number";
            case BOOLEAN -> "boolean";
            case ARRAY -> "list";
            case OBJECT -> "dictionary";
        };
    }

    /** A {@code uuid.UUID} field given something that is not a string at all. */
    public RequestValidationError uuidType(JsonNode input, Object... loc) {
        add("uuid_type", "UUID input should be a string, bytes or UUID object", input, loc);
        return this;
    }

    /** A string that is no UUID; {@code error} is the uuid crate's diagnosis ({@link PydanticUuid#error}). */
    public RequestValidationError uuidParsing(JsonNode input, String error, Object... loc) {
        add("uuid_parsing", "Input should be a valid UUID, " + error, input, loc)
                .putObject("ctx").put("error", error);
        return this;
    }

    /** An enum field given another value; {@code members} in declaration order. */
    public RequestValidationError enumValue(JsonNode input, List<String> members, Object... loc) {
        var expected = expected(members);
        add("enum", "Input should be " + expected, input, loc)
                .putObject("ctx").put("expected", expected);
        return this;
    }

    /** A {@code Literal[member]} field given another value. */
    public RequestValidationError literal(JsonNode input, String member, Object... loc) {
        var expected = expected(List.of(member));
        add("literal_error", "Input should be " + expected, input, loc)
                .putObject("ctx").put("expected", expected);
        return this;
    }

    public RequestValidationError extraForbidden(JsonNode input, Object... loc) {
        add("extra_forbidden", "Extra inputs are not permitted", input, loc);
        return this;
    }

    /** {@code Field(ge=bound)}. */
    public RequestValidationError greaterThanEqual(JsonNode input, int bound, Object... loc) {
        add("greater_than_equal", "Input should be greater than or equal to " + bound, input, loc)
                .putObject("ctx").put("ge", bound);
        return this;
    }

    /** {@code Field(le=bound)}. */
    public RequestValidationError lessThanEqual(JsonNode input, int bound, Object... loc) {
        add("less_than_equal", "Input should be less than or equal to " + bound, input, loc)
                .putObject("ctx").put("le", bound);
        return this;
    }

    /** What a pydantic validator raising ValueError reports: {@code "Value error, <reason>"}. */
    public RequestValidationError valueError(JsonNode input, String reason, Object... loc) {
        add("value_error", "Value error, " + reason, input, loc)
                .putObject("ctx").put("error", reason);
        return this;
    }

    /** A value_error for a value the core refused after reading it, which has no {@code input} at hand any more. */
    public RequestValidationError valueErrorWithoutInput(String reason, Object... loc) {
        item("value_error", "Value error, " + reason, loc).putObject("ctx").put("error", reason);
        return this;
    }

    // ---------------------------------------------------------------- the answer

    public boolean isEmpty() {
        return detail.isEmpty();
    }

    public void throwIfAny() {
        if (!isEmpty()) {
            throw this;
        }
    }

    /** Items listed plus, when some were left out, the item that counts them. */
    ObjectNode body() {
        var all = detail.deepCopy();
        if (omitted > 0) {
            var item = all.addObject().put("type", "too_many_errors");
            item.putArray("loc").add("body");
            item.put("msg", omitted + " more errors not listed (at most " + InvalidInput.MAX_SHOWN + " are)");
            item.putObject("ctx").put("omitted", omitted).put("limit", InvalidInput.MAX_SHOWN);
        }
        return Json.object().set("detail", all);
    }

    /** Items counted but not listed. */
    int omitted() {
        return omitted;
    }

    private boolean full() {
        return detail.size() >= InvalidInput.MAX_SHOWN;
    }

    /** pydantic's list of allowed values: {@code 'a'}, {@code 'a' or 'b'}, {@code 'a', 'b' or 'c'}. */
    private static String expected(List<String> members) {
        var quoted = members.stream().map(m -> "'" + m + "'").toList();
        if (quoted.size() == 1) {
            return quoted.getFirst();
        }
        return String.join(", ", quoted.subList(0, quoted.size() - 1)) + " or " + quoted.getLast();
    }

    private ObjectNode add(String type, String msg, JsonNode input, Object... loc) {
        var item = item(type, msg, loc);
        item.set("input", input == null ? NullNode.getInstance() : echoed(input));
        return item;
    }

    /** The input as echoed: an object or array beyond the listing limit shows its first members only. */
    private static JsonNode echoed(JsonNode input) {
        if (!input.isContainerNode() || input.size() <= InvalidInput.MAX_SHOWN) {
            return input;
        }
        if (input instanceof ArrayNode array) {
            var first = array.arrayNode();
            for (int i = 0; i < InvalidInput.MAX_SHOWN; i++) {
                first.add(array.get(i));
            }
            return first;
        }
        var first = Json.object();
        var members = input.properties().iterator();
        while (first.size() < InvalidInput.MAX_SHOWN && members.hasNext()) {
            var member = members.next();
            first.set(member.getKey(), member.getValue());
        }
        return first;
    }

    /** A new item, or, once {@link InvalidInput#MAX_SHOWN} are listed, a detached one that is only counted. */
    private ObjectNode item(String type, String msg, Object... loc) {
        if (full()) {
            omitted++;
            return Json.object();
        }
        var item = detail.addObject().put("type", type);
        var at = item.putArray("loc");
        for (var part : loc) {
            if (part instanceof Integer index) {
                at.add(index);
            } else {
                at.add((String) part);
            }
        }
        item.put("msg", msg);
        return item;
    }
}
