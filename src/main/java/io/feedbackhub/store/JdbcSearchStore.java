package io.feedbackhub.store;

import io.feedbackhub.core.FreeText;
import io.feedbackhub.core.SearchHit;
import io.feedbackhub.core.SearchQuery;
import io.feedbackhub.core.SearchStore;
import io.feedbackhub.store.NamedSql.Params;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Text search over messages and live feedback (V30__text_search.*.sql). The two databases differ only in the match:
 * SQLite asks its FTS5 tables (rowid = the source row's), PostgreSQL its GIN expression indexes. Both take every word
 * as a word's start ({@code "refund"*} / {@code refund:*}), so "refund" finds "refunds". Newest first, keyset pages on
 * (created_at, kind:id); the words reach the database as one bound parameter each way, never as SQL.
 */
public final class JdbcSearchStore implements SearchStore {
    private static final String FILTERS = """
                AND (CAST(:thread AS TEXT) IS NULL OR %1$s.thread_id = :thread)
                AND %1$s.created_at >= :from AND %1$s.created_at < :to
                AND (%1$s.created_at < :at OR (%1$s.created_at = :at AND '%2$s:' || %1$s.id < :key))""";
    private static final String MESSAGES = """
            SELECT 'message' AS kind, m.id, m.id AS message_id, m.trace_id, m.thread_id,
                   m.prompt AS first_text, m.content AS second_text, m.created_at
            FROM %s
            WHERE %s AND m.tenant_id = :tenant
                AND (CAST(:agent AS TEXT) IS NULL
                     OR m.thread_id IN (SELECT t.id FROM threads t WHERE t.tenant_id = :tenant AND t.agent_id = :agent))
            """ + FILTERS.formatted("m", "message");
    private static final String FEEDBACK = """
            SELECT 'feedback' AS kind, f.id, f.message_id, f.trace_id, f.thread_id,
                   f.comment AS first_text, f.correction AS second_text, f.created_at
            FROM %s
            WHERE %s AND f.tenant_id = :tenant AND f.deleted_at IS NULL AND (f.comment IS NOT NULL OR f.correction IS NOT NULL)
                AND (CAST(:agent AS TEXT) IS NULL OR f.agent_id = :agent)
            """ + FILTERS.formatted("f", "feedback");
    private static final String PAGE = """
            SELECT kind, id, message_id, trace_id, thread_id, first_text, second_text, created_at FROM (
            %s
            ) hits ORDER BY created_at DESC, kind || ':' || id DESC LIMIT :limit""";

    // CROSS JOIN fixes SQLite's join order: the index's matches first, each joined to its row by rowid. The other order
    // (a tenant's rows, each probing the index) costs a full-text query per row.
    private static final String MESSAGES_SQLITE = MESSAGES.formatted("message_text CROSS JOIN messages m ON m.rowid = message_text.rowid",
            "message_text MATCH :match");
    private static final String FEEDBACK_SQLITE = FEEDBACK.formatted("feedback_text CROSS JOIN feedback f ON f.rowid = feedback_text.rowid",
            "feedback_text MATCH :match");
    private static final String MESSAGES_POSTGRES = MESSAGES.formatted("messages m",
            "to_tsvector('simple', regexp_replace(COALESCE(m.prompt, '') || ' ' || COALESCE(m.content, ''), '[^[:alnum:]]+', ' ', 'g'))"
                    + " @@ to_tsquery('simple', :match)");
    private static final String FEEDBACK_POSTGRES = FEEDBACK.formatted("feedback f",
            "to_tsvector('simple', regexp_replace(COALESCE(f.comment, '') || ' ' || COALESCE(f.correction, ''), '[^[:alnum:]]+', ' ', 'g'))"
                    + " @@ to_tsquery('simple', :match)");
    private static final NamedSql SEARCH_SQLITE = NamedSql.of(PAGE.formatted(MESSAGES_SQLITE + "\nUNION ALL\n" + FEEDBACK_SQLITE));
    private static final NamedSql SEARCH_POSTGRES = NamedSql.of(PAGE.formatted(MESSAGES_POSTGRES + "\nUNION ALL\n" + FEEDBACK_POSTGRES));
    private static final NamedSql MESSAGES_ONLY_SQLITE = NamedSql.of(PAGE.formatted(MESSAGES_SQLITE));
    private static final NamedSql MESSAGES_ONLY_POSTGRES = NamedSql.of(PAGE.formatted(MESSAGES_POSTGRES));

    private final Database database;

    public JdbcSearchStore(Database database) {
        this.database = database;
    }

    @Override
    public List<Row> search(String tenantId, SearchQuery query) {
        var postgres = database.kind() == DatabaseKind.POSTGRES;
        var after = query.after();
        // words are letters and digits only (core.TextSearch), so quoting them needs no escaping in either syntax
        var match = query.words().stream().map(w -> postgres ? w + ":*" : '"' + w + "\"*")
                .collect(Collectors.joining(postgres ? " & " : " "));
        var params = Params.of("tenant", tenantId).and("match", match)
                .and("agent", query.agentId()).and("thread", query.threadId())
                .and("from", query.from() == null ? Long.MIN_VALUE : query.from().toEpochMilli())
                .and("to", query.to() == null ? Long.MAX_VALUE : query.to().toEpochMilli())
                .and("at", after == null ? Long.MAX_VALUE : after.createdAt().toEpochMilli())
                .and("key", after == null ? "" : after.kind().wire() + ":" + after.id())
                .and("limit", query.limit() + 1);
        var withFeedback = query.freeText() == FreeText.SHOWN;
        var sql = postgres ? (withFeedback ? SEARCH_POSTGRES : MESSAGES_ONLY_POSTGRES)
                : (withFeedback ? SEARCH_SQLITE : MESSAGES_ONLY_SQLITE);
        return database.read(c -> {
            try (var s = sql.prepare(c, params); var rs = s.executeQuery()) {
                var rows = new ArrayList<Row>();
                while (rs.next()) {
                    rows.add(row(rs));
                }
                return rows;
            }
        });
    }

    private static Row row(ResultSet rs) throws SQLException {
        return new Row(SearchHit.Kind.valueOf(rs.getString("kind").toUpperCase(Locale.ROOT)), rs.getString("id"),
                rs.getString("message_id"), rs.getString("trace_id"), rs.getString("thread_id"),
                rs.getString("first_text"), rs.getString("second_text"), Instant.ofEpochMilli(rs.getLong("created_at")));
    }
}
