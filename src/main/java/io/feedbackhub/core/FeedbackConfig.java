package io.feedbackhub.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The schema of one feedback name. Once a tenant defines it, every write of that name must fit it,
 * through every door.
 */
public record FeedbackConfig(
        String name,
        Type type,
        List<String> labels,
        Double min,
        Double max,
        List<String> allowedReasons,
        String description,
        Instant createdAt,
        Instant updatedAt) {

    public enum Type {
        /** label from {@code labels} (thumbs_up, thumbs_down, ...). */
        REACTION,
        /** score 0 or 1 (label "true"/"false" accepted). */
        BOOLEAN,
        /** score within [min, max]. */
        NUMERIC,
        /** label from {@code labels}. */
        CATEGORICAL,
        /** a comment is the value. */
        TEXT
    }

    public FeedbackConfig {
        labels = labels == null ? List.of() : List.copyOf(labels);
        allowedReasons = allowedReasons == null ? List.of() : List.copyOf(allowedReasons);
    }

    /** Every way {@code d} breaks this config; empty when it fits. */
    public List<FieldError> violations(FeedbackDraft d) {
        var errors = new ArrayList<FieldError>();
        switch (type) {
            case REACTION, CATEGORICAL -> {
                if (d.label() == null) {
                    errors.add(new FieldError("label", "is required by the " + name + " config (one of " + labels + ")", "missing"));
                } else if (!labels.isEmpty() && !labels.contains(d.label())) {
                    errors.add(FieldError.of("label", "must be one of " + labels + " for " + name + ", got \"" + d.label() + "\""));
                }
            }
            case BOOLEAN -> {
                if (d.score() == null || (d.score() != 0.0 && d.score() != 1.0)) {
                    errors.add(FieldError.of("score", "must be 0 or 1 for the boolean " + name + " config, got " + d.score()));
                }
            }
            case NUMERIC -> {
                if (d.score() == null) {
                    errors.add(new FieldError("score", "is required by the numeric " + name + " config", "missing"));
                } else if ((min != null && d.score() < min) || (max != null && d.score() > max)) {
                    errors.add(FieldError.of("score", "must be within [" + min + ", " + max + "] for " + name + ", got " + d.score()));
                }
            }
            case TEXT -> {
                if (d.comment() == null || d.comment().isBlank()) {
                    errors.add(new FieldError("comment", "is required by the text " + name + " config", "missing"));
                }
            }
        }
        if (!allowedReasons.isEmpty()) {
            for (int i = 0; i < d.reasons().size(); i++) {
                if (!allowedReasons.contains(d.reasons().get(i))) {
                    errors.add(FieldError.of("reasons[" + i + "]", "must be one of " + allowedReasons + ", got \"" + d.reasons().get(i) + "\""));
                }
            }
        }
        return errors;
    }
}
