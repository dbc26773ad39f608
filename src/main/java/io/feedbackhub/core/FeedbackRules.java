package io.feedbackhub.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The limits and invariants every write must meet, whatever door it came through, plus the feedback
 * config of its name when one exists. Field names in errors are the native ones; dialects map them.
 */
public final class FeedbackRules {
    public static final int MAX_ID_LENGTH = 256;
    public static final int MAX_NAME_LENGTH = 100;
    public static final int MAX_LABEL_LENGTH = 100;
    public static final int MAX_COMMENT_LENGTH = 10_000;
    public static final int MAX_CORRECTION_LENGTH = 100_000;
    public static final int MAX_REASONS = 20;
    public static final int MAX_REASON_LENGTH = 100;
    public static final int MAX_SHORT_TEXT = 100;
    public static final int MAX_DATA_CHARS = 64 * 1024;
    public static final int MAX_METADATA_ENTRIES = 32;
    public static final int MAX_METADATA_VALUE_LENGTH = 256;
    /** Far beyond any rating scale, and small enough that sums of squares in the rollups stay exact enough. */
    public static final double MAX_ABS_SCORE = 1e9;
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.:-]{1,100}");
    public static final Pattern METADATA_KEY = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private final Optional<FeedbackConfig> config;

    private FeedbackRules(Optional<FeedbackConfig> config) {
        this.config = config;
    }

    public static FeedbackRules withConfig(Optional<FeedbackConfig> config) {
        return new FeedbackRules(config);
    }

    /** Reaction labels carry a score so that means and rates agree: up is 1, down is 0. */
    public static Double scoreOfLabel(String label) {
        if (label == null) {
            return null;
        }
        return switch (label) {
            case "thumbs_up", "positive", "true" -> 1.0;
            case "thumbs_down", "negative", "false" -> 0.0;
            default -> null;
        };
    }

    public void check(FeedbackDraft d) {
        var errors = new ArrayList<FieldError>();
        var t = d.target();
        if (t.messageId() == null && t.traceId() == null) {
            errors.add(new FieldError("message_id", "one of message_id and trace_id is required", "missing"));
        }
        id(errors, "agent_id", t.agentId());
        id(errors, "thread_id", t.threadId());
        id(errors, "message_id", t.messageId());
        id(errors, "turn_id", t.turnId());
        id(errors, "trace_id", t.traceId());
        id(errors, "content_id", t.contentId());
        id(errors, "author_id", d.authorId());
        id(errors, "client_feedback_id", d.clientFeedbackId());
        if (!NAME.matcher(d.name()).matches()) {
            errors.add(FieldError.of("name", "must be 1-100 characters of letters, digits, _ . : -, got \"" + clip(d.name()) + "\""));
        }
        checkValues(errors, d);
        config.ifPresent(c -> errors.addAll(c.violations(d)));
        if (!errors.isEmpty()) {
            throw new InvalidInput(errors);
        }
    }

    /** The result of a patch must still be a valid write. */
    void checkStored(Feedback f) {
        check(f.asDraft());
    }

    private static void checkValues(List<FieldError> errors, FeedbackDraft d) {
        if (d.label() == null && d.score() == null && d.comment() == null && d.correction() == null && d.data() == null) {
            errors.add(new FieldError("label", "a value is required: at least one of label, score, comment, correction and data", "missing"));
        }
        text(errors, "label", d.label(), MAX_LABEL_LENGTH);
        if (d.score() != null && !(Math.abs(d.score()) <= MAX_ABS_SCORE)) {
            errors.add(FieldError.of("score", "must be a finite number from -1e9 to 1e9, got " + d.score()));
        }
        text(errors, "comment", d.comment(), MAX_COMMENT_LENGTH);
        text(errors, "correction", d.correction(), MAX_CORRECTION_LENGTH);
        text(errors, "query_category", d.queryCategory(), MAX_SHORT_TEXT);
        text(errors, "source_surface", d.sourceSurface(), MAX_SHORT_TEXT);
        if (d.data() != null && d.data().length() > MAX_DATA_CHARS) {
            errors.add(FieldError.of("data", "must be at most " + MAX_DATA_CHARS + " characters of JSON, got " + d.data().length()));
        }
        if (d.reasons().size() > MAX_REASONS) {
            errors.add(FieldError.of("reasons", "must have at most " + MAX_REASONS + " items, got " + d.reasons().size()));
        }
        for (int i = 0; i < d.reasons().size(); i++) {
            var r = d.reasons().get(i);
            if (r == null || r.isBlank() || r.length() > MAX_REASON_LENGTH || hasNul(r)) {
                errors.add(FieldError.of("reasons[" + i + "]", "must be a non-blank string of at most " + MAX_REASON_LENGTH + " characters"));
            }
        }
        metadata(errors, d.metadata());
    }

    /** The limits on a metadata map (entries, key syntax, value length), shared by the registries. */
    public static void metadata(List<FieldError> errors, Map<String, String> metadata) {
        if (metadata.size() > MAX_METADATA_ENTRIES) {
            errors.add(FieldError.of("metadata", "must have at most " + MAX_METADATA_ENTRIES + " entries, got " + metadata.size()));
        }
        metadata.forEach((k, v) -> {
            if (!METADATA_KEY.matcher(k).matches()) {
                errors.add(FieldError.of("metadata." + clip(k), "keys must be 1-64 characters of letters, digits, _ . -"));
            } else if (v == null || v.length() > MAX_METADATA_VALUE_LENGTH || hasNul(v)) {
                errors.add(FieldError.of("metadata." + k, "must be a string of at most " + MAX_METADATA_VALUE_LENGTH + " characters"));
            }
        });
    }

    private static void id(List<FieldError> errors, String field, String value) {
        if (value == null) {
            return;
        }
        if (value.isEmpty() || value.length() > MAX_ID_LENGTH) {
            errors.add(FieldError.of(field, "must be 1-" + MAX_ID_LENGTH + " characters, got " + value.length()));
        } else if (value.chars().anyMatch(Character::isISOControl)) {
            errors.add(FieldError.of(field, "must not contain control characters"));
        }
    }

    private static void text(List<FieldError> errors, String field, String value, int max) {
        if (value != null && value.length() > max) {
            errors.add(FieldError.of(field, "must be at most " + max + " characters, got " + value.length()));
        } else if (hasNul(value)) {
            errors.add(FieldError.of(field, NO_NUL));
        }
    }

    /** PostgreSQL text cannot hold U+0000; refusing it everywhere keeps both stores alike. */
    private static final String NO_NUL = "must not contain the NUL character (U+0000)";

    private static boolean hasNul(String value) {
        return value != null && value.indexOf('\u0000') >= 0;
    }

    private static String clip(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
