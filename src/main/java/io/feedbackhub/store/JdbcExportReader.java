package io.feedbackhub.store;

import io.feedbackhub.core.FeedbackQuery;
import io.feedbackhub.insight.ExportLabels;
import io.feedbackhub.insight.ExportReader;
import io.feedbackhub.insight.ExportRow;
import io.feedbackhub.insight.ExportRow.RegisteredMessage;
import io.feedbackhub.insight.ExportRow.RegisteredThread;
import io.feedbackhub.insight.ExportSubset;
import io.feedbackhub.insight.ExportReader.PromptRows;
import io.feedbackhub.store.NamedSql.Params;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Export pages: a keyset page of live feedback by id (the primary key, or an index ending in id when a filter
 * names agent, thread, message, trace or author), then the registered message and thread of each row joined by
 * their primary keys. Each page is one statement in auto-commit mode.
 */
public final class JdbcExportReader implements ExportReader {
    private static final String FEEDBACK_COLUMNS = """
            id, agent_id, thread_id, message_id, turn_id, trace_id, content_id, name, label, score, comment, reasons,
            correction, data, query_category, source_surface, author_id, source, client_feedback_id, metadata,
            created_at, updated_at, revision""";
    private static final String PAGE = """
            SELECT f.id, f.agent_id, f.thread_id, f.message_id, f.turn_id, f.trace_id, f.content_id, f.name, f.label,
                   f.score, f.comment, f.reasons, f.correction, f.data, f.query_category, f.source_surface, f.author_id,
                   f.source, f.client_feedback_id, f.metadata, f.created_at, f.updated_at, f.revision,
                   m.id AS m_id, m.thread_id AS m_thread_id, m.role AS m_role, m.prompt AS m_prompt, m.content AS m_content,
                   m.model AS m_model, m.metadata AS m_metadata, m.created_at AS m_created_at, m.updated_at AS m_updated_at,
                   t.id AS t_id, t.agent_id AS t_agent_id, t.title AS t_title, t.metadata AS t_metadata,
                   t.created_at AS t_created_at, t.updated_at AS t_updated_at
            FROM (%s) f
            LEFT JOIN messages m ON m.tenant_id = :tenant AND m.id = f.message_id
            LEFT JOIN threads t ON t.tenant_id = :tenant AND t.id = f.thread_id
            ORDER BY f.id""";
    /**
     * {@link #PAGE} with the latest adjudicated label of each row's answer and name (export labels=resolved): the
     * review item whose resolution is the newest, found through review_items_by_message.
     */
    private static final String PAGE_RESOLVED = withResolution(PAGE);
    /** The rows of {@link #PAGE}, on messages with a prompt, grouped by prompt: see {@link #byPrompt}. */
    private static final String BY_PROMPT = """
            SELECT f.id, f.agent_id, f.thread_id, f.message_id, f.turn_id, f.trace_id, f.content_id, f.name, f.label,
                   f.score, f.comment, f.reasons, f.correction, f.data, f.query_category, f.source_surface, f.author_id,
                   f.source, f.client_feedback_id, f.metadata, f.created_at, f.updated_at, f.revision,
                   m.id AS m_id, m.thread_id AS m_thread_id, m.role AS m_role, m.prompt AS m_prompt, m.content AS m_content,
                   m.model AS m_model, m.metadata AS m_metadata, m.created_at AS m_created_at, m.updated_at AS m_updated_at,
                   t.id AS t_id, t.agent_id AS t_agent_id, t.title AS t_title, t.metadata AS t_metadata,
                   t.created_at AS t_created_at, t.updated_at AS t_updated_at
            FROM (%s) f
            JOIN messages m ON m.tenant_id = :tenant AND m.id = f.message_id AND m.prompt IS NOT NULL
            LEFT JOIN threads t ON t.tenant_id = :tenant AND t.id = f.thread_id
            ORDER BY m.prompt, m.id, f.id""";
    private static final String BY_PROMPT_RESOLVED = withResolution(BY_PROMPT);
    /** Latest first, by the messages_by_thread index; the caller turns them oldest first. */
    private static final NamedSql EARLIER_TURNS = NamedSql.of("""
            SELECT role, prompt, content FROM messages
            WHERE tenant_id = :tenant AND thread_id = :thread AND id <> :id
              AND (created_at < :created_at OR (created_at = :created_at AND id < :id))
            ORDER BY created_at DESC, id DESC
            LIMIT :limit""");
    private static final int STREAMED_ROWS = 500;

    private final Database database;

    public JdbcExportReader(Database database) {
        this.database = database;
    }

    @Override
    public List<ExportRow> page(String tenantId, FeedbackQuery filters, ExportSubset subset, ExportLabels labels, String afterId, int limit) {
        boolean resolved = labels == ExportLabels.RESOLVED;
        var params = Params.of("tenant", tenantId).and("after", afterId).and("limit", limit);
        var inner = new StringBuilder("SELECT " + FEEDBACK_COLUMNS
                + " FROM feedback WHERE tenant_id = :tenant AND deleted_at IS NULL AND id > :after");
        FeedbackFilterSql.append(inner, params, filters.filter(), database.kind());
        inner.append(" ORDER BY id LIMIT :limit");
        var sql = NamedSql.of((resolved ? PAGE_RESOLVED : PAGE).formatted(inner));
        return database.read(c -> {
            try (var statement = sql.prepare(c, params); var rs = statement.executeQuery()) {
                var rows = new ArrayList<ExportRow>(limit);
                while (rs.next()) {
                    var row = row(rs);
                    rows.add(resolved ? withResolution(row, rs) : row);
                }
                return rows;
            }
        });
    }

    /**
     * One statement streamed in pages of {@link #STREAMED_ROWS} (PostgreSQL needs a transaction for a cursor); the
     * turn look-ups run on the same connection, so that an export takes one connection from the pool, not two.
     */
    @Override
    public void byPrompt(String tenantId, FeedbackQuery filters, ExportLabels labels, PromptRows rows) {
        boolean resolved = labels == ExportLabels.RESOLVED;
        var params = Params.of("tenant", tenantId);
        var inner = new StringBuilder("SELECT " + FEEDBACK_COLUMNS
                + " FROM feedback WHERE tenant_id = :tenant AND deleted_at IS NULL AND message_id IS NOT NULL");
        FeedbackFilterSql.append(inner, params, filters.filter(), database.kind());
        var sql = NamedSql.of((resolved ? BY_PROMPT_RESOLVED : BY_PROMPT).formatted(inner));
        database.inTransaction(c -> {
            ExportReader.EarlierTurns turns = (message, limit) -> earlierTurns(c, tenantId, message, limit);
            try (var statement = sql.prepare(c, params)) {
                statement.setFetchSize(STREAMED_ROWS);
                try (var rs = statement.executeQuery()) {
                    while (rs.next()) {
                        var row = row(rs);
                        rows.row(resolved ? withResolution(row, rs) : row, turns);
                    }
                }
                rows.end(turns);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return null;
        });
    }

    private static List<ExportReader.Turn> earlierTurns(Connection c, String tenantId, RegisteredMessage message, int limit) {
        if (message.threadId() == null) {
            return List.of();
        }
        var params = Params.of("tenant", tenantId).and("thread", message.threadId()).and("id", message.id())
                .and("created_at", message.createdAt()).and("limit", limit);
        try (var statement = EARLIER_TURNS.prepare(c, params); var rs = statement.executeQuery()) {
            var latestFirst = new ArrayList<ExportReader.Turn>();
            while (rs.next()) {
                var role = rs.getString(1);
                var prompt = rs.getString(2);
                var content = rs.getString(3);
                // a registered answer is two turns: the user's prompt, then the answer in the message's role
                if (content != null) {
                    latestFirst.add(new ExportReader.Turn(role == null ? "assistant" : role, content));
                }
                if (prompt != null) {
                    latestFirst.add(new ExportReader.Turn("user", prompt));
                }
            }
            var oldestFirst = latestFirst.reversed();
            return oldestFirst.size() > limit ? List.copyOf(oldestFirst.subList(oldestFirst.size() - limit, oldestFirst.size()))
                    : List.copyOf(oldestFirst);
        } catch (SQLException e) {
            throw StoreErrors.classify(e);
        }
    }

    /**
     * A page or prompt read with the latest adjudicated label of each row's answer and name (export labels=resolved):
     * the review item whose resolution is the newest, found through review_items_by_message.
     */
    private static String withResolution(String select) {
        return select.replace("""
                FROM (%s) f""", """
                       , r.resolved_label AS r_label, r.resolved_by AS r_by, r.resolved_at AS r_at, r.queue_id AS r_queue
                FROM (%s) f
                LEFT JOIN review_items r ON r.tenant_id = :tenant AND r.id = (
                    SELECT r2.id FROM review_items r2 WHERE r2.tenant_id = :tenant AND r2.resolved_name = f.name
                      AND r2.resolved_label IS NOT NULL
                      AND ((f.message_id IS NOT NULL AND r2.message_id = f.message_id)
                           OR (f.message_id IS NULL AND r2.message_id IS NULL AND r2.trace_id = f.trace_id))
                    ORDER BY r2.resolved_at DESC, r2.id DESC LIMIT 1)""");
    }

    /** The resolution columns {@link #withResolution(String)} adds, read by name (they come after the row's). */
    private static ExportRow withResolution(ExportRow r, ResultSet rs) throws SQLException {
        var label = rs.getString("r_label");
        if (label == null) {
            return r;
        }
        var resolution = new ExportRow.Resolved(label, rs.getString("r_by"), rs.getLong("r_at"), rs.getString("r_queue"));
        return new ExportRow(r.id(), r.agentId(), r.threadId(), r.messageId(), r.turnId(), r.traceId(), r.contentId(), r.name(), r.label(),
                r.score(), r.comment(), r.reasonsJson(), r.correction(), r.dataJson(), r.queryCategory(), r.sourceSurface(), r.authorId(),
                r.source(), r.clientFeedbackId(), r.metadataJson(), r.createdAt(), r.updatedAt(), r.revision(), r.message(), r.thread(),
                r.polarity(), resolution);
    }

    private static ExportRow row(ResultSet rs) throws SQLException {
        RegisteredMessage message = null;
        var messageId = rs.getString(24);
        if (messageId != null) {
            message = new RegisteredMessage(messageId, rs.getString(25), rs.getString(26), rs.getString(27),
                    rs.getString(28), rs.getString(29), rs.getString(30), rs.getLong(31), rs.getLong(32));
        }
        RegisteredThread thread = null;
        var threadId = rs.getString(33);
        if (threadId != null) {
            thread = new RegisteredThread(threadId, rs.getString(34), rs.getString(35), rs.getString(36),
                    rs.getLong(37), rs.getLong(38));
        }
        double score = rs.getDouble(10);
        Double scoreOrNull = rs.wasNull() ? null : score;
        return new ExportRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), scoreOrNull, rs.getString(11),
                rs.getString(12), rs.getString(13), rs.getString(14), rs.getString(15), rs.getString(16), rs.getString(17),
                rs.getString(18), rs.getString(19), rs.getString(20), rs.getLong(21), rs.getLong(22), rs.getInt(23),
                message, thread, null, null);
    }
}
