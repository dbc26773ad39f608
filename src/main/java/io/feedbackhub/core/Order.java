package io.feedbackhub.core;

/** The order of a listing: by id, which is creation order (ids are UUIDv7), so that keyset pages are stable. */
public enum Order {
    NEWEST_FIRST,
    OLDEST_FIRST
}
