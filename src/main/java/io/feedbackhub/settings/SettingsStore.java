package io.feedbackhub.settings;

import java.util.Optional;

/** Project settings, one row per tenant; empty for a tenant that never changed them. */
public interface SettingsStore {
    /** Read on every request that checks who may read comments: an implementation caches it (across nodes). */
    Optional<ProjectSettings> get(String tenantId);

    void put(String tenantId, ProjectSettings settings);
}
