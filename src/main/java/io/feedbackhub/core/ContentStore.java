package io.feedbackhub.core;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Registered contents: upserted by id, read by id or by a set of ids, listed in id order. */
public interface ContentStore {
    Content put(String tenantId, Content content);

    Optional<Content> get(String tenantId, String id);

    /** Those of {@code ids} that are registered, in id order; unregistered ids are left out. */
    List<Content> getAll(String tenantId, Collection<String> ids);

    Page<Content> list(String tenantId, String afterId, int limit);

    /** Clears the text of contents last registered before {@code cutoff}, in every tenant; answers how many. */
    int forgetTextBefore(java.time.Instant cutoff);
}
