package io.feedbackhub.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The write rules every door shares (DESIGN.md §1), run inside one store transaction:
 * exactly-once creates by client_feedback_id, one record per slot updated in place with its earlier
 * revisions kept in history, tombstones for undo. Refusals are thrown before anything is written.
 */
final class WriteSemantics {
    /** Losing an insert race to another node twice in a row for one slot is not expected; three is plenty. */
    private static final int SLOT_ATTEMPTS = 3;

    private WriteSemantics() {
    }

    static WriteOutcome upsert(FeedbackWrites tx, Actor actor, FeedbackDraft draft, Instant now) {
        return upsert(tx, actor, draft, now, PreparedWrite.of(draft));
    }

    /** {@link #upsert} with the draft's id, slot key and fingerprint computed before (on the request thread). */
    static WriteOutcome upsert(FeedbackWrites tx, Actor actor, FeedbackDraft draft, Instant now, PreparedWrite prepared) {
        var tenant = actor.tenantId();
        var key = draft.clientFeedbackId();
        var fingerprint = prepared.fingerprint();
        var newId = prepared.id();
        if (!actor.mayWrite(draft)) {
            throw NotYours.outsideScope(actor.scope(), draft);
        }
        if (actor.ownFeedbackOnly()) {
            var taken = tx.lockBySlot(tenant, prepared.slotKey()).filter(f -> !actor.mayChange(f));
            if (taken.isPresent()) {
                throw NotYours.slotTaken();
            }
        }
        // The database decides which of several concurrent first uses of a key wins; the others replay its result.
        if (key != null && !tx.claimKeyIfAbsent(tenant, new IdempotencyKey(key, newId, fingerprint), now)) {
            return replayOf(tx, actor, key, fingerprint)
                    .orElseThrow(() -> new ConcurrentChange("idempotency key " + key + " was purged while claimed"));
        }
        if (draft.target().agentId() != null) {
            tx.ensureAgent(tenant, draft.target().agentId(), now);
        }
        if (draft.target().threadId() != null) {
            tx.ensureThread(tenant, draft.target().threadId(), draft.target().agentId(), now);
        }
        var context = tx.contextOf(tenant, draft.target());
        // Most writes fill an empty slot, so try the insert first; a taken slot is then locked and updated.
        var created = Feedback.create(newId, tenant, draft, actor.keyId(), now).inheriting(context);
        var slotKey = prepared.slotKeyOf(created);
        return fillOrUpdate(tx, actor, draft, created, slotKey, context, now, tx.insertIfSlotFree(created, slotKey));
    }

    /**
     * The rest of {@link #upsert} once the insert of {@code created} was tried ({@code inserted} says how it went): a
     * taken slot is locked and updated, a slot purged meanwhile is tried again.
     */
    private static WriteOutcome fillOrUpdate(FeedbackWrites tx, Actor actor, FeedbackDraft draft, Feedback created,
                                             String slotKey, Context context, Instant now, boolean inserted) {
        var tenant = actor.tenantId();
        var key = draft.clientFeedbackId();
        for (int attempt = 1; attempt <= SLOT_ATTEMPTS; attempt++) {
            if (attempt > 1 ? tx.insertIfSlotFree(created, slotKey) : inserted) {
                return new WriteOutcome.Created(created);
            }
            var current = tx.lockBySlot(tenant, slotKey);
            if (current.isPresent()) {
                var existing = current.get();
                if (!actor.mayChange(existing)) {
                    // Another key filled the slot after the check above: fail the transaction, not just this
                    // item, so that the retry refuses cleanly before the idempotency key is claimed.
                    throw new ConcurrentChange("slot " + slotKey + " was taken by another key concurrently");
                }
                if (existing.newerThan(draft)) {
                    // imported history older than what the slot holds: the newer judgment stays, the key replays it
                    if (key != null) {
                        tx.repointKey(tenant, key, existing.id());
                    }
                    return new WriteOutcome.Replayed(existing);
                }
                var overwritten = existing.overwrittenBy(draft, now);
                var own = overwritten.ownTarget(); // the draft's, plus the attributes it left out and the slot had
                var next = overwritten.inheriting(own.equals(draft.target()) ? context : tx.contextOf(tenant, own));
                if (key != null) {
                    tx.repointKey(tenant, key, existing.id());
                }
                if (next.sameValuesAs(existing)) {
                    return new WriteOutcome.Updated(existing); // says nothing new: no revision, no history row
                }
                tx.replace(existing, next);
                return new WriteOutcome.Updated(next);
            }
            // the slot's record was purged between the two statements: try the insert again
        }
        throw new ConcurrentChange("slot " + slotKey + " kept changing under " + SLOT_ATTEMPTS + " attempts");
    }

    /**
     * {@link #upsert} of a batch's drafts in request order, with the same outcome per item as one upsert after the
     * other, but each step a statement per batch instead of per item: the key claims, the context reads and their
     * locks, the inserts. What is left after the inserts (replays, taken slots) then runs item by item, in order, so
     * that two items for one slot still end as the later one says. A {@code null} draft is skipped (refused before).
     * Each result is a {@link WriteOutcome} or the item's {@link Refusal}. {@code prepared} holds each draft's
     * {@link PreparedWrite} (null for a null draft), computed before the write was queued.
     */
    static List<Object> upsertAll(FeedbackWrites tx, Actor actor, List<FeedbackDraft> drafts, List<PreparedWrite> prepared, Instant now) {
        int n = drafts.size();
        var results = new Object[n];
        if (actor.ownFeedbackOnly()) { // each item checks its slot's owner before its claim: one by one
            for (int i = 0; i < n; i++) {
                var draft = drafts.get(i);
                if (draft != null) {
                    var p = prepared.get(i);
                    results[i] = outcomeOrRefusal(() -> upsert(tx, actor, draft, now, p));
                }
            }
            return Arrays.asList(results);
        }
        var tenant = actor.tenantId();
        var created = new Feedback[n];
        var ids = new String[n];
        var fingerprints = new String[n];
        var keys = new ArrayList<IdempotencyKey>();
        for (int i = 0; i < n; i++) {
            var draft = drafts.get(i);
            if (draft == null) {
                continue;
            }
            if (!actor.mayWrite(draft)) {
                results[i] = NotYours.outsideScope(actor.scope(), draft);
                continue;
            }
            ids[i] = prepared.get(i).id();
            if (draft.clientFeedbackId() != null) {
                fingerprints[i] = prepared.get(i).fingerprint();
                keys.add(new IdempotencyKey(draft.clientFeedbackId(), ids[i], fingerprints[i]));
            }
        }
        var claimed = keys.isEmpty() ? Set.<String>of() : tx.claimKeysIfAbsent(tenant, keys, now);
        var toInsert = new ArrayList<Integer>();
        for (int i = 0; i < n; i++) {
            var draft = drafts.get(i);
            if (ids[i] == null || draft.clientFeedbackId() != null && !claimed.contains(ids[i])) {
                continue; // refused, or a replay: after the inserts, in order
            }
            toInsert.add(i);
            if (draft.target().agentId() != null) {
                tx.ensureAgent(tenant, draft.target().agentId(), now);
            }
            if (draft.target().threadId() != null) {
                tx.ensureThread(tenant, draft.target().threadId(), draft.target().agentId(), now);
            }
        }
        var contexts = tx.contextsOf(tenant, toInsert.stream().map(i -> drafts.get(i).target()).toList());
        var records = new ArrayList<Feedback>(toInsert.size());
        var slotKeys = new String[n];
        for (int i : toInsert) {
            created[i] = Feedback.create(ids[i], tenant, drafts.get(i), actor.keyId(), now).inheriting(contexts.get(drafts.get(i).target()));
            slotKeys[i] = prepared.get(i).slotKeyOf(created[i]);
            records.add(created[i]);
        }
        var inserted = records.isEmpty() ? Set.<String>of()
                : tx.insertAllIfSlotFree(records, toInsert.stream().map(i -> slotKeys[i]).toList());
        for (int i = 0; i < n; i++) {
            if (results[i] != null || ids[i] == null) {
                continue;
            }
            var draft = drafts.get(i);
            if (created[i] == null) {
                var key = draft.clientFeedbackId();
                var fingerprint = fingerprints[i];
                results[i] = outcomeOrRefusal(() -> replayOf(tx, actor, key, fingerprint)
                        .orElseThrow(() -> new ConcurrentChange("idempotency key " + key + " was purged while claimed")));
            } else {
                var record = created[i];
                var slotKey = slotKeys[i];
                results[i] = inserted.contains(record.id())
                        ? new WriteOutcome.Created(record)
                        : outcomeOrRefusal(() -> fillOrUpdate(tx, actor, draft, record, slotKey, contexts.get(draft.target()), now, false));
            }
        }
        return Arrays.asList(results);
    }

    private static Object outcomeOrRefusal(Supplier<WriteOutcome> write) {
        try {
            return write.get();
        } catch (Refusal r) {
            return r;
        }
    }

    /**
     * The record a used key points at, for a caller who may change it: another author's or another browser key's
     * record is refused like a direct change would be, and before the payload comparison, so that a stranger's
     * guess learns neither the record nor that the key's payload differs. (The slot check before the claim cannot
     * see a record another node commits while this write waits for the key.)
     */
    /** See {@link FeedbackService#upsertByClientId}; {@code draft} carries the client's id. */
    static ClientIdWrite upsertByClientId(FeedbackWrites tx, Actor actor, FeedbackDraft draft, Instant now) {
        var tenant = actor.tenantId();
        var id = draft.clientFeedbackId();
        // A concurrent first write of the same id wins the key's claim; this one's insert then conflicts (nothing is
        // written before the claim), and the second pass finds the winner's record and updates it.
        for (int attempt = 1; ; attempt++) {
            var named = tx.findKey(tenant, id).flatMap(key -> tx.lockById(tenant, key.feedbackId()))
                    .or(() -> tx.lockById(tenant, id).filter(f -> !f.deleted()));
            if (named.isPresent()) {
                var current = named.get();
                if (!actor.mayChange(current)) {
                    throw NotYours.slotTaken(); // learns nothing about a record it did not write, not even where it is
                }
                if (!current.slot().equals(draft.slot())) {
                    return new ClientIdWrite.OtherSlot(current);
                }
                return new ClientIdWrite.Written(upsert(tx, actor, draft.withoutClientFeedbackId(), now));
            }
            try {
                return new ClientIdWrite.Written(upsert(tx, actor, draft, now));
            } catch (IdempotencyConflict race) {
                if (attempt >= 2) {
                    throw race;
                }
            }
        }
    }

    private static Optional<WriteOutcome> replayOf(FeedbackWrites tx, Actor actor, String key, String fingerprint) {
        var tenant = actor.tenantId();
        return tx.findKey(tenant, key).map(used -> {
            var original = tx.lockById(tenant, used.feedbackId());
            if (original.isPresent() && !actor.mayChange(original.get())) {
                throw NotYours.keyOfAnother(key);
            }
            if (!used.fingerprint().equals(fingerprint)) {
                throw new IdempotencyConflict(key, used.feedbackId());
            }
            return new WriteOutcome.Replayed(original
                    .orElseThrow(() -> new ConcurrentChange("idempotency key " + key + " points at feedback purged meanwhile")));
        });
    }

    static Feedback patch(FeedbackWrites tx, Actor actor, String id, FeedbackPatch patch, FeedbackRules rules, Instant now) {
        var current = liveOwned(tx, actor, id);
        var next = current.patchedBy(patch, now).inheriting(tx.contextOf(actor.tenantId(), current.ownTarget()));
        if (next.sameValuesAs(current)) {
            return current; // nothing changed: no new revision, no history row
        }
        rules.checkStored(next);
        tx.replace(current, next);
        return next;
    }

    static Feedback delete(FeedbackWrites tx, Actor actor, String id, Instant now) {
        var current = liveOwned(tx, actor, id);
        var tombstone = current.tombstone(now);
        tx.replace(current, tombstone);
        return tombstone;
    }

    /** Undo by target rather than id (Contextual's "removed", Scale's DELETE); empty when the slot holds nothing live. */
    static Optional<Feedback> removeSlot(FeedbackWrites tx, Actor actor, Slot slot, Instant now) {
        return tx.lockBySlot(actor.tenantId(), slot.key())
                .filter(f -> !f.deleted() && actor.mayChange(f))
                .map(f -> {
                    var tombstone = f.tombstone(now);
                    tx.replace(f, tombstone);
                    return tombstone;
                });
    }

    private static Feedback liveOwned(FeedbackWrites tx, Actor actor, String id) {
        return tx.lockById(actor.tenantId(), id)
                .filter(f -> !f.deleted() && actor.mayChange(f))
                .orElseThrow(() -> new NotFound("feedback", id));
    }
}
