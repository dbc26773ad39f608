package io.feedbackhub.core;

import java.util.List;
import java.util.Optional;

public interface ConfigStore {
    FeedbackConfig put(String tenantId, FeedbackConfig config);

    Optional<FeedbackConfig> get(String tenantId, String name);

    List<FeedbackConfig> list(String tenantId);

    boolean delete(String tenantId, String name);
}
