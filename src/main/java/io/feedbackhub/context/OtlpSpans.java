package io.feedbackhub.context;

import io.feedbackhub.core.InvalidInput;
import io.feedbackhub.core.RegistryService;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads exported spans into traced answers and documents for {@link TraceRecorder} (docs/context.md): a trace's root span is
 * the message whose id is the trace id (what trace-level feedback names), every other GenAI span the message whose id
 * is its span id, a retrieval span registers its documents as contents. A span that cannot be stored is counted as
 * rejected and the rest are kept, as OTLP's partial success says.
 */
public final class OtlpSpans {
    /** One attribute value may be as long as a message's prompt or answer may be. */
    public static final int MAX_ATTRIBUTE_CHARS = RegistryService.MAX_CONTENT_LENGTH;
    private static final HexFormat HEX = HexFormat.of();
    private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER = io.feedbackhub.json.Json.mapper();
    private static final Set<String> RETRIEVAL_OPERATIONS = Set.of("retrieval", "retrieve", "retriever", "search");

    private final TraceRecorder recorder;
    private final Set<String> redacted;

    public OtlpSpans(TraceRecorder recorder, ContextSettings settings) {
        this.recorder = recorder;
        this.redacted = settings.redactedKeys();
    }

    /** How many spans were refused, and why the first was. */
    public record Outcome(long rejected, String firstError) {
    }

    /** One span with its resource, ids in lowercase hex. */
    private record ReadSpan(String traceId, String spanId, boolean root, Span span, Attributes attributes,
                            Attributes events, Attributes resource) {
        String string(String... keys) {
            var v = attributes.string(keys);
            return v != null ? v : resource.string(keys);
        }

        boolean genAi() {
            return attributes.hasKeyStartingWith("gen_ai.") || attributes.hasKeyStartingWith("langfuse.observation.");
        }

        boolean retrieval() {
            var operation = attributes.string("gen_ai.operation.name");
            return (operation != null && RETRIEVAL_OPERATIONS.contains(operation))
                    || "retriever".equalsIgnoreCase(String.valueOf(attributes.string("langfuse.observation.type")));
        }
    }

    /** The spans of one export request: their messages are written in one transaction, answered after its commit. */
    public Outcome record(String tenantId, ExportTraceServiceRequest request) {
        var rejections = new Rejections();
        var traces = new LinkedHashMap<String, List<ReadSpan>>();
        for (var resourceSpans : request.getResourceSpansList()) {
            var resource = Attributes.of(resourceSpans.getResource().getAttributesList(), redacted);
            for (var scope : resourceSpans.getScopeSpansList()) {
                for (var span : scope.getSpansList()) {
                    var read = read(span, resource, rejections);
                    if (read != null) {
                        traces.computeIfAbsent(read.traceId(), k -> new ArrayList<>()).add(read);
                    }
                }
            }
        }
        var answers = new ArrayList<TracedAnswer>();
        var answered = new ArrayList<ReadSpan>();
        var conversations = new HashMap<String, Boolean>(); // "thread\0agent" registered in this request, or refused
        traces.values().forEach(spans -> readTrace(tenantId, spans, rejections, conversations, answers, answered));
        var outcomes = recorder.answers(tenantId, answers);
        for (int i = 0; i < outcomes.size(); i++) {
            if (outcomes.get(i).refused() != null) {
                var span = answered.get(i);
                rejections.add("span " + span.spanId() + " \"" + clip(span.span().getName()) + "\": " + outcomes.get(i).refused().getMessage());
            }
        }
        return new Outcome(rejections.count, rejections.first);
    }

    private ReadSpan read(Span span, Attributes resource, Rejections rejections) {
        if (span.getTraceId().size() != 16 || span.getSpanId().size() != 8) {
            rejections.add("span \"" + clip(span.getName()) + "\": trace_id must be 16 bytes and span_id 8, got "
                    + span.getTraceId().size() + " and " + span.getSpanId().size());
            return null;
        }
        var attributes = Attributes.of(span.getAttributesList(), redacted);
        var events = Attributes.of(span.getEventsList().stream().flatMap(e -> e.getAttributesList().stream()).toList(), redacted);
        for (var a : List.of(attributes, events, resource)) {
            var tooLong = a.keyLongerThan(MAX_ATTRIBUTE_CHARS);
            if (tooLong != null) {
                rejections.add("span \"" + clip(span.getName()) + "\": attribute " + clip(tooLong) + " is longer than "
                        + MAX_ATTRIBUTE_CHARS + " characters");
                return null;
            }
        }
        return new ReadSpan(HEX.formatHex(span.getTraceId().toByteArray()), HEX.formatHex(span.getSpanId().toByteArray()),
                span.getParentSpanId().isEmpty(), span, attributes, events, resource);
    }

    /** Registers the trace's conversation and its documents; adds its answers (and the span of each) to be recorded. */
    private void readTrace(String tenantId, List<ReadSpan> spans, Rejections rejections, Map<String, Boolean> conversations,
                           List<TracedAnswer> answers, List<ReadSpan> answered) {
        var named = first(spans, "session.id", "gen_ai.conversation.id", "langfuse.session.id");
        var agentId = first(spans, "gen_ai.agent.id", "gen_ai.agent.name");
        var threadId = named;
        if (named != null && agentId != null && !conversations.computeIfAbsent(named + "\u0000" + agentId,
                k -> conversation(tenantId, named, agentId, rejections))) {
            threadId = null; // the spans are still recorded, without their thread
        }
        var generations = spans.stream().filter(s -> s.genAi() && !s.retrieval()).toList();
        for (var span : spans) {
            try {
                if (span.retrieval()) {
                    recordDocuments(tenantId, span);
                } else if (span.root()) {
                    var latest = latest(generations.stream().filter(g -> g != span).toList());
                    answers.add(answer(span.traceId(), span, Said.by(span).orElse(latest == null ? Said.NOTHING : Said.by(latest)), threadId));
                    answered.add(span);
                } else if (span.genAi()) {
                    answers.add(answer(span.spanId(), span, Said.by(span), threadId));
                    answered.add(span);
                }
            } catch (InvalidInput e) {
                rejections.add("span " + span.spanId() + " \"" + clip(span.span().getName()) + "\": " + e.getMessage());
            }
        }
    }

    private boolean conversation(String tenantId, String threadId, String agentId, Rejections rejections) {
        try {
            recorder.conversation(tenantId, threadId, agentId);
            return true;
        } catch (InvalidInput e) {
            rejections.add("conversation " + clip(threadId) + ": " + e.getMessage());
            return false;
        }
    }

    /** What a span says about its model call; null where it says nothing. */
    private record Said(String prompt, String answer, String model, Long inputTokens, Long outputTokens, String finishReasons) {
        static final Said NOTHING = new Said(null, null, null, null, null, null);

        static Said by(ReadSpan span) {
            var a = span.attributes();
            var input = a.value("gen_ai.input.messages", "gen_ai.prompt", "langfuse.observation.input", "input.value");
            var output = a.value("gen_ai.output.messages", "gen_ai.completion", "langfuse.observation.output", "output.value");
            return new Said(
                    Transcript.text(input != null ? input : orIndexed(a, "gen_ai.prompt", span.events().value("gen_ai.prompt"))),
                    Transcript.text(output != null ? output : orIndexed(a, "gen_ai.completion", span.events().value("gen_ai.completion"))),
                    a.string("gen_ai.response.model", "gen_ai.request.model", "langfuse.observation.model.name"),
                    a.number("gen_ai.usage.input_tokens", "gen_ai.usage.prompt_tokens"),
                    a.number("gen_ai.usage.output_tokens", "gen_ai.usage.completion_tokens"),
                    OtlpSpans.finishReasons(a.value("gen_ai.response.finish_reasons"), output));
        }

        /** This, with what it leaves unsaid taken from {@code other}. */
        Said orElse(Said other) {
            return new Said(prompt != null ? prompt : other.prompt, answer != null ? answer : other.answer,
                    model != null ? model : other.model, inputTokens != null ? inputTokens : other.inputTokens,
                    outputTokens != null ? outputTokens : other.outputTokens,
                    finishReasons != null ? finishReasons : other.finishReasons);
        }
    }

    /**
     * {@code span} gives the ids, timing, status and dimensions, {@code said} the prompt, answer, model and tokens:
     * a root span that says nothing of them itself (an HTTP handler or an agent around the model call) takes what the
     * trace's latest GenAI span in the same request says.
     */
    private TracedAnswer answer(String messageId, ReadSpan span, Said said, String threadId) {
        var s = span.span();
        Long latency = s.getStartTimeUnixNano() > 0 && s.getEndTimeUnixNano() >= s.getStartTimeUnixNano()
                ? (s.getEndTimeUnixNano() - s.getStartTimeUnixNano()) / 1_000_000 : null;
        var answer = TracedAnswer.of(messageId).thread(threadId).prompt(said.prompt()).answer(said.answer())
                .model(said.model()).trace(span.traceId(), span.spanId()).user(span.string("user.id", "langfuse.user.id"))
                .tokens(said.inputTokens(), said.outputTokens()).latencyMs(latency).error(error(span))
                .finishReasons(said.finishReasons()).times(instant(s.getStartTimeUnixNano()), instant(s.getEndTimeUnixNano()));
        dimensions(span).forEach(answer::dimension);
        return answer.build();
    }

    private static Instant instant(long unixNanos) {
        return unixNanos > 0 ? Instant.ofEpochSecond(0, unixNanos) : null;
    }

    /** The older convention's indexed form, gen_ai.prompt.0.role / gen_ai.prompt.0.content (OpenLLMetry), as a list. */
    private static Object orIndexed(Attributes a, String prefix, Object fallback) {
        var messages = new ArrayList<Map<String, Object>>();
        for (int i = 0; a.value(prefix + "." + i + ".content", prefix + "." + i + ".role") != null; i++) {
            var m = new LinkedHashMap<String, Object>();
            m.put("role", a.string(prefix + "." + i + ".role"));
            m.put("content", a.value(prefix + "." + i + ".content"));
            messages.add(m);
        }
        return messages.isEmpty() ? fallback : messages;
    }

    private static String finishReasons(Object attribute, Object output) {
        List<String> reasons = attribute instanceof List<?> list ? list.stream().map(String::valueOf).toList()
                : attribute != null ? List.of(attribute.toString()) : Transcript.finishReasons(output);
        return reasons.isEmpty() ? null : String.join(",", reasons);
    }

    /** The status message of a span that ended in error, else its error.type, else "error"; null for a span that did not. */
    private static String error(ReadSpan span) {
        var status = span.span().getStatus();
        var langfuseError = "ERROR".equals(span.attributes().string("langfuse.observation.level"));
        if (status.getCode() != Status.StatusCode.STATUS_CODE_ERROR && !langfuseError) {
            return null;
        }
        var message = !status.getMessage().isBlank() ? status.getMessage()
                : span.attributes().string("langfuse.observation.status_message", "error.type");
        return clip(message == null ? "error" : message, RegistryService.MAX_TITLE_LENGTH);
    }

    /** The feedback's future dimensions: where the answer ran and with which prompt (docs/context.md lists them). */
    private static Map<String, String> dimensions(ReadSpan span) {
        var d = new TreeMap<String, String>();
        put(d, "service_name", span.resource().string("service.name"));
        put(d, "service_version", span.resource().string("service.version"));
        put(d, "environment", span.string("deployment.environment.name", "deployment.environment", "langfuse.environment"));
        put(d, "prompt_version", span.string("prompt_version", "gen_ai.prompt.version", "langfuse.observation.prompt.version"));
        put(d, "provider", span.string("gen_ai.provider.name", "gen_ai.system"));
        return d;
    }

    private static void put(Map<String, String> d, String key, String value) {
        if (value != null) {
            d.put(key, value);
        }
    }

    /**
     * Documents as a JSON list ({@link TracedDocument#listed}), or OpenInference's flat
     * retrieval.documents.N.document.{id, content, metadata}.
     */
    private void recordDocuments(String tenantId, ReadSpan span) {
        var a = span.attributes();
        var listed = Transcript.parsed(a.value("gen_ai.retrieval.documents", "langfuse.observation.output", "gen_ai.output.messages"));
        var tree = tree(listed);
        var documents = new ArrayList<>(TracedDocument.listed(tree.isObject() ? tree.path("documents") : tree));
        for (int i = 0; a.value("retrieval.documents." + i + ".document.id") != null; i++) {
            var prefix = "retrieval.documents." + i + ".document.";
            var metadata = tree(Transcript.parsed(a.value(prefix + "metadata")));
            documents.add(new TracedDocument(a.string(prefix + "id"),
                    text(metadata.path("title").textValue(), metadata.path("name").textValue()),
                    text(metadata.path("source").textValue(), metadata.path("url").textValue()),
                    a.string(prefix + "content")));
        }
        recorder.documents(tenantId, documents);
    }

    private static com.fasterxml.jackson.databind.JsonNode tree(Object value) {
        return value == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : MAPPER.valueToTree(value);
    }

    private static String text(String... candidates) {
        for (var c : candidates) {
            if (c != null && !c.isBlank()) {
                return c;
            }
        }
        return null;
    }

    private static String first(List<ReadSpan> spans, String... keys) {
        return spans.stream().map(s -> s.string(keys)).filter(v -> v != null).findFirst().orElse(null);
    }

    private static ReadSpan latest(List<ReadSpan> generations) {
        return generations.stream().max(Comparator.comparingLong(s -> s.span().getEndTimeUnixNano())).orElse(null);
    }

    private static String clip(String s) {
        return clip(s, 80);
    }

    private static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    private static final class Rejections {
        long count;
        String first;

        void add(String why) {
            count++;
            if (first == null) {
                first = why;
            }
        }
    }
}
