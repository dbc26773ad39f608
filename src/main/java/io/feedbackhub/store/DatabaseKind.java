package io.feedbackhub.store;

/** The SQL that differs between the two databases, and nothing else. */
public enum DatabaseKind {
    SQLITE("", "", "", "json_extract(metadata, '$.\"' || :%s || '\"')"),
    POSTGRES(" FOR UPDATE", " FOR SHARE", " FOR UPDATE SKIP LOCKED", "(metadata::jsonb ->> :%s)");

    /** Appended to a SELECT that must lock its rows; SQLite serializes writers with BEGIN IMMEDIATE instead. */
    final String forUpdate;
    /** Likewise, for rows read only to make sure nobody changes them before the transaction ends. */
    final String forShare;
    /** For work queues shared by nodes: rows another node is claiming right now are skipped, not waited for. */
    final String forUpdateSkipLocked;
    private final String metadataValueTemplate;

    DatabaseKind(String forUpdate, String forShare, String forUpdateSkipLocked, String metadataValueTemplate) {
        this.forUpdate = forUpdate;
        this.forShare = forShare;
        this.forUpdateSkipLocked = forUpdateSkipLocked;
        this.metadataValueTemplate = metadataValueTemplate;
    }

    /** An expression reading one metadata value, the key bound as the named parameter {@code param}. */
    String metadataValue(String param) {
        return metadataValueTemplate.formatted(param);
    }
}
