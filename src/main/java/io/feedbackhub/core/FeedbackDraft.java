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
        return toBuilder().clientFeedbackId(null).createdAt(null).build();
    }

    public FeedbackDraft withScore(Double newScore) {
        return toBuilder().score(newScore).build();
    }

    public FeedbackDraft withCreatedAt(Instant at) {
        return toBuilder().createdAt(at).build();
    }

    /** A draft for {@code target} that names only what its door sets; the rest stays absent (the defaults above). */
    public static Builder builder(Target target) {
        return new Builder().target(target);
    }

    /** This draft with some fields changed. */
    public Builder toBuilder() {
        return new Builder().target(target).name(name).label(label).score(score).comment(comment).reasons(reasons)
                .correction(correction).data(data).queryCategory(queryCategory).sourceSurface(sourceSurface)
                .authorId(authorId).source(source).clientFeedbackId(clientFeedbackId).metadata(metadata).createdAt(createdAt);
    }

    public static final class Builder {
        private Target target;
        private String name;
        private String label;
        private Double score;
        private String comment;
        private List<String> reasons;
        private String correction;
        private String data;
        private String queryCategory;
        private String sourceSurface;
        private String authorId;
        private Source source;
        private String clientFeedbackId;
        private Map<String, String> metadata;
        private Instant createdAt;

        private Builder() {
        }

        public Builder target(Target value) {
            target = value;
            return this;
        }

        public Builder name(String value) {
            name = value;
            return this;
        }

        public Builder label(String value) {
            label = value;
            return this;
        }

        public Builder score(Double value) {
            score = value;
            return this;
        }

        public Builder comment(String value) {
            comment = value;
            return this;
        }

        public Builder reasons(List<String> value) {
            reasons = value;
            return this;
        }

        public Builder correction(String value) {
            correction = value;
            return this;
        }

        public Builder data(String value) {
            data = value;
            return this;
        }

        public Builder queryCategory(String value) {
            queryCategory = value;
            return this;
        }

        public Builder sourceSurface(String value) {
            sourceSurface = value;
            return this;
        }

        public Builder authorId(String value) {
            authorId = value;
            return this;
        }

        public Builder source(Source value) {
            source = value;
            return this;
        }

        public Builder clientFeedbackId(String value) {
            clientFeedbackId = value;
            return this;
        }

        public Builder metadata(Map<String, String> value) {
            metadata = value;
            return this;
        }

        public Builder createdAt(Instant value) {
            createdAt = value;
            return this;
        }

        public FeedbackDraft build() {
            return new FeedbackDraft(target, name, label, score, comment, reasons, correction, data, queryCategory,
                    sourceSurface, authorId, source, clientFeedbackId, metadata, createdAt);
        }
    }
}
