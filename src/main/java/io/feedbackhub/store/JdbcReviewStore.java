package io.feedbackhub.store;

import io.feedbackhub.core.Message;
import io.feedbackhub.insight.agreement.Judgment;
import io.feedbackhub.review.Claim;
import io.feedbackhub.review.ItemFilter;
import io.feedbackhub.review.MessageFilter;
import io.feedbackhub.review.PairsCrowded;
import io.feedbackhub.review.Progress;
import io.feedbackhub.review.QueueKind;
import io.feedbackhub.review.ReviewItem;
import io.feedbackhub.review.ReviewQueue;
import io.feedbackhub.review.ReviewStore;
import io.feedbackhub.store.NamedSql.Params;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Review queues (V19__review_queues). A claim runs in one transaction: find the oldest item with a free slot for the
 * reviewer, lock its row, count its done and live slots again under the lock (another node may have filled one since
 * the search's snapshot), then take the slot. On PostgreSQL the search skips rows another claim holds
 * ({@code FOR UPDATE SKIP LOCKED}) so that sixteen reviewers do not queue behind one item, and only when every
 * candidate is locked does it wait for one; on SQLite the one writer (BEGIN IMMEDIATE) serializes claims.
 */
public final class JdbcReviewStore implements ReviewStore {
    private static final String QUEUE_COLUMNS = "id, name, kind, form, reviewers_per_item, blind, adjudicate, instructions, lease_ms, created_at";
    private static final String ITEM_COLUMNS = "id, message_id, other_message_id, trace_id, thread_id, added_at, resolved_name, resolved_label, resolved_by, resolved_at";
    /** A slot counts as taken while it is done or leased and the lease has not run out. */
    private static final String TAKEN = "(a.state = 'done' OR (a.state = 'leased' AND a.lease_expires_at > :now))";
    private static final String CLAIMED_BY_REVIEWER = "(a.state <> 'leased' OR a.lease_expires_at > :now)";

    private static final NamedSql INSERT_QUEUE = NamedSql.of("""
            INSERT INTO review_queues (tenant_id, id, name, kind, form, reviewers_per_item, blind, adjudicate, instructions, lease_ms, created_at)
            VALUES (:tenant, :id, :name, :kind, :form, :per_item, :blind, :adjudicate, :instructions, :lease_ms, :created_at)""");
    private static final NamedSql QUEUE = NamedSql.of("SELECT " + QUEUE_COLUMNS + " FROM review_queues WHERE tenant_id = :tenant AND id = :id");
    private static final NamedSql QUEUES = NamedSql.of("SELECT " + QUEUE_COLUMNS + " FROM review_queues WHERE tenant_id = :tenant ORDER BY id");
    private static final NamedSql INSERT_ITEM = NamedSql.of("""
            INSERT INTO review_items (tenant_id, queue_id, id, target_key, message_id, other_message_id, trace_id, thread_id, added_at)
            VALUES (:tenant, :queue, :id, :target_key, :message_id, :other_message_id, :trace_id, :thread_id, :added_at)
            ON CONFLICT (tenant_id, queue_id, target_key) DO NOTHING""");
    private static final NamedSql KEY_QUEUED = NamedSql.of(
            "SELECT COUNT(*) FROM review_items WHERE tenant_id = :tenant AND queue_id = :queue AND target_key = :target_key");
    private static final NamedSql FIRST_OF_A_PAIR = NamedSql.of("""
            SELECT COUNT(*) FROM review_items WHERE tenant_id = :tenant AND queue_id = :queue AND message_id = :message_id
              AND other_message_id IS NOT NULL""");
    private static final NamedSql ITEMS = NamedSql.of("SELECT " + ITEM_COLUMNS
            + " FROM review_items WHERE tenant_id = :tenant AND queue_id = :queue ORDER BY added_at, id");
    /** The registered messages of a queue's items, either side of a pair. */
    private static final NamedSql ITEM_MESSAGES = NamedSql.of("""
            SELECT m.id, m.model, m.metadata FROM messages m
            WHERE m.tenant_id = :tenant AND m.id IN (
                SELECT message_id FROM review_items WHERE tenant_id = :tenant AND queue_id = :queue AND message_id IS NOT NULL
                UNION SELECT other_message_id FROM review_items WHERE tenant_id = :tenant AND queue_id = :queue
                      AND other_message_id IS NOT NULL)""");
    private static final NamedSql ITEM = NamedSql.of("SELECT " + ITEM_COLUMNS
            + " FROM review_items WHERE tenant_id = :tenant AND queue_id = :queue AND id = :id");
    private static final NamedSql LIVE_LEASE = NamedSql.of("""
            SELECT item_id FROM review_assignments
            WHERE tenant_id = :tenant AND queue_id = :queue AND reviewer_id = :reviewer AND state = 'leased' AND lease_expires_at > :now
            ORDER BY updated_at, item_id LIMIT 1""");
    private static final String CANDIDATE = "SELECT " + ITEM_COLUMNS + """
             FROM review_items i
            WHERE i.tenant_id = :tenant AND i.queue_id = :queue AND i.reviews_done < :per_item
              AND (i.added_at > :after_at OR (i.added_at = :after_at AND i.id > :after_id))
              AND NOT EXISTS (SELECT 1 FROM review_assignments a WHERE a.tenant_id = i.tenant_id AND a.queue_id = i.queue_id
                              AND a.item_id = i.id AND a.reviewer_id = :reviewer AND\s""" + CLAIMED_BY_REVIEWER + """
            )
              AND (SELECT COUNT(*) FROM review_assignments a WHERE a.tenant_id = i.tenant_id AND a.queue_id = i.queue_id
                   AND a.item_id = i.id AND\s""" + TAKEN + """
            ) < :per_item
            ORDER BY i.added_at, i.id LIMIT 1""";
    private static final NamedSql CANDIDATE_SQLITE = NamedSql.of(CANDIDATE);
    private static final NamedSql CANDIDATE_POSTGRES_SKIP = NamedSql.of(CANDIDATE + " FOR UPDATE OF i SKIP LOCKED");
    private static final NamedSql CANDIDATE_POSTGRES_WAIT = NamedSql.of(CANDIDATE + " FOR UPDATE OF i");
    /** Under the item's lock: the slots taken now, and whether this reviewer already took or declined one. */
    private static final NamedSql SLOTS_UNDER_LOCK = NamedSql.of("""
            SELECT COUNT(*) AS taken,
                   COALESCE(SUM(CASE WHEN a.reviewer_id = :reviewer AND\s""" + CLAIMED_BY_REVIEWER + """
             THEN 1 ELSE 0 END), 0) AS mine
            FROM review_assignments a
            WHERE a.tenant_id = :tenant AND a.queue_id = :queue AND a.item_id = :item AND\s""" + TAKEN);
    private static final NamedSql SKIPPED_BY_REVIEWER = NamedSql.of("""
            SELECT COUNT(*) FROM review_assignments
            WHERE tenant_id = :tenant AND queue_id = :queue AND item_id = :item AND reviewer_id = :reviewer AND state = 'skipped'""");
    private static final NamedSql TAKE_SLOT = NamedSql.of("""
            INSERT INTO review_assignments (tenant_id, queue_id, item_id, reviewer_id, state, lease_expires_at, updated_at)
            VALUES (:tenant, :queue, :item, :reviewer, 'leased', :until, :now)
            ON CONFLICT (tenant_id, queue_id, item_id, reviewer_id) DO UPDATE SET state = 'leased',
                lease_expires_at = excluded.lease_expires_at, updated_at = excluded.updated_at""");
    private static final NamedSql RENEW = NamedSql.of("""
            UPDATE review_assignments SET lease_expires_at = :until, updated_at = :now
            WHERE tenant_id = :tenant AND queue_id = :queue AND item_id = :item AND reviewer_id = :reviewer AND state = 'leased'""");
    private static final String HELD = """
            WHERE tenant_id = :tenant AND queue_id = :queue AND item_id = :item AND reviewer_id = :reviewer
              AND state = 'leased' AND lease_expires_at > :now""";
    private static final NamedSql MAY_REVIEW = NamedSql.of("""
            SELECT COUNT(*) FROM review_assignments
            WHERE tenant_id = :tenant AND queue_id = :queue AND item_id = :item AND reviewer_id = :reviewer
              AND (state = 'done' OR (state = 'leased' AND lease_expires_at > :now))""");
    private static final NamedSql FINISH = NamedSql.of("UPDATE review_assignments SET state = 'done', updated_at = :now " + HELD);
    private static final NamedSql COUNT_REVIEW = NamedSql.of("""
            UPDATE review_items SET reviews_done = reviews_done + 1 WHERE tenant_id = :tenant AND queue_id = :queue AND id = :item
            RETURNING reviews_done""");
    private static final NamedSql RELEASE = NamedSql.of("DELETE FROM review_assignments " + HELD);
    private static final NamedSql SKIP = NamedSql.of("UPDATE review_assignments SET state = 'skipped', updated_at = :now " + HELD);
    private static final NamedSql ITEM_PROGRESS = NamedSql.of("""
            SELECT COUNT(*) AS items,
                   COALESCE(SUM(CASE WHEN reviews_done >= :per_item THEN 1 ELSE 0 END), 0) AS done_items,
                   COALESCE(SUM(reviews_done), 0) AS reviews
            FROM review_items WHERE tenant_id = :tenant AND queue_id = :queue""");
    private static final NamedSql REVIEWER_PROGRESS = NamedSql.of("""
            SELECT reviewer_id,
                   SUM(CASE WHEN state = 'done' THEN 1 ELSE 0 END) AS reviewed,
                   SUM(CASE WHEN state = 'leased' AND lease_expires_at > :now THEN 1 ELSE 0 END) AS leased,
                   SUM(CASE WHEN state = 'skipped' THEN 1 ELSE 0 END) AS skipped
            FROM review_assignments WHERE tenant_id = :tenant AND queue_id = :queue
            GROUP BY reviewer_id ORDER BY reviewer_id""");
    /** The reviews on a queue's items: an item names its message, else its trace (then the feedback names no message). */
    private static final NamedSql RATINGS = NamedSql.of("""
            SELECT i.id AS unit, f.author_id AS rater, f.source, f.label, f.score
            FROM review_items i JOIN feedback f ON f.tenant_id = i.tenant_id
                 AND ((i.message_id IS NOT NULL AND f.message_id = i.message_id)
                      OR (i.message_id IS NULL AND f.message_id IS NULL AND f.trace_id = i.trace_id))
            WHERE i.tenant_id = :tenant AND i.queue_id = :queue AND f.name = :name AND f.source = 'reviewer'
              AND f.deleted_at IS NULL AND f.content_id IS NULL AND f.author_id IS NOT NULL
              AND (f.label IS NOT NULL OR f.score IS NOT NULL)
              AND (CAST(:from_ms AS BIGINT) IS NULL OR f.created_at >= :from_ms)
              AND (CAST(:to_ms AS BIGINT) IS NULL OR f.created_at < :to_ms)
            ORDER BY i.id, f.author_id""");
    private static final NamedSql INSERT_FILTER = NamedSql.of("""
            INSERT INTO review_filters (tenant_id, queue_id, id, source, filter, sample_rate, seed, live, created_at)
            VALUES (:tenant, :queue, :id, :source, :filter, :sample_rate, :seed, :live, :created_at)""");
    private static final NamedSql FILTERS = NamedSql.of("""
            SELECT id, queue_id, source, filter, sample_rate, seed, live, created_at FROM review_filters
            WHERE tenant_id = :tenant AND queue_id = :queue ORDER BY created_at, id""");
    private static final NamedSql STOP_FILTER = NamedSql.of(
            "UPDATE review_filters SET live = 0 WHERE tenant_id = :tenant AND queue_id = :queue AND id = :id");
    private static final NamedSql MESSAGES = NamedSql.of("""
            SELECT id, thread_id, model, metadata, created_at FROM messages
            WHERE tenant_id = :tenant AND (CAST(:thread AS TEXT) IS NULL OR thread_id = :thread)
              AND (CAST(:model AS TEXT) IS NULL OR model = :model)
              AND created_at >= :from AND created_at < :to
              AND (created_at > :after_at OR (created_at = :after_at AND id > :after_id))
            ORDER BY created_at, id LIMIT 1000""");
    private static final NamedSql LATEST_ANSWER = NamedSql.of("""
            SELECT id FROM messages WHERE tenant_id = :tenant AND thread_id = :thread AND (role IS NULL OR role NOT IN ('user', 'system', 'tool'))
            ORDER BY created_at DESC, id DESC LIMIT 1""");
    private static final NamedSql THREAD_KNOWN = NamedSql.of("""
            SELECT (SELECT COUNT(*) FROM threads WHERE tenant_id = :tenant AND id = :thread)
                 + (SELECT COUNT(*) FROM (SELECT 1 FROM messages WHERE tenant_id = :tenant AND thread_id = :thread LIMIT 1) m)""");
    /** An item the reviewer has not answered for good: neither submitted nor skipped. */
    private static final String NOT_ANSWERED_BY = """
            NOT EXISTS (SELECT 1 FROM review_assignments a WHERE a.tenant_id = i.tenant_id AND a.queue_id = i.queue_id
                        AND a.item_id = i.id AND a.reviewer_id = %s AND a.state IN ('done', 'skipped'))""";
    /**
     * A scalar subquery with LIMIT 1 rather than EXISTS: PostgreSQL plans that EXISTS as a hash semi-join over every
     * item of the queue (34 ms at 100,000 items), the LIMIT as a scan that stops at the first pending one (0.04 ms).
     */
    private static final NamedSql BLIND_QUEUES_PENDING = NamedSql.of("SELECT " + QUEUE_COLUMNS + """
             FROM review_queues q
            WHERE q.tenant_id = :tenant AND q.blind = 1
              AND EXISTS (SELECT 1 FROM review_assignments a WHERE a.tenant_id = q.tenant_id AND a.queue_id = q.id
                          AND a.reviewer_id = :reviewer)
              AND (SELECT 1 FROM review_items i WHERE i.tenant_id = q.tenant_id AND i.queue_id = q.id
                   AND i.reviews_done < q.reviewers_per_item AND\s""" + NOT_ANSWERED_BY.formatted(":reviewer") + """
             LIMIT 1) IS NOT NULL
            ORDER BY q.id""");
    private static final NamedSql RESOLVE = NamedSql.of("""
            UPDATE review_items SET resolved_name = :name, resolved_label = :label, resolved_by = :by, resolved_at = :now
            WHERE tenant_id = :tenant AND queue_id = :queue AND id = :item""");

    private final Database database;

    public JdbcReviewStore(Database database) {
        this.database = database;
    }

    @Override
    public void createQueue(String tenantId, ReviewQueue q) {
        var params = Params.of("tenant", tenantId).and("id", q.id()).and("name", q.name()).and("kind", q.kind().wire())
                .and("form", JsonColumns.list(q.form())).and("per_item", q.reviewersPerItem()).and("blind", q.blind() ? 1 : 0)
                .and("adjudicate", q.adjudicate() ? 1 : 0).and("instructions", q.instructions())
                .and("lease_ms", q.lease().toMillis()).and("created_at", q.createdAt().toEpochMilli());
        database.inTransaction(c -> update(c, INSERT_QUEUE, params));
    }

    @Override
    public Optional<ReviewQueue> queue(String tenantId, String queueId) {
        return database.read(c -> first(c, QUEUE, Params.of("tenant", tenantId).and("id", queueId), JdbcReviewStore::queue));
    }

    @Override
    public List<ReviewQueue> queues(String tenantId) {
        return database.read(c -> all(c, QUEUES, Params.of("tenant", tenantId), JdbcReviewStore::queue));
    }

    @Override
    public List<ReviewItem> addItems(String tenantId, String queueId, List<ReviewItem> items) {
        return database.inTransaction(c -> {
            var added = new ArrayList<ReviewItem>();
            var crowded = new ArrayList<ReviewItem>();
            for (var candidate : items) {
                var item = candidate;
                var queued = Params.of("tenant", tenantId).and("queue", queueId).and("target_key", item.targetKey());
                if (item.isPair() && first(c, KEY_QUEUED, queued, rs -> rs.getLong(1)).orElse(0L) == 0) {
                    if (firstOfAPair(c, tenantId, queueId, item.messageId())) {
                        if (firstOfAPair(c, tenantId, queueId, item.otherMessageId())) {
                            crowded.add(item);
                            continue;
                        }
                        item = item.swapped();
                    }
                }
                var params = Params.of("tenant", tenantId).and("queue", queueId).and("id", item.id()).and("target_key", item.targetKey())
                        .and("message_id", item.messageId()).and("other_message_id", item.otherMessageId())
                        .and("trace_id", item.traceId()).and("thread_id", item.threadId())
                        .and("added_at", item.addedAt().toEpochMilli());
                if (update(c, INSERT_ITEM, params) == 1) {
                    added.add(item);
                }
            }
            if (!crowded.isEmpty()) {
                throw new PairsCrowded(crowded);
            }
            return added;
        });
    }

    private static boolean firstOfAPair(Connection c, String tenantId, String queueId, String messageId) throws SQLException {
        return first(c, FIRST_OF_A_PAIR, Params.of("tenant", tenantId).and("queue", queueId).and("message_id", messageId),
                rs -> rs.getLong(1)).orElse(0L) > 0;
    }

    @Override
    public List<ReviewItem> items(String tenantId, String queueId) {
        return database.read(c -> all(c, ITEMS, Params.of("tenant", tenantId).and("queue", queueId), JdbcReviewStore::item));
    }

    @Override
    public Map<String, Message> itemMessages(String tenantId, String queueId) {
        return database.read(c -> {
            var out = new HashMap<String, Message>();
            for (var m : all(c, ITEM_MESSAGES, Params.of("tenant", tenantId).and("queue", queueId), rs -> new Message(rs.getString("id"),
                    null, null, null, null, rs.getString("model"), JsonColumns.map(rs.getString("metadata")), null, null))) {
                out.put(m.id(), m);
            }
            return out;
        });
    }

    @Override
    public Optional<ReviewItem> item(String tenantId, String queueId, String itemId) {
        return database.read(c -> first(c, ITEM, itemParams(tenantId, queueId, itemId), JdbcReviewStore::item));
    }

    @Override
    public Optional<Claim> claim(String tenantId, ReviewQueue queue, String reviewerId, Instant now) {
        var until = now.plus(queue.lease());
        // one set of values, the search position and the item filled in as the claim goes
        var params = Params.of("tenant", tenantId).and("queue", queue.id()).and("reviewer", reviewerId).and("now", now.toEpochMilli())
                .and("until", until.toEpochMilli()).and("per_item", queue.reviewersPerItem());
        return database.inTransaction(c -> {
            params.and("after_at", -1L).and("after_id", "");
            var held = first(c, LIVE_LEASE, params, rs -> rs.getString(1));
            if (held.isPresent()) {
                update(c, RENEW, params.and("item", held.get()));
                return first(c, ITEM, itemParams(tenantId, queue.id(), held.get()), JdbcReviewStore::item)
                        .map(item -> new Claim(item, reviewerId, until));
            }
            while (true) {
                var candidate = database.kind() == DatabaseKind.POSTGRES
                        ? first(c, CANDIDATE_POSTGRES_SKIP, params, JdbcReviewStore::item)
                                .or(() -> uncheckedFirst(c, CANDIDATE_POSTGRES_WAIT, params))
                        : first(c, CANDIDATE_SQLITE, params, JdbcReviewStore::item);
                if (candidate.isEmpty()) {
                    return Optional.<Claim>empty();
                }
                var item = candidate.get();
                params.and("item", item.id());
                if (slotFree(c, queue, params)) {
                    update(c, TAKE_SLOT, params);
                    return Optional.of(new Claim(item, reviewerId, until));
                }
                params.and("after_at", item.addedAt().toEpochMilli()).and("after_id", item.id());
            }
        });
    }

    /** Counted under the item's lock: the search's snapshot may predate another node's claim on it. */
    private static boolean slotFree(Connection c, ReviewQueue queue, Params slot) throws SQLException {
        try (var s = SLOTS_UNDER_LOCK.prepare(c, slot); var rs = s.executeQuery()) {
            rs.next();
            if (rs.getLong("taken") >= queue.reviewersPerItem() || rs.getLong("mine") > 0) {
                return false;
            }
        }
        return first(c, SKIPPED_BY_REVIEWER, slot, rs -> rs.getLong(1)).orElse(0L) == 0;
    }

    private static Optional<ReviewItem> uncheckedFirst(Connection c, NamedSql sql, Params params) {
        try {
            return first(c, sql, params, JdbcReviewStore::item);
        } catch (SQLException e) {
            throw StoreErrors.classify(e);
        }
    }

    @Override
    public boolean mayReview(String tenantId, String queueId, String itemId, String reviewerId, Instant now) {
        return database.read(c -> first(c, MAY_REVIEW, held(tenantId, queueId, itemId, reviewerId, now), rs -> rs.getLong(1)).orElse(0L) > 0);
    }

    @Override
    public boolean finish(String tenantId, ReviewQueue queue, String itemId, String reviewerId, Instant now) {
        var params = held(tenantId, queue.id(), itemId, reviewerId, now);
        return database.inTransaction(c -> {
            if (update(c, FINISH, params) == 0) {
                return false;
            }
            return first(c, COUNT_REVIEW, params, rs -> rs.getInt(1)).orElse(0) == queue.reviewersPerItem();
        });
    }

    @Override
    public boolean release(String tenantId, String queueId, String itemId, String reviewerId, Instant now) {
        return database.inTransaction(c -> update(c, RELEASE, held(tenantId, queueId, itemId, reviewerId, now)) == 1);
    }

    @Override
    public boolean skip(String tenantId, String queueId, String itemId, String reviewerId, Instant now) {
        return database.inTransaction(c -> update(c, SKIP, held(tenantId, queueId, itemId, reviewerId, now)) == 1);
    }

    @Override
    public Progress progress(String tenantId, ReviewQueue queue, Instant now) {
        var params = Params.of("tenant", tenantId).and("queue", queue.id()).and("per_item", queue.reviewersPerItem()).and("now", now.toEpochMilli());
        return database.read(c -> {
            var reviewers = all(c, REVIEWER_PROGRESS, params, rs -> new Progress.ReviewerProgress(rs.getString("reviewer_id"),
                    rs.getLong("reviewed"), rs.getLong("leased"), rs.getLong("skipped")));
            try (var s = ITEM_PROGRESS.prepare(c, params); var rs = s.executeQuery()) {
                rs.next();
                long items = rs.getLong("items");
                long reviews = rs.getLong("reviews");
                long leased = reviewers.stream().mapToLong(Progress.ReviewerProgress::leased).sum();
                return new Progress(items, rs.getLong("done_items"), reviews, leased,
                        Math.max(0, items * queue.reviewersPerItem() - reviews), reviewers);
            }
        });
    }

    @Override
    public List<Judgment> ratings(String tenantId, String queueId, String name, Instant from, Instant to) {
        return database.read(c -> all(c, RATINGS, Params.of("tenant", tenantId).and("queue", queueId).and("name", name)
                .and("from_ms", from == null ? null : from.toEpochMilli()).and("to_ms", to == null ? null : to.toEpochMilli()),
                JdbcReviewStore::judgment));
    }

    @Override
    public void resolve(String tenantId, String queueId, String itemId, String name, String label, String adjudicator, Instant now) {
        database.inTransaction(c -> update(c, RESOLVE, itemParams(tenantId, queueId, itemId).and("name", name).and("label", label)
                .and("by", adjudicator).and("now", now.toEpochMilli())));
    }

    @Override
    public void createFilter(String tenantId, ItemFilter f) {
        database.inTransaction(c -> update(c, INSERT_FILTER, Params.of("tenant", tenantId).and("queue", f.queueId()).and("id", f.id())
                .and("source", f.source()).and("filter", f.filter()).and("sample_rate", f.sampleRate()).and("seed", f.seed())
                .and("live", f.live() ? 1 : 0).and("created_at", f.createdAt().toEpochMilli())));
    }

    @Override
    public List<ItemFilter> filters(String tenantId, String queueId) {
        return database.read(c -> all(c, FILTERS, Params.of("tenant", tenantId).and("queue", queueId), JdbcReviewStore::filter));
    }

    @Override
    public boolean stopFilter(String tenantId, String queueId, String filterId) {
        return database.inTransaction(c -> update(c, STOP_FILTER, Params.of("tenant", tenantId).and("queue", queueId).and("id", filterId)) == 1);
    }

    @Override
    public Optional<String> latestAnswer(String tenantId, String threadId) {
        return database.read(c -> first(c, LATEST_ANSWER, Params.of("tenant", tenantId).and("thread", threadId), rs -> rs.getString(1)));
    }

    @Override
    public boolean threadKnown(String tenantId, String threadId) {
        return database.read(c -> first(c, THREAD_KNOWN, Params.of("tenant", tenantId).and("thread", threadId), rs -> rs.getLong(1))
                .orElse(0L) > 0);
    }

    @Override
    public List<ReviewQueue> blindQueuesPending(String tenantId, String reviewerId) {
        return database.read(c -> all(c, BLIND_QUEUES_PENDING, Params.of("tenant", tenantId).and("reviewer", reviewerId), JdbcReviewStore::queue));
    }

    /** Single answers by their unique target key; pairs by either message (a pairwise queue has no trace items). */
    @Override
    public Set<String> pendingAnswers(String tenantId, String reviewerId, List<ReviewQueue> queues, Collection<String> answerKeys) {
        var kind = database.kind();
        var messageIds = answerKeys.stream().filter(k -> k.startsWith("message:")).map(k -> k.substring("message:".length())).toList();
        return database.read(c -> {
            var out = new HashSet<String>();
            for (var queue : queues) {
                boolean pairs = queue.kind() == QueueKind.PAIRWISE;
                for (var chunk : MultiRowStatements.chunks(pairs ? messageIds : answerKeys)) {
                    var match = pairs
                            ? "i.other_message_id IS NOT NULL AND (" + MultiRowStatements.anyOf(kind, "i.message_id", chunk.size())
                              + " OR " + MultiRowStatements.anyOf(kind, "i.other_message_id", chunk.size()) + ")"
                            : MultiRowStatements.anyOf(kind, "i.target_key", chunk.size());
                    var sql = "SELECT i.message_id, i.other_message_id, i.target_key FROM review_items i WHERE i.tenant_id = ? AND i.queue_id = ?"
                            + " AND i.reviews_done < ? AND " + NOT_ANSWERED_BY.formatted("?") + " AND " + match;
                    try (var s = c.prepareStatement(sql)) {
                        s.setString(1, tenantId);
                        s.setString(2, queue.id());
                        s.setInt(3, queue.reviewersPerItem());
                        s.setString(4, reviewerId);
                        int at = MultiRowStatements.bindIds(c, kind, s, 5, chunk);
                        if (pairs) {
                            MultiRowStatements.bindIds(c, kind, s, at, chunk);
                        }
                        try (var rs = s.executeQuery()) {
                            while (rs.next()) {
                                if (pairs) {
                                    out.add("message:" + rs.getString(1));
                                    out.add("message:" + rs.getString(2));
                                } else {
                                    out.add(rs.getString(3));
                                }
                            }
                        }
                    }
                }
            }
            out.retainAll(answerKeys instanceof Set<?> ? answerKeys : new HashSet<>(answerKeys));
            return out;
        });
    }

    /** Pages through the tenant's messages by creation; metadata is compared here, on the parsed column. */
    @Override
    public List<Message> messages(String tenantId, MessageFilter filter, int max) {
        var params = Params.of("tenant", tenantId).and("thread", filter.threadId()).and("model", filter.model())
                .and("from", filter.createdFrom() == null ? Long.MIN_VALUE : filter.createdFrom().toEpochMilli())
                .and("to", filter.createdTo() == null ? Long.MAX_VALUE : filter.createdTo().toEpochMilli())
                .and("after_at", Long.MIN_VALUE).and("after_id", "");
        var out = new ArrayList<Message>();
        while (out.size() < max) {
            var page = database.read(c -> all(c, MESSAGES, params, rs -> new Message(rs.getString("id"), rs.getString("thread_id"), null,
                    null, null, rs.getString("model"), JsonColumns.map(rs.getString("metadata")), Instant.ofEpochMilli(rs.getLong("created_at")), null)));
            for (var m : page) {
                if (out.size() < max && m.metadata().entrySet().containsAll(filter.metadata().entrySet())) {
                    out.add(m);
                }
            }
            if (page.size() < 1000) {
                break;
            }
            var last = page.getLast();
            params.and("after_at", last.createdAt().toEpochMilli()).and("after_id", last.id());
        }
        return out;
    }

    private static ItemFilter filter(ResultSet rs) throws SQLException {
        double rate = rs.getDouble("sample_rate");
        Double rateOrNull = rs.wasNull() ? null : rate;
        return new ItemFilter(rs.getString("id"), rs.getString("queue_id"), rs.getString("source"), rs.getString("filter"), rateOrNull,
                rs.getString("seed"), rs.getInt("live") == 1, Instant.ofEpochMilli(rs.getLong("created_at")));
    }

    /** A row of {@code unit, rater, source, label, score}; shared with {@link JdbcJudgmentReader}. */
    static Judgment judgment(ResultSet rs) throws SQLException {
        double score = rs.getDouble("score");
        Double scoreOrNull = rs.wasNull() ? null : score;
        return new Judgment(rs.getString("unit"), rs.getString("rater"), rs.getString("source"), rs.getString("label"), scoreOrNull);
    }

    private static Params itemParams(String tenantId, String queueId, String itemId) {
        return Params.of("tenant", tenantId).and("queue", queueId).and("id", itemId).and("item", itemId);
    }

    private static Params held(String tenantId, String queueId, String itemId, String reviewerId, Instant now) {
        return Params.of("tenant", tenantId).and("queue", queueId).and("item", itemId).and("reviewer", reviewerId).and("now", now.toEpochMilli());
    }

    private static ReviewQueue queue(ResultSet rs) throws SQLException {
        return new ReviewQueue(rs.getString("id"), rs.getString("name"),
                QueueKind.valueOf(rs.getString("kind").toUpperCase(Locale.ROOT)), JsonColumns.list(rs.getString("form")),
                rs.getInt("reviewers_per_item"), rs.getInt("blind") == 1, rs.getInt("adjudicate") == 1, rs.getString("instructions"),
                Duration.ofMillis(rs.getLong("lease_ms")), Instant.ofEpochMilli(rs.getLong("created_at")));
    }

    private static ReviewItem item(ResultSet rs) throws SQLException {
        long resolvedAt = rs.getLong("resolved_at");
        var resolved = rs.wasNull() ? null : Instant.ofEpochMilli(resolvedAt);
        return new ReviewItem(rs.getString("id"), rs.getString("message_id"), rs.getString("other_message_id"), rs.getString("trace_id"), rs.getString("thread_id"),
                Instant.ofEpochMilli(rs.getLong("added_at")), rs.getString("resolved_name"), rs.getString("resolved_label"),
                rs.getString("resolved_by"), resolved);
    }

    private static int update(Connection c, NamedSql sql, Params params) throws SQLException {
        try (var s = sql.prepare(c, params)) {
            return s.executeUpdate();
        }
    }

    private static <T> Optional<T> first(Connection c, NamedSql sql, Params params, RowMapper<T> mapper) throws SQLException {
        try (var s = sql.prepare(c, params); var rs = s.executeQuery()) {
            return rs.next() ? Optional.of(mapper.map(rs)) : Optional.empty();
        }
    }

    private static <T> List<T> all(Connection c, NamedSql sql, Params params, RowMapper<T> mapper) throws SQLException {
        try (var s = sql.prepare(c, params); var rs = s.executeQuery()) {
            var out = new ArrayList<T>();
            while (rs.next()) {
                out.add(mapper.map(rs));
            }
            return out;
        }
    }
}
