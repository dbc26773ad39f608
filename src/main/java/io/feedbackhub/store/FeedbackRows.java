package io.feedbackhub.store;

import io.feedbackhub.core.Feedback;
import io.feedbackhub.core.Inherited;
import io.feedbackhub.core.Source;
import io.feedbackhub.core.Target;
import io.feedbackhub.store.NamedSql.Params;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;

/** The feedback row: its columns, how to read one, how to bind one. Shared by feedback and feedback_history. */
final class FeedbackRows {
    static final String COLUMNS = """
            tenant_id, id, slot_key, agent_id, thread_id, message_id, turn_id, trace_id, content_id, name, label,
            score, comment, reasons, correction, data, query_category, source_surface, author_id, source,
            client_feedback_id, metadata, created_at, updated_at, revision, deleted_at, created_by_key, inherited""";

    static final String VALUES = """
            :tenant_id, :id, :slot_key, :agent_id, :thread_id, :message_id, :turn_id, :trace_id, :content_id, :name, :label,
            :score, :comment, :reasons, :correction, :data, :query_category, :source_surface, :author_id, :source,
            :client_feedback_id, :metadata, :created_at, :updated_at, :revision, :deleted_at, :created_by_key, :inherited""";

    private FeedbackRows() {
    }

    static Feedback map(ResultSet rs) throws SQLException {
        var target = new Target(rs.getString("agent_id"), rs.getString("thread_id"), rs.getString("message_id"),
                rs.getString("turn_id"), rs.getString("trace_id"), rs.getString("content_id"));
        var score = doubleOrNull(rs, "score");
        return new Feedback(
                rs.getString("id"),
                rs.getString("tenant_id"),
                target,
                rs.getString("name"),
                rs.getString("label"),
                score,
                rs.getString("comment"),
                JsonColumns.list(rs.getString("reasons")),
                rs.getString("correction"),
                rs.getString("data"),
                rs.getString("query_category"),
                rs.getString("source_surface"),
                rs.getString("author_id"),
                Source.parse(rs.getString("source")).orElseThrow(),
                rs.getString("client_feedback_id"),
                JsonColumns.map(rs.getString("metadata")),
                Instant.ofEpochMilli(rs.getLong("created_at")),
                Instant.ofEpochMilli(rs.getLong("updated_at")),
                rs.getInt("revision"),
                instantOrNull(rs, "deleted_at"),
                rs.getString("created_by_key"),
                new Inherited(JsonColumns.list(rs.getString("inherited"))));
    }

    /**
     * Binds {@code f}'s columns in {@link #COLUMNS} order from parameter {@code at} on, {@code slotKey} being its slot's
     * key; returns the next free parameter. The insert's path: no map of names per row, no hash on the writer.
     */
    static int bind(PreparedStatement s, int at, Feedback f, String slotKey) throws SQLException {
        var t = f.target();
        s.setString(at++, f.tenantId());
        s.setString(at++, f.id());
        s.setString(at++, slotKey);
        text(s, at++, t.agentId());
        text(s, at++, t.threadId());
        text(s, at++, t.messageId());
        text(s, at++, t.turnId());
        text(s, at++, t.traceId());
        text(s, at++, t.contentId());
        text(s, at++, f.name());
        text(s, at++, f.label());
        if (f.score() == null) {
            s.setNull(at++, Types.NULL);
        } else {
            s.setDouble(at++, f.score());
        }
        text(s, at++, f.comment());
        s.setString(at++, JsonColumns.list(f.reasons()));
        text(s, at++, f.correction());
        text(s, at++, f.data());
        text(s, at++, f.queryCategory());
        text(s, at++, f.sourceSurface());
        text(s, at++, f.authorId());
        s.setString(at++, f.source().wire());
        text(s, at++, f.clientFeedbackId());
        s.setString(at++, JsonColumns.map(f.metadata()));
        s.setLong(at++, f.createdAt().toEpochMilli());
        s.setLong(at++, f.updatedAt().toEpochMilli());
        s.setInt(at++, f.revision());
        if (f.deletedAt() == null) {
            s.setNull(at++, Types.NULL);
        } else {
            s.setLong(at++, f.deletedAt().toEpochMilli());
        }
        text(s, at++, f.createdByKeyId());
        s.setString(at++, JsonColumns.list(f.inherited().fields()));
        return at;
    }

    private static void text(PreparedStatement s, int at, String value) throws SQLException {
        if (value == null) {
            s.setNull(at, Types.NULL);
        } else {
            s.setString(at, value);
        }
    }

    static Params bind(Feedback f) {
        var t = f.target();
        return Params.of("tenant_id", f.tenantId())
                .and("id", f.id())
                .and("slot_key", f.slot().key())
                .and("agent_id", t.agentId())
                .and("thread_id", t.threadId())
                .and("message_id", t.messageId())
                .and("turn_id", t.turnId())
                .and("trace_id", t.traceId())
                .and("content_id", t.contentId())
                .and("name", f.name())
                .and("label", f.label())
                .and("score", f.score())
                .and("comment", f.comment())
                .and("reasons", JsonColumns.list(f.reasons()))
                .and("correction", f.correction())
                .and("data", f.data())
                .and("query_category", f.queryCategory())
                .and("source_surface", f.sourceSurface())
                .and("author_id", f.authorId())
                .and("source", f.source().wire())
                .and("client_feedback_id", f.clientFeedbackId())
                .and("metadata", JsonColumns.map(f.metadata()))
                .and("created_at", f.createdAt().toEpochMilli())
                .and("updated_at", f.updatedAt().toEpochMilli())
                .and("revision", f.revision())
                .and("deleted_at", f.deletedAt() == null ? null : f.deletedAt().toEpochMilli())
                .and("created_by_key", f.createdByKeyId())
                .and("inherited", JsonColumns.list(f.inherited().fields()));
    }

    static Double doubleOrNull(ResultSet rs, String column) throws SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? null : value;
    }

    private static Instant instantOrNull(ResultSet rs, String column) throws SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
    }
}
