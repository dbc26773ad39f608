package io.feedbackhub.store;

import io.feedbackhub.core.Feedback;
import io.feedbackhub.core.Ids;
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
 * The live review filters of one feedback write transaction: the answer of each feedback written that matches a live
 * filter (and its sample) enters the filter's queue just before commit, on the write's own connection. So a match
 * enters its queue exactly when its feedback is committed, on every node, with no event stream to follow and nothing to
 * lose between the two. The cost for a tenant without live filters is one indexed read per transaction.
 */
final class LiveReviewFilters implements ChangeRecorder {
    private static final NamedSql LIVE = NamedSql.of("""
            SELECT queue_id, filter, sample_rate, seed FROM review_filters
            WHERE tenant_id = :tenant AND live = 1 AND source = 'feedback'""");
    private static final NamedSql INSERT_ITEM = NamedSql.of("""
            INSERT INTO review_items (tenant_id, queue_id, id, target_key, message_id, trace_id, thread_id, added_at)
            VALUES (:tenant, :queue, :id, :target_key, :message_id, :trace_id, :thread_id, :added_at)
            ON CONFLICT (tenant_id, queue_id, target_key) DO NOTHING""");
    private static final Memo<String, EventFilter> PARSED = new Memo<>(EventFilter::fromStored, 10_000);

    private record Live(String queueId, EventFilter filter, Double rate, String seed) {
    }

    private final LinkedHashMap<String, List<Feedback>> written = new LinkedHashMap<>();

    @Override
    public void change(Feedback before, Feedback after) {
        if (after != null && after.deletedAt() == null) {
            written.computeIfAbsent(after.tenantId(), t -> new ArrayList<>()).add(after);
        }
    }

    @Override
    public void purgedAuthor(String tenantId, String authorId) {
        var mine = written.get(tenantId);
        if (mine != null) {
            mine.removeIf(f -> authorId.equals(f.authorId()));
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
                    filters.add(new Live(rs.getString("queue_id"), PARSED.get(rs.getString("filter")), rateOrNull, rs.getString("seed")));
                }
            }
            for (var f : tenant.getValue()) {
                for (var filter : filters) {
                    if (filter.filter().matches(f)) {
                        add(connection, tenant.getKey(), filter.queueId(), f, filter.rate(), filter.seed());
                    }
                }
            }
        }
    }

    private static void add(Connection c, String tenantId, String queueId, Feedback f, Double rate, String seed) throws SQLException {
        var t = f.target();
        var item = ReviewItem.added(Ids.newId(), t.messageId(), null, t.messageId() == null ? t.traceId() : null, t.threadId(), f.updatedAt());
        if (rate != null && !Sample.keeps(seed, item.targetKey(), rate)) {
            return;
        }
        var params = Params.of("tenant", tenantId).and("queue", queueId).and("id", item.id()).and("target_key", item.targetKey())
                .and("message_id", item.messageId()).and("trace_id", item.traceId()).and("thread_id", item.threadId())
                .and("added_at", item.addedAt().toEpochMilli());
        try (var s = INSERT_ITEM.prepare(c, params)) {
            s.executeUpdate();
        }
    }
}
