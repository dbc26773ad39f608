package io.feedbackhub.store;

import io.feedbackhub.insight.agreement.Judgment;
import io.feedbackhub.insight.agreement.JudgmentQuery;
import io.feedbackhub.insight.agreement.JudgmentReader;
import io.feedbackhub.store.NamedSql.Params;

import java.util.ArrayList;
import java.util.List;

/**
 * The live feedback of one name, for agreement between any raters. A unit is the feedback's slot target: the message,
 * else the trace, else the thread, and the retrieved chunk when the feedback is about one.
 */
public final class JdbcJudgmentReader implements JudgmentReader {
    private static final NamedSql JUDGMENTS = NamedSql.of("""
            SELECT COALESCE('message:' || message_id, 'trace:' || trace_id, 'thread:' || thread_id)
                       || COALESCE(' content:' || content_id, '') AS unit,
                   author_id AS rater, source, label, score
            FROM feedback
            WHERE tenant_id = :tenant AND name = :name AND deleted_at IS NULL AND author_id IS NOT NULL
              AND (label IS NOT NULL OR score IS NOT NULL)
              AND (CAST(:source AS TEXT) IS NULL OR source = :source)
              AND (CAST(:agent AS TEXT) IS NULL OR agent_id = :agent)
              AND (CAST(:from_ms AS BIGINT) IS NULL OR created_at >= :from_ms)
              AND (CAST(:to_ms AS BIGINT) IS NULL OR created_at < :to_ms)
            ORDER BY unit, rater
            LIMIT :limit""");

    private final Database database;

    public JdbcJudgmentReader(Database database) {
        this.database = database;
    }

    @Override
    public List<Judgment> judgments(String tenantId, JudgmentQuery q, int max) {
        var params = Params.of("tenant", tenantId).and("name", q.name()).and("source", q.source()).and("agent", q.agentId())
                .and("from_ms", q.from() == null ? null : q.from().toEpochMilli())
                .and("to_ms", q.to() == null ? null : q.to().toEpochMilli()).and("limit", max + 1);
        return database.read(c -> {
            try (var s = JUDGMENTS.prepare(c, params); var rs = s.executeQuery()) {
                var out = new ArrayList<Judgment>();
                while (rs.next()) {
                    out.add(JdbcReviewStore.judgment(rs));
                }
                return out;
            }
        });
    }
}
