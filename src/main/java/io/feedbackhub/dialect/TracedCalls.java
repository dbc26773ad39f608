package io.feedbackhub.dialect;

import com.fasterxml.jackson.databind.JsonNode;
import io.feedbackhub.core.ContentService;
import io.feedbackhub.core.FeedbackRules;
import io.feedbackhub.core.FieldError;
import io.feedbackhub.core.InvalidInput;
import io.feedbackhub.core.Message;
import io.feedbackhub.core.RegistryService;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the doors' tracing routes (Langfuse ingestion, LangSmith runs, Parea trace logs) record: each traced answer is
 * a registry message, so that feedback naming it inherits its model and dimensions (DESIGN.md §1), and retrieved
 * documents are contents. The vendors send a call's parts in several requests (create, then update with the output),
 * in either order, so every write merges into what is already recorded: a field the request leaves out keeps its
 * value, metadata entries are added or replaced one by one.
 */
public final class TracedCalls {
    /** The role of every recorded call: it is the answer feedback judges. */
    public static final String ROLE = "assistant";
    /** Dimension keys the mappings share, so that a breakdown by them works across doors. */
    public static final String TRACE_ID = "trace_id";
    public static final String PARENT_ID = "parent_id";
    public static final String USER_ID = "user_id";
    public static final String LATENCY_MS = "latency_ms";
    public static final String INPUT_TOKENS = "input_tokens";
    public static final String OUTPUT_TOKENS = "output_tokens";
    public static final String TOTAL_TOKENS = "total_tokens";
    public static final String ERROR = "error";
    public static final String ENVIRONMENT = "environment";

    private final RegistryService registry;
    private final ContentService contents;

    public TracedCalls(RegistryService registry, ContentService contents) {
        this.registry = registry;
        this.contents = contents;
    }

    public static final String START_TIME = "start_time";
    public static final String END_TIME = "end_time";

    /**
     * One traced call as a door read it; null fields are "not said in this request". {@code start} and {@code end} are
     * kept as the {@code start_time}/{@code end_time} entries, and {@code latency_ms} is computed from them once both
     * are known, whichever request said which (the SDKs send the end in the update).
     */
    public record Call(String id, String threadId, String prompt, String answer, String model, Map<String, String> metadata,
                       Instant start, Instant end) {
        public Call(String id, String threadId, String prompt, String answer, String model, Map<String, String> metadata) {
            this(id, threadId, prompt, answer, model, metadata, null, null);
        }
    }

    /**
     * Creates or merges the call's message. Context is kept, not judged: a prompt or answer over the registry's limit
     * is clipped to it, a model name too long is clipped, and a thread id the registry would refuse is left out, so
     * that only an unusable message id (checked by {@link #usableId}) can refuse a call.
     */
    public Message record(String tenantId, Call call) {
        if (!usableId(call.id())) {
            throw new InvalidInput(FieldError.of("id", "must be 1-" + FeedbackRules.MAX_ID_LENGTH + " characters without control characters"));
        }
        return registry.mergeMessage(tenantId, call.id(), stored -> {
            var before = java.util.Optional.ofNullable(stored);
            var metadata = new LinkedHashMap<String, String>();
            before.ifPresent(m -> metadata.putAll(m.metadata()));
            if (call.metadata() != null) {
                call.metadata().forEach((k, v) -> putBounded(metadata, k, v));
            }
            if (call.start() != null) {
                putBounded(metadata, START_TIME, call.start().toString());
            }
            if (call.end() != null) {
                putBounded(metadata, END_TIME, call.end().toString());
            }
            if (call.metadata() == null || !call.metadata().containsKey(LATENCY_MS)) {
                putBounded(metadata, LATENCY_MS, latencyMs(storedTime(metadata.get(START_TIME)), storedTime(metadata.get(END_TIME))));
            }
            var thread = usableId(call.threadId()) ? call.threadId() : null;
            return new Message(call.id(), thread != null ? thread : before.map(Message::threadId).orElse(null), ROLE,
                    call.prompt() != null ? clip(call.prompt(), RegistryService.MAX_CONTENT_LENGTH) : before.map(Message::prompt).orElse(null),
                    call.answer() != null ? clip(call.answer(), RegistryService.MAX_CONTENT_LENGTH) : before.map(Message::content).orElse(null),
                    call.model() != null ? clip(call.model(), FeedbackRules.MAX_SHORT_TEXT) : before.map(Message::model).orElse(null),
                    metadata, null, null);
        });
    }

    /** An id the registry takes: 1-256 characters, no control characters. */
    public static boolean usableId(String id) {
        return id != null && !id.isEmpty() && id.length() <= FeedbackRules.MAX_ID_LENGTH
                && id.chars().noneMatch(Character::isISOControl);
    }

    /**
     * A model call inside a trace gives the trace's root message its model, so that feedback on the whole trace (the
     * usual target of a thumbs up) inherits the model that wrote its answer; with several model calls, the last one
     * recorded wins. The root is created if it is not recorded yet (its own create merges in when it comes).
     */
    public void modelOfRoot(String tenantId, String rootId, String threadId, String model) {
        if (rootId == null || model == null) {
            return;
        }
        var root = registry.findMessage(tenantId, rootId);
        if (root.isEmpty() || !model.equals(root.get().model())) {
            record(tenantId, new Call(rootId, threadId, null, null, model, Map.of()));
        }
    }

    public boolean isRecorded(String tenantId, String messageId) {
        return registry.findMessage(tenantId, messageId).isPresent();
    }

    /** The thread of an already recorded message (a child call takes its trace's thread). */
    public String threadOf(String tenantId, String messageId) {
        return messageId == null ? null : registry.findMessage(tenantId, messageId).map(Message::threadId).orElse(null);
    }

    /**
     * Retrieved documents (LangChain's {@code {pageContent, metadata}}, or {@code {id, content|text, title, source|url}})
     * become contents, so chunk feedback names what the chunk said. Only documents with an id are registered: chunk
     * feedback's content_id needs one to point at. The text is kept, clipped, as the content's {@code text} metadata.
     * Returns how many were registered.
     */
    public int documents(String tenantId, JsonNode documents) {
        if (documents == null || !documents.isArray()) {
            return 0;
        }
        int registered = 0;
        for (var doc : documents) {
            var meta = doc.path("metadata");
            var id = firstText(doc.path("id"), meta.path("id"), meta.path("chunk_id"), meta.path("doc_id"), meta.path("document_id"));
            if (!usableId(id)) {
                continue;
            }
            var title = firstText(doc.path("title"), meta.path("title"), meta.path("name"));
            var source = firstText(doc.path("source"), doc.path("url"), meta.path("source"), meta.path("url"));
            var text = firstText(doc.path("pageContent"), doc.path("page_content"), doc.path("content"), doc.path("text"));
            var metadata = new LinkedHashMap<String, String>();
            String sourceUrl = null;
            if (source != null && (source.startsWith("http://") || source.startsWith("https://"))) {
                sourceUrl = source;
            } else if (source != null) {
                putBounded(metadata, "source", source);
            }
            if (text != null) {
                putBounded(metadata, "text", text);
            }
            if (sourceUrl != null && sourceUrl.length() > ContentService.MAX_URL_LENGTH) {
                putBounded(metadata, "source", sourceUrl);
                sourceUrl = null;
            }
            try {
                contents.put(tenantId, id, title == null ? null : clip(title.replace("\u0000", ""), ContentService.MAX_TITLE_LENGTH),
                        sourceUrl, metadata);
                registered++;
            } catch (InvalidInput unusable) {
                // a document the registry cannot name (a malformed link): the call it came with still counts
            }
        }
        return registered;
    }

    /**
     * Adds a metadata entry the registry accepts: keys outside the allowed syntax are left out, values are clipped to
     * the value limit, and once the map is full further keys are dropped (a trace's own metadata is context, not
     * input to refuse the whole call for).
     */
    public static void putBounded(Map<String, String> metadata, String key, String value) {
        if (key == null || value == null || !FeedbackRules.METADATA_KEY.matcher(key).matches()) {
            return;
        }
        if (!metadata.containsKey(key) && metadata.size() >= FeedbackRules.MAX_METADATA_ENTRIES) {
            return;
        }
        metadata.put(key, clip(value.replace("\u0000", ""), FeedbackRules.MAX_METADATA_VALUE_LENGTH));
    }

    /** A JSON object's top-level strings, numbers and booleans as metadata entries (nested values are left out). */
    public static void putScalars(Map<String, String> metadata, JsonNode object) {
        if (object == null || !object.isObject()) {
            return;
        }
        object.properties().forEach(e -> {
            var v = e.getValue();
            if (v.isTextual() || v.isNumber() || v.isBoolean()) {
                putBounded(metadata, e.getKey(), v.asText());
            }
        });
    }

    /** A prompt or answer as text: a JSON string as itself, any other JSON value as its JSON text; absent is null. */
    public static String text(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return null;
        }
        return node.isTextual() ? node.textValue() : node.toString();
    }

    /** A string or number field as text, or null. */
    public static String scalar(JsonNode node) {
        return node != null && (node.isTextual() || node.isNumber() || node.isBoolean()) ? node.asText() : null;
    }

    public static String firstText(JsonNode... nodes) {
        for (var n : nodes) {
            var s = scalar(n);
            if (s != null && !s.isEmpty()) {
                return s;
            }
        }
        return null;
    }

    /**
     * A timestamp as the SDKs write it: ISO 8601 with an offset, without one (LangSmith's Python SDK writes naive
     * UTC), or epoch milliseconds. Anything else is null: a time only feeds the latency, which is then left out.
     */
    public static Instant time(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isNumber()) {
            return Instant.ofEpochMilli(node.longValue());
        }
        if (!node.isTextual()) {
            return null;
        }
        var s = node.textValue();
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException ignored) {
                return null;
            }
        }
    }

    private static Instant storedTime(String iso) {
        return iso == null ? null : time(com.fasterxml.jackson.databind.node.TextNode.valueOf(iso));
    }

    /** Milliseconds from start to end, when both are known and in order. */
    public static String latencyMs(Instant start, Instant end) {
        if (start == null || end == null) {
            return null;
        }
        // to the millisecond: LangSmith's SDK sends a start in microseconds and an end in milliseconds, so a call under
        // a millisecond would otherwise end before it started
        var from = start.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        var to = end.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        return to.isBefore(from) ? null : Long.toString(Duration.between(from, to).toMillis());
    }

    /** Puts whichever token counts are numbers. */
    public static void putTokens(Map<String, String> metadata, JsonNode input, JsonNode output, JsonNode total) {
        putCount(metadata, INPUT_TOKENS, input);
        putCount(metadata, OUTPUT_TOKENS, output);
        putCount(metadata, TOTAL_TOKENS, total);
    }

    private static void putCount(Map<String, String> metadata, String key, JsonNode count) {
        if (count != null && count.isNumber()) {
            putBounded(metadata, key, Long.toString(count.longValue()));
        }
    }

    private static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
