package io.feedbackhub.core;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Registers what feedback is about, so exports and the dashboard can show the prompt and the answer. */
public final class RegistryService {
    public static final int MAX_CONTENT_LENGTH = 200_000;
    public static final int MAX_TITLE_LENGTH = 500;

    private final RegistryStore store;
    private final Clock clock;

    public RegistryService(RegistryStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public Agent putAgent(String tenantId, String id, String name, String description, Map<String, String> metadata) {
        var errors = new ArrayList<FieldError>();
        checkId(errors, "id", id);
        checkText(errors, "name", name, MAX_TITLE_LENGTH);
        checkText(errors, "description", description, MAX_CONTENT_LENGTH);
        checkMetadata(errors, metadata);
        throwIfAny(errors);
        var now = now();
        return store.putAgent(tenantId, new Agent(id, name, description, metadata, now, now));
    }

    public ChatThread putThread(String tenantId, String id, String agentId, String title, Map<String, String> metadata) {
        var errors = new ArrayList<FieldError>();
        checkId(errors, "id", id);
        checkId(errors, "agent_id", agentId);
        checkText(errors, "title", title, MAX_TITLE_LENGTH);
        checkMetadata(errors, metadata);
        throwIfAny(errors);
        var now = now();
        return store.putThread(tenantId, new ChatThread(id, agentId, title, metadata, now, now));
    }

    public Message putMessage(String tenantId, String id, String threadId, String role, String prompt, String content,
                              String model, Map<String, String> metadata) {
        return putMessage(tenantId, id, threadId, role, prompt, content, model, metadata, null);
    }

    /** A message with what its trace said about it ({@code trace} null for none); a PUT replaces the trace fields too. */
    public Message putMessage(String tenantId, String id, String threadId, String role, String prompt, String content,
                              String model, Map<String, String> metadata, MessageTrace trace) {
        var errors = new ArrayList<FieldError>();
        checkId(errors, "id", id);
        checkId(errors, "thread_id", threadId);
        checkText(errors, "role", role, FeedbackRules.MAX_SHORT_TEXT);
        checkText(errors, "prompt", prompt, MAX_CONTENT_LENGTH);
        checkText(errors, "content", content, MAX_CONTENT_LENGTH);
        checkText(errors, "model", model, FeedbackRules.MAX_SHORT_TEXT);
        checkMetadata(errors, metadata);
        checkTrace(errors, trace);
        throwIfAny(errors);
        var now = now();
        return store.putMessage(tenantId, new Message(id, threadId, role, prompt, content, model, metadata, now, now, trace));
    }

    /**
     * Creates or amends a message from what is stored (null when new), atomically: {@code merge} runs under the
     * message's write lock, so concurrent amendments of one message (a tracing SDK's create and update, sent in
     * parallel) each see the other's fields. Its result, trace included, is checked like {@link #putMessage}'s arguments.
     */
    public Message mergeMessage(String tenantId, String id, java.util.function.UnaryOperator<Message> merge) {
        var errors = new ArrayList<FieldError>();
        checkId(errors, "id", id);
        throwIfAny(errors);
        return store.mergeMessage(tenantId, id, checked(id, merge, now()));
    }

    /**
     * {@link #mergeMessage} for many messages in one transaction (one commit to wait for), in order: a merge whose id
     * or result breaks a rule is refused alone. One outcome per merge, in the same order.
     */
    public List<MessageMerge.Outcome> mergeMessages(String tenantId, List<MessageMerge> merges) {
        var now = now();
        var outcomes = new ArrayList<MessageMerge.Outcome>(merges.size());
        var valid = new ArrayList<MessageMerge>();
        for (var m : merges) {
            var errors = new ArrayList<FieldError>();
            checkId(errors, "id", m.id());
            outcomes.add(errors.isEmpty() ? null : MessageMerge.Outcome.refused(new InvalidInput(errors)));
            if (errors.isEmpty()) {
                valid.add(new MessageMerge(m.id(), checked(m.id(), m.merge(), now)));
            }
        }
        var stored = store.mergeMessages(tenantId, valid).iterator();
        outcomes.replaceAll(o -> o != null ? o : stored.next());
        return outcomes;
    }

    /** {@code merge}, its result checked like {@link #putMessage}'s arguments and stamped with {@code now}. */
    private static java.util.function.UnaryOperator<Message> checked(String id, java.util.function.UnaryOperator<Message> merge, Instant now) {
        return before -> {
            var m = merge.apply(before);
            var problems = new ArrayList<FieldError>();
            checkId(problems, "thread_id", m.threadId());
            checkText(problems, "role", m.role(), FeedbackRules.MAX_SHORT_TEXT);
            checkText(problems, "prompt", m.prompt(), MAX_CONTENT_LENGTH);
            checkText(problems, "content", m.content(), MAX_CONTENT_LENGTH);
            checkText(problems, "model", m.model(), FeedbackRules.MAX_SHORT_TEXT);
            checkMetadata(problems, m.metadata());
            checkTrace(problems, m.trace());
            throwIfAny(problems);
            return new Message(id, m.threadId(), m.role(), m.prompt(), m.content(), m.model(), m.metadata(), now, now, m.trace());
        };
    }

    public Agent agent(String tenantId, String id) {
        return store.agent(tenantId, id).orElseThrow(() -> new NotFound("agent", id));
    }

    public ChatThread thread(String tenantId, String id) {
        return store.thread(tenantId, id).orElseThrow(() -> new NotFound("thread", id));
    }

    public Optional<ChatThread> findThread(String tenantId, String id) {
        return store.thread(tenantId, id);
    }

    public Message message(String tenantId, String id) {
        return store.message(tenantId, id).orElseThrow(() -> new NotFound("message", id));
    }

    public Optional<Message> findMessage(String tenantId, String id) {
        return store.message(tenantId, id);
    }

    public Page<Agent> agents(String tenantId, String afterId, int limit) {
        return store.agents(tenantId, afterId, limit);
    }

    public Page<ChatThread> threads(String tenantId, String agentId, String afterId, int limit) {
        return store.threads(tenantId, agentId, afterId, limit);
    }

    public Page<Message> messages(String tenantId, String threadId, String afterId, int limit) {
        return store.messages(tenantId, threadId, afterId, limit);
    }

    /**
     * Retention of context: forgets the prompt and answer text of every message recorded from a trace before
     * {@code cutoff}, in every tenant; model, tokens, metadata and the feedback's inherited dimensions stay.
     */
    public int forgetTracedTextBefore(Instant cutoff) {
        return store.forgetTracedTextBefore(cutoff);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static void checkTrace(List<FieldError> errors, MessageTrace trace) {
        if (trace != null) {
            checkId(errors, "trace_id", trace.traceId());
            checkId(errors, "span_id", trace.spanId());
            checkId(errors, "user_id", trace.userId());
            checkText(errors, "error", trace.error(), MAX_TITLE_LENGTH);
            checkText(errors, "finish_reasons", trace.finishReasons(), MAX_TITLE_LENGTH);
        }
    }

    private static void checkId(List<FieldError> errors, String field, String value) {
        if (value != null && (value.isEmpty() || value.length() > FeedbackRules.MAX_ID_LENGTH
                || value.chars().anyMatch(Character::isISOControl))) {
            errors.add(FieldError.of(field, "must be 1-" + FeedbackRules.MAX_ID_LENGTH + " characters without control characters"));
        }
    }

    private static void checkText(List<FieldError> errors, String field, String value, int max) {
        if (value != null && value.length() > max) {
            errors.add(FieldError.of(field, "must be at most " + max + " characters, got " + value.length()));
        }
    }

    private static void checkMetadata(List<FieldError> errors, Map<String, String> metadata) {
        if (metadata != null && metadata.size() > FeedbackRules.MAX_METADATA_ENTRIES) {
            errors.add(FieldError.of("metadata", "must have at most " + FeedbackRules.MAX_METADATA_ENTRIES + " entries"));
        }
    }

    private static void throwIfAny(List<FieldError> errors) {
        if (!errors.isEmpty()) {
            throw new InvalidInput(errors);
        }
    }
}
