package io.feedbackhub.context;

import io.feedbackhub.core.ContentService;
import io.feedbackhub.core.FeedbackRules;
import io.feedbackhub.core.FieldError;
import io.feedbackhub.core.InvalidInput;
import io.feedbackhub.core.Message;
import io.feedbackhub.core.MessageMerge;
import io.feedbackhub.core.MessageTrace;
import io.feedbackhub.core.RegistryService;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one way a traced answer becomes context (docs/context.md), whichever door read it: OpenTelemetry spans
 * ({@link OtlpSpans}), Langfuse ingestion events, LangSmith runs, Parea trace logs. An answer is a registry message
 * with its trace columns ({@link MessageTrace}: trace and span ids, end user, tokens, latency, error, times), so that
 * the context retention and purge by end user find it whatever its door; a retrieved document is a content with its
 * title, source and text.
 *
 * <p>Every write merges into what is stored, under the message's lock ({@link RegistryService#mergeMessage}): the
 * SDKs send a call in parts (a create with the input, an update with the output and end) and OpenTelemetry and a
 * vendor's own calls may both describe one message, so a field a request leaves out keeps its value, trace fields
 * included, and dimensions are added or replaced one by one.
 *
 * <p>Context is kept, not judged: a prompt or answer over the registry's limit is clipped, so is a model name, a
 * dimension value, an error; a thread or user id the registry would refuse is left out, and so are dimension keys it
 * does not allow and entries past its maximum. Only an unusable message id refuses an answer.
 */
public final class TraceRecorder {
    /** The role of every recorded answer: it is what feedback judges. */
    public static final String ROLE = "assistant";
    /** A huge export holds the feedback writer for a bounded time: feedback writes queued behind it wait for one part. */
    static final int ANSWERS_PER_TRANSACTION = 200;

    private final RegistryService registry;
    private final ContentService contents;
    private final KeepIfJudged sampling;

    public TraceRecorder(RegistryService registry, ContentService contents, KeepIfJudged sampling) {
        this.registry = registry;
        this.contents = contents;
        this.sampling = sampling;
    }

    /** Creates or merges the answer's message. */
    public Message answer(String tenantId, TracedAnswer a) {
        var outcome = answers(tenantId, List.of(a)).get(0);
        if (outcome.refused() != null) {
            throw outcome.refused();
        }
        return outcome.message();
    }

    /**
     * Creates or merges the answers' messages, in order, in one transaction per {@value #ANSWERS_PER_TRANSACTION}
     * (one commit to wait for, not one per answer): an answer the registry refuses is refused alone. One outcome per
     * answer. Answered once all are committed; a request sent again merges into the same messages, so it adds none.
     */
    public List<MessageMerge.Outcome> answers(String tenantId, List<TracedAnswer> answers) {
        var merges = new ArrayList<MessageMerge>(answers.size());
        var refused = new HashMap<Integer, MessageMerge.Outcome>();
        for (int i = 0; i < answers.size(); i++) {
            var a = answers.get(i);
            if (usableId(a.id())) {
                merges.add(new MessageMerge(a.id(), stored -> merged(Optional.ofNullable(stored), a)));
            } else {
                refused.put(i, MessageMerge.Outcome.refused(new InvalidInput(FieldError.of("id",
                        "must be 1-" + FeedbackRules.MAX_ID_LENGTH + " characters without control characters"))));
            }
        }
        var writes = new ArrayList<MessageMerge.Outcome>(merges.size());
        for (int from = 0; from < merges.size(); from += ANSWERS_PER_TRANSACTION) {
            writes.addAll(registry.mergeMessages(tenantId, merges.subList(from, Math.min(merges.size(), from + ANSWERS_PER_TRANSACTION))));
        }
        var written = writes.iterator();
        var outcomes = new ArrayList<MessageMerge.Outcome>(answers.size());
        var recorded = new ArrayList<KeepIfJudged.Recorded>();
        for (int i = 0; i < answers.size(); i++) {
            var outcome = refused.containsKey(i) ? refused.get(i) : written.next();
            outcomes.add(outcome);
            if (outcome.message() != null) {
                recorded.add(new KeepIfJudged.Recorded(outcome.message(), answers.get(i).prompt(), answers.get(i).answer()));
            }
        }
        sampling.recorded(tenantId, recorded);
        return outcomes;
    }

    private static Message merged(Optional<Message> before, TracedAnswer a) {
        var dimensions = new LinkedHashMap<String, String>();
        before.ifPresent(m -> dimensions.putAll(m.metadata()));
        a.dimensions().forEach((k, v) -> putBounded(dimensions, k, v));
        var thread = usableId(a.threadId()) ? a.threadId() : before.map(Message::threadId).orElse(null);
        return new Message(a.id(), thread, ROLE,
                or(clip(a.prompt(), RegistryService.MAX_CONTENT_LENGTH), before.map(Message::prompt)),
                or(clip(a.answer(), RegistryService.MAX_CONTENT_LENGTH), before.map(Message::content)),
                or(clip(a.model(), FeedbackRules.MAX_SHORT_TEXT), before.map(Message::model)),
                dimensions, null, null, trace(before.map(Message::trace), a));
    }

    /** The stored trace fields with what this request said over them; a message with none is its own trace. */
    private static MessageTrace trace(Optional<MessageTrace> before, TracedAnswer a) {
        var start = or(a.start(), before.map(MessageTrace::startedAt));
        var end = or(a.end(), before.map(MessageTrace::endedAt));
        var latency = a.latencyMs() != null && a.latencyMs() >= 0 ? a.latencyMs() : latencyMs(start, end);
        return new MessageTrace(
                or(usableId(a.traceId()) ? a.traceId() : null, before.map(MessageTrace::traceId).or(() -> Optional.of(a.id()))),
                or(usableId(a.spanId()) ? a.spanId() : null, before.map(MessageTrace::spanId)),
                or(usableId(a.userId()) ? a.userId() : null, before.map(MessageTrace::userId)),
                or(a.inputTokens(), before.map(MessageTrace::inputTokens)),
                or(a.outputTokens(), before.map(MessageTrace::outputTokens)),
                or(latency, before.map(MessageTrace::latencyMs)),
                or(clip(a.error(), RegistryService.MAX_TITLE_LENGTH), before.map(MessageTrace::error)),
                or(clip(a.finishReasons(), RegistryService.MAX_TITLE_LENGTH), before.map(MessageTrace::finishReasons)),
                start, end);
    }

    /**
     * A model call inside a trace gives the trace's root message its model, so that feedback on the whole trace (the
     * usual target of a thumbs up) inherits the model that wrote its answer; with several model calls, the last one
     * recorded wins. The root is created if it is not recorded yet (its own create merges in when it comes).
     */
    public void modelOfRoot(String tenantId, String rootId, String threadId, String model) {
        if (!usableId(rootId) || model == null) {
            return;
        }
        var root = registry.findMessage(tenantId, rootId);
        if (root.isEmpty() || !clip(model, FeedbackRules.MAX_SHORT_TEXT).equals(root.get().model())) {
            answer(tenantId, TracedAnswer.of(rootId).thread(threadId).model(model).trace(rootId, null).build());
        }
    }

    public boolean isRecorded(String tenantId, String messageId) {
        return usableId(messageId) && registry.findMessage(tenantId, messageId).isPresent();
    }

    /** The thread of an already recorded message (a child call takes its trace's thread). */
    public String threadOf(String tenantId, String messageId) {
        return usableId(messageId) ? registry.findMessage(tenantId, messageId).map(Message::threadId).orElse(null) : null;
    }

    /** Registers the thread with its agent when it is new or its agent changed; title and metadata are kept. */
    public void conversation(String tenantId, String threadId, String agentId) {
        var existing = registry.findThread(tenantId, threadId);
        if (existing.isEmpty() || !agentId.equals(existing.get().agentId())) {
            registry.putThread(tenantId, threadId, agentId, existing.map(t -> t.title()).orElse(null),
                    existing.map(t -> t.metadata()).orElse(Map.of()));
        }
    }

    /**
     * Retrieved documents become contents, so chunk feedback shows what the chunk said: title, an http(s) source as
     * the link and any other source as the {@code source} metadata entry, and the text (clipped to the limit of a
     * span attribute). Documents without a usable id are skipped (chunk feedback could not name them), so is one the
     * registry cannot take (a malformed link). Returns how many were registered.
     */
    public int documents(String tenantId, List<TracedDocument> documents) {
        int registered = 0;
        for (var doc : documents) {
            if (!usableId(doc.id())) {
                continue;
            }
            var metadata = new LinkedHashMap<String, String>();
            var source = doc.source();
            String link = null;
            if (source != null && (source.startsWith("http://") || source.startsWith("https://"))
                    && source.length() <= ContentService.MAX_URL_LENGTH) {
                link = source;
            } else {
                putBounded(metadata, "source", source);
            }
            var title = doc.title() == null ? null : clip(doc.title().replace("\u0000", ""), ContentService.MAX_TITLE_LENGTH);
            try {
                contents.put(tenantId, doc.id(), title, link, metadata, clip(doc.text(), ContentService.MAX_TEXT_LENGTH));
                registered++;
            } catch (InvalidInput unusable) {
                // a document the registry cannot name (a malformed link): the answer it came with still counts
            }
        }
        return registered;
    }

    /** An id the registry takes: 1-256 characters, no control characters. */
    public static boolean usableId(String id) {
        return id != null && !id.isEmpty() && id.length() <= FeedbackRules.MAX_ID_LENGTH
                && id.chars().noneMatch(Character::isISOControl);
    }

    /**
     * Adds a dimension the registry accepts: keys outside the allowed syntax are left out, values are clipped to the
     * value limit, and once the map is full further keys are dropped (the first ones win).
     */
    static void putBounded(Map<String, String> metadata, String key, String value) {
        if (key == null || value == null || !FeedbackRules.METADATA_KEY.matcher(key).matches()) {
            return;
        }
        if (!metadata.containsKey(key) && metadata.size() >= FeedbackRules.MAX_METADATA_ENTRIES) {
            return;
        }
        metadata.put(key, clip(value.replace("\u0000", ""), FeedbackRules.MAX_METADATA_VALUE_LENGTH));
    }

    /** Milliseconds from start to end, when both are known and in order. */
    static Long latencyMs(Instant start, Instant end) {
        if (start == null || end == null) {
            return null;
        }
        // to the millisecond: LangSmith's SDK sends a start in microseconds and an end in milliseconds, so a call under
        // a millisecond would otherwise end before it started
        var from = start.truncatedTo(ChronoUnit.MILLIS);
        var to = end.truncatedTo(ChronoUnit.MILLIS);
        return to.isBefore(from) ? null : Duration.between(from, to).toMillis();
    }

    private static <T> T or(T value, Optional<T> stored) {
        return value != null ? value : stored.orElse(null);
    }

    static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
