package io.feedbackhub.webhooks;

import io.feedbackhub.core.Feedback;
import io.feedbackhub.core.Ids;
import io.feedbackhub.insight.Scales;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Objects;

/**
 * The webhook events of one write transaction, collected as the writes happen and written just before commit
 * (like the rollups), so that a change is committed together with its events or not at all: no acknowledged
 * change is ever missing its event, whatever happens to the process after the commit.
 *
 * <p>Each event is matched against the tenant's enabled endpoints here, once (so a filter sees the record as written,
 * even a purged one), and stored as one row naming the endpoints that want it and the revision it reports; nothing at
 * all is stored for tenants without webhooks (their cost is one indexed read per tenant and transaction). Rendering its
 * body from that revision, turning the row into deliveries and delivering them is left to the {@link Dispatcher}, after
 * commit, outside any write: on SQLite every write waits for the one writer thread that runs this.
 *
 * <p>An author purge also erases the author's earlier events from the outbox (their payloads hold what the author
 * wrote), and what the same transaction wrote for that author before the purge never becomes an event; each purged
 * record becomes a {@code feedback.purged} event that names its id only.
 */
public final class OutboxWriter {
    private sealed interface Step {
    }

    private record Changed(EventType type, Feedback record) implements Step {
    }

    private record Purge(String tenantId, String authorId) implements Step {
    }

    private final WriteActivity writes;
    private final EventBodies bodies;
    private final List<Step> steps = new ArrayList<>();

    /** {@code writes} learns of every transaction that changed feedback. */
    public OutboxWriter(WriteActivity writes, EventBodies bodies) {
        this.writes = writes;
        this.bodies = bodies;
    }

    /** The record went from {@code before} to {@code after}; either may be null (none) or a tombstone; after null is a purge. */
    public void change(Feedback before, Feedback after) {
        EventType.of(before, after).ifPresent(type -> steps.add(new Changed(type, after != null ? after : before)));
    }

    /** Called before the {@link #change}s of the purged records. */
    public void purgedAuthor(String tenantId, String authorId) {
        steps.add(new Purge(tenantId, authorId));
    }

    /** Writes the events, one outbox row each; called once, just before the transaction commits. */
    public void flush(OutboxTransaction outbox) {
        if (steps.isEmpty()) {
            return;
        }
        writes.wrote();
        var changes = new ArrayList<Changed>();
        for (var step : steps) {
            switch (step) {
                case Changed c -> changes.add(c);
                case Purge p -> {
                    changes.removeIf(c -> c.type() != EventType.FEEDBACK_PURGED && c.record().tenantId().equals(p.tenantId())
                            && Objects.equals(c.record().authorId(), p.authorId()));
                    outbox.eraseEventsOf(p.tenantId(), p.authorId());
                }
            }
        }
        steps.clear();
        if (changes.isEmpty()) {
            return;
        }
        var subscriptions = new HashMap<String, List<Subscription>>();
        var now = Instant.now();
        var events = new ArrayList<OutboxEvent>();
        for (var c : changes) {
            var record = c.record();
            var wanting = subscriptions.computeIfAbsent(record.tenantId(), outbox::subscriptions).stream()
                    .filter(s -> s.wants(c.type(), record)).map(Subscription::endpointId).toList();
            if (!wanting.isEmpty()) {
                // the body is rendered after commit, from the revision (off the writer thread, which every write waits
                // for); a purge notice carries only the id, as the record is gone by then
                events.add(c.type() == EventType.FEEDBACK_PURGED
                        ? new OutboxEvent(record.tenantId(), Ids.newId(), c.type(), null, bodies.render(c.type(), record, now, Scales.NONE), null, null, wanting)
                        : new OutboxEvent(record.tenantId(), Ids.newId(), c.type(), record.authorId(), "", record.id(), record.revision(), wanting));
            }
        }
        outbox.insert(events, now);
    }
}
