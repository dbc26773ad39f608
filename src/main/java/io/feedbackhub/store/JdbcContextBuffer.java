package io.feedbackhub.store;

import io.feedbackhub.core.ContextBuffer;
import io.feedbackhub.core.ContextSampling;
import io.feedbackhub.store.NamedSql.Params;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Keep-if-judged's settings and buffer (V29__context_core.sql). Outside the feedback writer: the buffer never changes
 * feedback, and a feedback write gains no statement from it. Whether a trace is judged is read when it would be
 * dropped, in the transaction that drops it, so feedback committed before that moment keeps the trace (RELIABILITY.md).
 */
public final class JdbcContextBuffer implements ContextBuffer {
    private static final NamedSql GET_SAMPLING = NamedSql.of("""
            SELECT keep_if_judged, window_seconds, updated_at FROM context_settings WHERE tenant_id = :tenant""");
    private static final NamedSql PUT_SAMPLING = NamedSql.of("""
            INSERT INTO context_settings (tenant_id, keep_if_judged, window_seconds, updated_at)
            VALUES (:tenant, :keep, :window, :now)
            ON CONFLICT (tenant_id) DO UPDATE SET keep_if_judged = excluded.keep_if_judged,
                window_seconds = excluded.window_seconds, updated_at = excluded.updated_at""");
    private static final NamedSql BUFFER = NamedSql.of("""
            INSERT INTO context_buffer (tenant_id, trace_id, bytes, buffered_at) VALUES (:tenant, :trace, :bytes, :now)
            ON CONFLICT (tenant_id, trace_id) DO UPDATE SET bytes = context_buffer.bytes + excluded.bytes""");
    private static final NamedSql TOTALS = NamedSql.of("""
            SELECT COUNT(*) AS traces, COALESCE(SUM(bytes), 0) AS bytes FROM context_buffer WHERE tenant_id = :tenant""");
    private static final NamedSql OLDEST = NamedSql.of("""
            SELECT trace_id, bytes FROM context_buffer WHERE tenant_id = :tenant ORDER BY buffered_at, trace_id LIMIT :limit""");
    private static final NamedSql EXPIRED = NamedSql.of("""
            SELECT b.tenant_id, b.trace_id FROM context_buffer b JOIN context_settings s ON s.tenant_id = b.tenant_id
            WHERE s.keep_if_judged AND b.buffered_at < :now - s.window_seconds * 1000
            ORDER BY b.buffered_at LIMIT :limit""");
    private static final NamedSql KEEP_ALL_OF_TENANTS_NOT_SAMPLING = NamedSql.of("""
            DELETE FROM context_buffer WHERE tenant_id IN (SELECT tenant_id FROM context_settings WHERE NOT keep_if_judged)""");
    private static final NamedSql JUDGED = NamedSql.of("""
            SELECT CASE WHEN EXISTS (SELECT 1 FROM feedback f WHERE f.tenant_id = :tenant AND (f.trace_id = :trace
                    OR f.message_id IN (SELECT m.id FROM messages m WHERE m.tenant_id = :tenant AND m.trace_id = :trace)))
                OR EXISTS (SELECT 1 FROM review_items r WHERE r.tenant_id = :tenant AND (r.trace_id = :trace
                    OR r.message_id IN (SELECT m.id FROM messages m WHERE m.tenant_id = :tenant AND m.trace_id = :trace)))
                THEN 1 ELSE 0 END AS judged""");
    private static final NamedSql DROP_MESSAGES = NamedSql.of("""
            DELETE FROM messages WHERE tenant_id = :tenant AND trace_id = :trace""");
    private static final NamedSql LEAVE_BUFFER = NamedSql.of("""
            DELETE FROM context_buffer WHERE tenant_id = :tenant AND trace_id = :trace""");
    /** Traces taken out per round trip: the sweep and the caps work in bounded transactions. */
    private static final int BATCH = 200;

    private final Database database;

    public JdbcContextBuffer(Database database) {
        this.database = database;
    }

    @Override
    public Optional<ContextSampling> sampling(String tenantId) {
        return database.read(c -> {
            try (var s = GET_SAMPLING.prepare(c, Params.of("tenant", tenantId)); var rs = s.executeQuery()) {
                return rs.next() ? Optional.of(new ContextSampling(rs.getBoolean("keep_if_judged"),
                        Duration.ofSeconds(rs.getLong("window_seconds")), Instant.ofEpochMilli(rs.getLong("updated_at"))))
                        : Optional.empty();
            }
        });
    }

    @Override
    public ContextSampling putSampling(String tenantId, ContextSampling sampling) {
        database.inTransaction(c -> update(c, PUT_SAMPLING, Params.of("tenant", tenantId).and("keep", sampling.keepIfJudged())
                .and("window", sampling.window().toSeconds()).and("now", sampling.updatedAt().toEpochMilli())));
        return sampling;
    }

    @Override
    public void buffer(String tenantId, java.util.SortedMap<String, Long> bytesByTrace, Instant now) {
        database.inTransaction(c -> {
            try (var s = c.prepareStatement(BUFFER.jdbcSql())) {
                for (var trace : bytesByTrace.entrySet()) {
                    BUFFER.bind(s, Params.of("tenant", tenantId).and("trace", trace.getKey()).and("bytes", trace.getValue())
                            .and("now", now.toEpochMilli()));
                    s.addBatch();
                }
                s.executeBatch();
            }
            return null;
        });
    }

    @Override
    public int enforceCaps(String tenantId, long maxTraces, long maxBytes) {
        return database.inTransaction(c -> {
            long traces;
            long bytes;
            try (var s = TOTALS.prepare(c, Params.of("tenant", tenantId)); var rs = s.executeQuery()) {
                rs.next();
                traces = rs.getLong("traces");
                bytes = rs.getLong("bytes");
            }
            int dropped = 0;
            while (traces > maxTraces || bytes > maxBytes) {
                var oldest = new ArrayList<Buffered>();
                try (var s = OLDEST.prepare(c, Params.of("tenant", tenantId).and("limit", BATCH)); var rs = s.executeQuery()) {
                    while (rs.next()) {
                        oldest.add(new Buffered(tenantId, rs.getString("trace_id"), rs.getLong("bytes")));
                    }
                }
                if (oldest.isEmpty()) {
                    break;
                }
                for (var b : oldest) {
                    if (traces <= maxTraces && bytes <= maxBytes) {
                        break;
                    }
                    dropped += takeOut(c, b) ? 1 : 0;
                    traces--;
                    bytes -= b.bytes();
                }
            }
            return dropped;
        });
    }

    @Override
    public int sweep(Instant now) {
        return database.inTransaction(c -> {
            update(c, KEEP_ALL_OF_TENANTS_NOT_SAMPLING, Params.of("unused", null));
            int dropped = 0;
            List<Buffered> expired;
            do {
                expired = new ArrayList<>();
                try (var s = EXPIRED.prepare(c, Params.of("now", now.toEpochMilli()).and("limit", BATCH)); var rs = s.executeQuery()) {
                    while (rs.next()) {
                        expired.add(new Buffered(rs.getString("tenant_id"), rs.getString("trace_id"), 0));
                    }
                }
                for (var b : expired) {
                    dropped += takeOut(c, b) ? 1 : 0;
                }
            } while (expired.size() == BATCH);
            return dropped;
        });
    }

    private record Buffered(String tenantId, String traceId, long bytes) {
    }

    /** Leaves the buffer: kept when judged, its messages dropped when not. Answers whether it was dropped. */
    private static boolean takeOut(Connection c, Buffered b) throws SQLException {
        var params = Params.of("tenant", b.tenantId()).and("trace", b.traceId());
        boolean judged;
        try (var s = JUDGED.prepare(c, params); var rs = s.executeQuery()) {
            rs.next();
            judged = rs.getInt("judged") == 1;
        }
        if (!judged) {
            update(c, DROP_MESSAGES, params);
        }
        update(c, LEAVE_BUFFER, params);
        return !judged;
    }

    private static int update(Connection c, NamedSql sql, Params params) throws SQLException {
        try (var s = sql.prepare(c, params)) {
            return s.executeUpdate();
        }
    }
}
