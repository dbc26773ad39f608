package io.feedbackhub.core;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** Feedback configs by name: the schema each write of that name is checked against. */
public final class ConfigService {
    private final ConfigStore store;
    private final Clock clock;

    public ConfigService(ConfigStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public FeedbackConfig put(String tenantId, FeedbackConfig config) {
        var errors = new ArrayList<FieldError>();
        if (!FeedbackRules.NAME.matcher(config.name()).matches()) {
            errors.add(FieldError.of("name", "must be 1-100 characters of letters, digits, _ . : -"));
        }
        if (config.type() == null) {
            errors.add(FieldError.missing("type"));
        } else if (config.type() == FeedbackConfig.Type.CATEGORICAL && config.labels().isEmpty()) {
            errors.add(new FieldError("labels", "a categorical config needs at least one label", "missing"));
        }
        if (config.min() != null && config.max() != null && config.min() > config.max()) {
            errors.add(FieldError.of("min", "must not exceed max (" + config.min() + " > " + config.max() + ")"));
        }
        checkList(errors, "labels", config.labels(), FeedbackRules.MAX_LABEL_LENGTH);
        checkList(errors, "allowed_reasons", config.allowedReasons(), FeedbackRules.MAX_REASON_LENGTH);
        if (!errors.isEmpty()) {
            throw new InvalidInput(errors);
        }
        var now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        var labels = config.type() == FeedbackConfig.Type.REACTION && config.labels().isEmpty()
                ? List.of("thumbs_up", "thumbs_down", "flagged") : config.labels();
        return store.put(tenantId, new FeedbackConfig(config.name(), config.type(), labels, config.min(), config.max(),
                config.allowedReasons(), config.description(), now, now));
    }

    public FeedbackConfig get(String tenantId, String name) {
        return store.get(tenantId, name).orElseThrow(() -> new NotFound("feedback config", name));
    }

    public List<FeedbackConfig> list(String tenantId) {
        return store.list(tenantId);
    }

    public void delete(String tenantId, String name) {
        if (!store.delete(tenantId, name)) {
            throw new NotFound("feedback config", name);
        }
    }

    private static void checkList(List<FieldError> errors, String field, List<String> values, int maxLength) {
        if (values.size() > 100) {
            errors.add(FieldError.of(field, "must have at most 100 items, got " + values.size()));
        }
        for (int i = 0; i < values.size(); i++) {
            var v = values.get(i);
            if (v == null || v.isBlank() || v.length() > maxLength) {
                errors.add(FieldError.of(field + "[" + i + "]", "must be a non-blank string of at most " + maxLength + " characters"));
            }
        }
    }
}
