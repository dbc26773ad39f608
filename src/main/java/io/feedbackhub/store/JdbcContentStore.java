package io.feedbackhub.store;

import io.feedbackhub.core.Content;
import io.feedbackhub.core.ContentStore;
import io.feedbackhub.core.Page;
import io.feedbackhub.store.NamedSql.Params;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The contents registry (V14__contents.sql, text in V29). A PUT replaces title, source URL and metadata and keeps the
 * first created_at; the text is replaced only by a put that has one (/v1/contents never does).
 */
public final class JdbcContentStore implements ContentStore {
    private static final String COLUMNS = "id, title, source_url, metadata, created_at, updated_at, text";
    private static final NamedSql PUT = NamedSql.of("""
            INSERT INTO contents (tenant_id, id, title, source_url, metadata, created_at, updated_at, text)
            VALUES (:tenant, :id, :title, :source_url, :metadata, :now, :now, :text)
            ON CONFLICT (tenant_id, id) DO UPDATE SET title = excluded.title, source_url = excluded.source_url,
                metadata = excluded.metadata, updated_at = excluded.updated_at, text = COALESCE(excluded.text, contents.text)
            RETURNING\s""" + COLUMNS);
    private static final NamedSql GET = NamedSql.of("SELECT " + COLUMNS + " FROM contents WHERE tenant_id = :tenant AND id = :id");
    private static final NamedSql LIST = NamedSql.of("SELECT " + COLUMNS
            + " FROM contents WHERE tenant_id = :tenant AND id > :after ORDER BY id LIMIT :limit");
    /** The ids travel as one JSON array: one statement whatever their number, and the two databases unnest it differently. */
    private static final NamedSql GET_ALL_SQLITE = NamedSql.of("SELECT " + COLUMNS
            + " FROM contents WHERE tenant_id = :tenant AND id IN (SELECT value FROM json_each(:ids)) ORDER BY id");
    private static final NamedSql GET_ALL_POSTGRES = NamedSql.of("SELECT " + COLUMNS
            + " FROM contents WHERE tenant_id = :tenant AND id IN (SELECT json_array_elements_text(CAST(:ids AS json))) ORDER BY id");

    private static final NamedSql FORGET_TEXT = NamedSql.of("""
            UPDATE contents SET text = NULL WHERE text IS NOT NULL AND updated_at < :cutoff""");

    private final Database database;

    public JdbcContentStore(Database database) {
        this.database = database;
    }

    @Override
    public Content put(String tenantId, Content c) {
        var params = Params.of("tenant", tenantId).and("id", c.id()).and("title", c.title()).and("source_url", c.sourceUrl())
                .and("metadata", JsonColumns.map(c.metadata())).and("now", c.updatedAt().toEpochMilli()).and("text", c.text());
        return database.read(connection -> {
            try (var s = PUT.prepare(connection, params); var rs = s.executeQuery()) {
                rs.next();
                return content(rs);
            }
        });
    }

    @Override
    public Optional<Content> get(String tenantId, String id) {
        var found = rows(GET, Params.of("tenant", tenantId).and("id", id));
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    @Override
    public List<Content> getAll(String tenantId, Collection<String> ids) {
        var sql = database.kind() == DatabaseKind.POSTGRES ? GET_ALL_POSTGRES : GET_ALL_SQLITE;
        return rows(sql, Params.of("tenant", tenantId).and("ids", JsonColumns.list(List.copyOf(ids))));
    }

    @Override
    public int forgetTextBefore(Instant cutoff) {
        return database.inTransaction(c -> {
            try (var s = FORGET_TEXT.prepare(c, Params.of("cutoff", cutoff.toEpochMilli()))) {
                return s.executeUpdate();
            }
        });
    }

    @Override
    public Page<Content> list(String tenantId, String afterId, int limit) {
        var items = rows(LIST, Params.of("tenant", tenantId).and("after", afterId == null ? "" : afterId).and("limit", limit + 1));
        return JdbcFeedbackStore.page(items, limit, Content::id);
    }

    private List<Content> rows(NamedSql sql, Params params) {
        return database.read(c -> {
            try (var s = sql.prepare(c, params); var rs = s.executeQuery()) {
                var out = new ArrayList<Content>();
                while (rs.next()) {
                    out.add(content(rs));
                }
                return out;
            }
        });
    }

    private static Content content(ResultSet rs) throws SQLException {
        return new Content(rs.getString("id"), rs.getString("title"), rs.getString("source_url"),
                JsonColumns.map(rs.getString("metadata")), Instant.ofEpochMilli(rs.getLong("created_at")),
                Instant.ofEpochMilli(rs.getLong("updated_at")), rs.getString("text"));
    }
}
