package io.feedbackhub.core;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a caller asks to write into a slot; every door translates its request into one of these. {@code createdAt}
 * is null (now) except for history a secret key imports ({@link Backdating} bounds it).
 */
public record FeedbackDraft(
        Target target,
        String name,
        String label,
        Double score,
        String comment,
        List<String> reasons,
        String correction,
        String data,
        String queryCategory,
        String sourceSurface,
        String authorId,
        Source source,
        String clientFeedbackId,
        Map<String, String> metadata,
        Instant createdAt) {

    public static final String DEFAULT_NAME = "reaction";

    public FeedbackDraft {
        name = name == null ? DEFAULT_NAME : name;
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        source = source == null ? Source.API : source;
        createdAt = createdAt == null ? null : createdAt.truncatedTo(ChronoUnit.MILLIS);
    }

    public FeedbackDraft(Target target, String name, String label, Double score, String comment, List<String> reasons,
                         String correction, String data, String queryCategory, String sourceSurface, String authorId,
                         Source source, String clientFeedbackId, Map<String, String> metadata) {
        this(target, name, label, score, comment, reasons, correction, data, queryCategory, sourceSurface, authorId,
                source, clientFeedbackId, metadata, null);
    }

    public Slot slot() {
        return Slot.of(target, name, authorId);
    }

    /** Fingerprint of the request: a replay of an idempotency key must carry the same one. */
    String fingerprint() {
        return Hashes.sha256Base64Url(String.join("\u0000", String.valueOf(target), name, String.valueOf(label),
                String.valueOf(score), String.valueOf(comment), String.valueOf(reasons), String.valueOf(correction),
                String.valueOf(data), String.valueOf(queryCategory), String.valueOf(sourceSurface),
                String.valueOf(authorId), source.wire(), new TreeMap<>(metadata).toString())
                + (createdAt == null ? "" : "\u0000" + createdAt)); // absent: the fingerprints keys already hold
    }

    FeedbackDraft withoutClientFeedbackId() {
        return new FeedbackDraft(target, name, label, score, comment, reasons, correction, data, queryCategory,
                sourceSurface, authorId, source, null, metadata);
    }

    public FeedbackDraft withScore(Double newScore) {
        return new FeedbackDraft(target, name, label, newScore, comment, reasons, correction, data, queryCategory,
                sourceSurface, authorId, source, clientFeedbackId, metadata, createdAt);
    }

    public FeedbackDraft withCreatedAt(Instant at) {
        return new FeedbackDraft(target, name, label, score, comment, reasons, correction, data, queryCategory,
                sourceSurface, authorId, source, clientFeedbackId, metadata, at);
    }
}
