package io.feedbackhub.core;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** The one entry point for feedback; every door translates its request and calls this. */
public final class FeedbackService {
    public static final int MAX_BATCH = 1000;
    /**
     * The most records a vendor answer without pages holds (a thread's reactions, a conversation's entries): far
     * above one reaction per user and message of a real conversation, and a bound on what one request reads.
     */
    public static final int MAX_UNPAGED = 10_000;

    private final FeedbackStore store;
    private final ConfigStore configs;
    private final Clock clock;

    public FeedbackService(FeedbackStore store, ConfigStore configs, Clock clock) {
        this.store = store;
        this.configs = configs;
        this.clock = clock;
    }

    /** Creates, updates (same slot) or replays (same client_feedback_id); returns after commit. */
    public WriteOutcome upsert(Actor actor, FeedbackDraft draft) {
        var normalized = checked(actor, draft);
        var now = now();
        var prepared = PreparedWrite.of(normalized); // here, not on the writer
        return await(store.submit(tx -> WriteSemantics.upsert(tx, actor, normalized, now, prepared)));
    }

    /**
     * Create-or-update by the client's own id, for vendors whose clients name each record by an id of their choosing
     * and write it again to change it (a Langfuse score id): the record the id names (the one it was given to as its
     * client_feedback_id, else the live record with that id) takes the draft's values, a removed one comes back; a new
     * id creates the record, or updates the record already in its slot, which both ids then name. An id naming a
     * record on another slot is not written ({@link ClientIdWrite.OtherSlot}). Unlike {@link #upsert}, a known id
     * with other values is an update, not an idempotency conflict. One transaction.
     */
    public ClientIdWrite upsertByClientId(Actor actor, FeedbackDraft draft) {
        if (draft.clientFeedbackId() == null) {
            throw new IllegalArgumentException("upsertByClientId needs the draft's client_feedback_id");
        }
        var normalized = checked(actor, draft);
        var now = now();
        return await(store.submit(tx -> WriteSemantics.upsertByClientId(tx, actor, normalized, now)));
    }

    /**
     * The record a client's id names: the one it was given to as its client_feedback_id (a removed one only when
     * {@code withRemoved}), else the live record with that id. For doors whose clients read by their own ids.
     */
    public Optional<Feedback> findByClientId(String tenantId, String id, boolean withRemoved) {
        var byClientId = store.findByClientFeedbackId(tenantId, id);
        if (byClientId.isPresent() && (withRemoved || !byClientId.get().deleted())) {
            return byClientId;
        }
        return store.find(tenantId, id).filter(f -> !f.deleted());
    }

    /**
     * One result per item, in order: an outcome, or the refusal of that item alone. The items run in one
     * write, in request order, so two items for the same slot end as the later one says.
     */
    public List<BatchResult> upsertAll(Actor actor, List<FeedbackDraft> drafts) {
        if (drafts.size() > MAX_BATCH) {
            throw new InvalidInput(FieldError.of("items", "must have at most " + MAX_BATCH + " items, got " + drafts.size()));
        }
        var checked = new ArrayList<FeedbackDraft>();
        var refusals = new ArrayList<Refusal>();
        for (var draft : drafts) {
            try {
                checked.add(checked(actor, draft));
                refusals.add(null);
            } catch (Refusal r) {
                checked.add(null);
                refusals.add(r);
            }
        }
        var now = now();
        var prepared = checked.stream().map(d -> d == null ? null : PreparedWrite.of(d)).toList(); // here, not on the writer
        return await(store.submit(tx -> {
            var results = new ArrayList<BatchResult>(checked.size());
            var written = WriteSemantics.upsertAll(tx, actor, checked, prepared, now).iterator();
            for (var refusal : refusals) {
                var result = written.next();
                results.add(refusal != null ? new BatchResult(null, refusal)
                        : result instanceof Refusal r ? new BatchResult(null, r) : new BatchResult((WriteOutcome) result, null));
            }
            return results;
        }));
    }

    public record BatchResult(WriteOutcome outcome, Refusal refusal) {
    }

    /**
     * What {@link #upsert} does before the store, and nothing more: the draft with what a token binds and its label's
     * score filled in, checked against the limits and the name's config. For a caller with writes of its own to do
     * first (the import registers a line's thread only once its feedback passes) and the benchmark ladder's validate rung.
     */
    public FeedbackDraft check(Actor actor, FeedbackDraft draft) {
        return checked(actor, draft);
    }

    /** The draft with what a token binds and its label's score filled in, checked against the limits and the name's config. */
    private FeedbackDraft checked(Actor actor, FeedbackDraft draft) {
        var authored = actor.authoring(draft);
        var bound = actor.scope() == null ? authored : actor.scope().bind(authored);
        var normalized = bound.score() == null ? bound.withScore(FeedbackRules.scoreOfLabel(bound.label())) : bound;
        Backdating.check(actor, normalized.createdAt(), now());
        rulesFor(actor.tenantId(), normalized.name()).check(normalized);
        return normalized;
    }

    public Feedback get(String tenantId, String id) {
        return store.find(tenantId, id).filter(f -> !f.deleted()).orElseThrow(() -> new NotFound("feedback", id));
    }

    public Page<Feedback> list(String tenantId, FeedbackQuery query) {
        return store.list(tenantId, query);
    }

    /** How many live records match (for vendor APIs that report totals). */
    public long count(String tenantId, FeedbackFilter filter) {
        return store.count(tenantId, filter);
    }

    /** See {@link FeedbackStore#scan}. */
    public boolean scan(String tenantId, FeedbackFilter filter, Order order, int max, java.util.function.Consumer<Feedback> visitor) {
        return store.scan(tenantId, filter, order, max, visitor);
    }

    /**
     * Earlier revisions oldest first, then the current one, a removed record's too (its tombstone last): undo keeps
     * what was said readable to the tenant's secret keys until a purge erases it.
     */
    public List<Feedback> history(String tenantId, String id) {
        var current = store.find(tenantId, id).orElseThrow(() -> new NotFound("feedback", id));
        var all = new ArrayList<>(store.history(tenantId, id));
        all.add(current);
        return all;
    }

    public Feedback patch(Actor actor, String id, FeedbackPatch patch) {
        var current = store.find(actor.tenantId(), id).filter(f -> !f.deleted()).orElseThrow(() -> new NotFound("feedback", id));
        var effective = actor.scope() == null ? patch : actor.scope().bind(patch);
        // A new reaction label without a score must not keep the old label's score.
        if (patch.label().isSet() && !patch.score().isSet()) {
            effective = effective.withScore(Change.set(FeedbackRules.scoreOfLabel(patch.label().applyTo(null))));
        }
        var rules = rulesFor(actor.tenantId(), current.name());
        var change = effective;
        var now = now();
        return await(store.submit(tx -> WriteSemantics.patch(tx, actor, id, change, rules, now)));
    }

    public Feedback delete(Actor actor, String id) {
        var now = now();
        return await(store.submit(tx -> WriteSemantics.delete(tx, actor, id, now)));
    }

    /** Undo whatever the slot holds; empty when it held nothing live. */
    public Optional<Feedback> removeSlot(Actor actor, Slot slot) {
        var now = now();
        return await(store.submit(tx -> WriteSemantics.removeSlot(tx, actor, actor.authoring(slot), now)));
    }

    /** Erases everything one end user gave (privacy request); returns how many feedback records went. */
    public int purgeAuthor(String tenantId, String authorId) {
        return purge(tenantId, authorId).feedback();
    }

    /** What a purge erased: the end user's feedback records, and the messages and threads of their conversations. */
    public record Purged(int feedback, int messages, int threads) {
    }

    /**
     * Erases everything of one end user (privacy request), in one transaction: their feedback, its history and keys,
     * and their conversations (the messages traced for them and the threads those were in).
     */
    public Purged purge(String tenantId, String userId) {
        return await(store.submit(tx -> {
            int feedback = tx.purgeAuthor(tenantId, userId);
            var conversations = tx.purgeConversationsOf(tenantId, userId);
            return new Purged(feedback, conversations.messages(), conversations.threads());
        }));
    }

    private FeedbackRules rulesFor(String tenantId, String name) {
        return FeedbackRules.withConfig(configs.get(tenantId, name));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static <T> T await(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }
}
