package io.feedbackhub.core;

import java.util.List;

/** Full-text lookup over messages and feedback of one tenant (store.JdbcSearchStore: FTS5 on SQLite, tsvector on PostgreSQL). */
public interface SearchStore {
    /** At most {@code query.limit() + 1} rows, newest first, so the caller knows whether a page follows. */
    List<SearchStore.Row> search(String tenantId, SearchQuery query);

    /** A matching record with both of its searched fields (prompt and answer, or comment and correction). */
    record Row(SearchHit.Kind kind, String id, String messageId, String traceId, String threadId,
               String firstText, String secondText, java.time.Instant createdAt) {
    }
}
