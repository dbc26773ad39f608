package io.feedbackhub.store;

/** The SQL that differs between the two databases, and nothing else. */
public enum DatabaseKind {
    SQLITE("", "json_extract(metadata, '$.\"' || :%s || '\"')"),
    POSTGRES(" FOR UPDATE", "(metadata::jsonb ->> :%s)");

    /** Appended to a SELECT that must lock its rows; SQLite serializes writers with BEGIN IMMEDIATE instead. */
    final String forUpdate;
    private final String metadataValueTemplate;

    DatabaseKind(String forUpdate, String metadataValueTemplate) {
        this.forUpdate = forUpdate;
        this.metadataValueTemplate = metadataValueTemplate;
    }

    /** An expression reading one metadata value, the key bound as the named parameter {@code param}. */
    String metadataValue(String param) {
        return metadataValueTemplate.formatted(param);
    }
}
