package io.feedbackhub.store;

import io.feedbackhub.core.FeedbackQuery;
import io.feedbackhub.store.NamedSql.Params;

/**
 * The WHERE conditions of a {@link FeedbackQuery} on the {@code feedback} table (unaliased columns), values bound as
 * named parameters: the one mapping from filters to SQL, for the listing, its count and the export.
 */
final class FeedbackFilterSql {
    private FeedbackFilterSql() {
    }

    /** Appends " AND …" for every filter set in {@code q} (not its cursor or limit). */
    static void append(StringBuilder sql, Params params, FeedbackQuery q, DatabaseKind kind) {
        where(sql, params, "agent_id = :agent_id", "agent_id", q.agentId());
        where(sql, params, "thread_id = :thread_id", "thread_id", q.threadId());
        where(sql, params, "message_id = :message_id", "message_id", q.messageId());
        where(sql, params, "trace_id = :trace_id", "trace_id", q.traceId());
        where(sql, params, "content_id = :content_id", "content_id", q.contentId());
        where(sql, params, "name = :name", "name", q.name());
        where(sql, params, "label = :label", "label", q.label());
        where(sql, params, "score >= :score_min", "score_min", q.scoreMin());
        where(sql, params, "score <= :score_max", "score_max", q.scoreMax());
        where(sql, params, "author_id = :author_id", "author_id", q.authorId());
        where(sql, params, "source = :source", "source", q.source() == null ? null : q.source().wire());
        where(sql, params, "created_at >= :created_from", "created_from", q.createdFrom() == null ? null : q.createdFrom().toEpochMilli());
        where(sql, params, "created_at < :created_to", "created_to", q.createdTo() == null ? null : q.createdTo().toEpochMilli());
        int i = 0;
        for (var entry : new java.util.TreeMap<>(q.metadata()).entrySet()) {
            var key = "meta_key_" + i;
            var value = "meta_value_" + i++;
            sql.append(" AND ").append(kind.metadataValue(key)).append(" = :").append(value);
            params.and(key, entry.getKey()).and(value, entry.getValue());
        }
    }

    private static void where(StringBuilder sql, Params params, String condition, String name, Object value) {
        if (value != null) {
            sql.append(" AND ").append(condition);
            params.and(name, value);
        }
    }
}
