package io.feedbackhub.core;

import java.util.OptionalLong;

/**
 * How current this node's view of shared data is, for the caches in front of it. Each topic has a version that rises
 * in the transaction that changes its data; a node reads the versions from the database a few times a second. A
 * cache keeps what it loaded together with the version seen before the load and serves it only while that is still the
 * version seen now (see {@link VersionedCache}).
 */
public interface CacheVersions {
    /** For one-shot tools (the command line): no version is ever current, so nothing is served from a cache. */
    CacheVersions NONE = topic -> OptionalLong.empty();

    enum Topic {
        API_KEYS("api_keys"),
        FEEDBACK_CONFIGS("feedback_configs"),
        PROJECT_SETTINGS("project_settings");

        /** The topic's name in the database. */
        public final String stored;

        Topic(String stored) {
            this.stored = stored;
        }
    }

    /**
     * The version of {@code topic} this node last saw, when the read that saw it began recently enough for a cache
     * to trust it; empty otherwise (not read yet, or the database did not answer lately): then read the store.
     */
    OptionalLong current(Topic topic);
}
