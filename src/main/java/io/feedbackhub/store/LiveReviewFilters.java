package io.feedbackhub.store;

import io.feedbackhub.core.Feedback;
import io.feedbackhub.core.Ids;
import io.feedbackhub.core.Message;
import io.feedbackhub.review.ItemFilter;
import io.feedbackhub.review.MessageFilter;
import io.feedbackhub.review.ReviewItem;
import io.feedbackhub.review.Sample;
import io.feedbackhub.store.NamedSql.Params;
import io.feedbackhub.webhooks.EventFilter;
import io.feedbackhub.webhooks.Memo;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The live review filters of one write transaction: the answer of each feedback written that matches a live feedback
 * filter, and each message registered or changed that matches a live message filter (and its sample), enters the
 * filter's queue just before commit, on the write's own connection. So a match enters its queue exactly when its
 * write is committed, on every node, with no event stream to follow and nothing to lose between the two. The cost for
 * a tenant without live filters is one indexed read per transaction.
 */
final class LiveReviewFilters implements ChangeRecorder {
    private static final NamedSql LIVE = NamedSql.of("""
            SELECT queue_id, source, filter, sample_rate, seed FROM review_filters
            WHERE tenant_id = :tenant AND live = 1""");
    private static final NamedSql INSERT_ITEM = NamedSql.of("""
            INSERT INTO review_items (tenant_id, queue_id, id, target_key, message_id, trace_id, thread_id, added_at)
            VALUES (:tenant, :queue, :id, :target_key, :message_id, :trace_id, :thread_id, :added_at)
            ON CONFLICT (tenant_id, queue_id, target_key) DO NOTHING""");
    private static final Memo<String, EventFilter> FEEDBACK_FILTERS = new Memo<>(EventFilter::fromStored, 10_000);
    private static final Memo<String, MessageFilter> MESSAGE_FILTERS = new Memo<>(MessageFilter::fromStored, 10_000);

    private record Live(String queueId, String source, String filter, Double rate, String seed) {
    }

    /** Per tenant, what this transaction wrote: feedback and messages. */
    private record Written(List<Feedback> feedback, List<Message> messages) {
    }

    private final LinkedHashMap<String, Written> written = new LinkedHashMap<>();

    private Written of(String tenantId) {
        return written.computeIfAbsent(tenantId, t -> new Written(new ArrayList<>(), new ArrayList<>()));
    }

    @Override
    public void change(Feedback before, Feedback after) {
        if (after != null && after.deletedAt() == null) {
            of(after.tenantId()).feedback().add(after);
        }
    }

    @Override
    public void message(String tenantId, Message after) {
        of(tenantId).messages().add(after);
    }

    @Override
    public void purgedAuthor(String tenantId, String authorId) {
        var mine = written.get(tenantId);
        if (mine != null) {
            mine.feedback().removeIf(f -> authorId.equals(f.authorId()));
        }
    }

    @Override
    public void flush(Connection connection) throws SQLException {
        for (var tenant : written.entrySet()) {
            var filters = new ArrayList<Live>();
            try (var s = LIVE.prepare(connection, Params.of("tenant", tenant.getKey())); var rs = s.executeQuery()) {
                while (rs.next()) {
                    double rate = rs.getDouble("sample_rate");
                    Double rateOrNull = rs.wasNull() ? null : rate;
                    filters.add(new Live(rs.getString("queue_id"), rs.getString("source"), rs.getString("filter"), rateOrNull, rs.getString("seed")));
                }
            }
            for (var filter : filters) {
                if (filter.source().equals(ItemFilter.FEEDBACK)) {
                    var parsed = FEEDBACK_FILTERS.get(filter.filter());
                    for (var f : tenant.getValue().feedback()) {
                        if (parsed.matches(f)) {
                            var t = f.target();
                            add(connection, tenant.getKey(), filter, ReviewItem.added(Ids.newId(), t.messageId(), null,
                                    t.messageId() == null ? t.traceId() : null, t.threadId(), f.updatedAt()));
                        }
                    }
                } else {
                    var parsed = MESSAGE_FILTERS.get(filter.filter());
                    for (var m : tenant.getValue().messages()) {
                        if (parsed.matches(m)) {
                            add(connection, tenant.getKey(), filter, ReviewItem.added(Ids.newId(), m.id(), null, null, m.threadId(), m.updatedAt()));
                        }
                    }
                }
            }
        }
    }

    private static void add(Connection c, String tenantId, Live filter, ReviewItem item) throws SQLException {
        if (filter.rate() != null && !Sample.keeps(filter.seed(), item.targetKey(), filter.rate())) {
            return;
        }
        var params = Params.of("tenant", tenantId).and("queue", filter.queueId()).and("id", item.id()).and("target_key", item.targetKey())
                .and("message_id", item.messageId()).and("trace_id", item.traceId()).and("thread_id", item.threadId())
                .and("added_at", item.addedAt().toEpochMilli());
        try (var s = INSERT_ITEM.prepare(c, params)) {
            s.executeUpdate();
        }
    }
}
