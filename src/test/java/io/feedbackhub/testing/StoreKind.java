package io.feedbackhub.testing;

/** The two stores every HTTP test runs against. */
public enum StoreKind {
    SQLITE, POSTGRES
}
