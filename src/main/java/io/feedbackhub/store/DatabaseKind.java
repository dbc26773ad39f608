package io.feedbackhub.store;

/** The SQL that differs between the two databases, and nothing else. */
public enum DatabaseKind {
    SQLITE("", "", "json_extract(metadata, '$.\"' || :%s || '\"')"),
    POSTGRES(" FOR UPDATE", " FOR SHARE", "(metadata::jsonb ->> :%s)");

    /** Appended to a SELECT that must lock its rows; SQLite serializes writers with BEGIN IMMEDIATE instead. */
    final String forUpdate;
    /** Likewise, for rows read only to make sure nobody changes them before the transaction ends. */
    final String forShare;
    private final String metadataValueTemplate;

    DatabaseKind(String forUpdate, String forShare, String metadataValueTemplate) {
        this.forUpdate = forUpdate;
        this.forShare = forShare;
        this.metadataValueTemplate = metadataValueTemplate;
    }

    /** An expression reading one metadata value, the key bound as the named parameter {@code param}. */
    String metadataValue(String param) {
        return metadataValueTemplate.formatted(param);
    }
}
