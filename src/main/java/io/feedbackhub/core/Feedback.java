package io.feedbackhub.core;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One judgment by one author on one target, as stored. {@code data} is a JSON object kept as its text;
 * {@code deletedAt} marks a tombstone, which reads and stats leave out.
 */
public record Feedback(
        String id,
        String tenantId,
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
        Instant createdAt,
        Instant updatedAt,
        int revision,
        Instant deletedAt,
        String createdByKeyId) {

    public boolean deleted() {
        return deletedAt != null;
    }

    public Slot slot() {
        return Slot.of(target, name, authorId);
    }

    static Feedback create(String id, String tenantId, FeedbackDraft d, String keyId, Instant now) {
        var created = d.createdAt() == null ? now : d.createdAt(); // imported history keeps its own time
        return new Feedback(id, tenantId, d.target(), d.name(), d.label(), d.score(), d.comment(), d.reasons(),
                d.correction(), d.data(), d.queryCategory(), d.sourceSurface(), d.authorId(), d.source(),
                d.clientFeedbackId(), d.metadata(), created, created.isAfter(now) ? created : now, 1, null, keyId);
    }

    /** The next revision of this slot after a new write to it: the write's values replace the old ones. */
    Feedback overwrittenBy(FeedbackDraft d, Instant now) {
        var key = d.clientFeedbackId() != null ? d.clientFeedbackId() : clientFeedbackId;
        return new Feedback(id, tenantId, d.target(), d.name(), d.label(), d.score(), d.comment(), d.reasons(),
                d.correction(), d.data(), d.queryCategory(), d.sourceSurface(), d.authorId(), d.source(),
                key, d.metadata(), createdAt, now, revision + 1, null, createdByKeyId);
    }

    Feedback patchedBy(FeedbackPatch p, Instant now) {
        return new Feedback(id, tenantId, target, name,
                p.label().applyTo(label), p.score().applyTo(score), p.comment().applyTo(comment),
                orEmpty(p.reasons().applyTo(reasons)), p.correction().applyTo(correction), p.data().applyTo(data),
                p.queryCategory().applyTo(queryCategory), p.sourceSurface().applyTo(sourceSurface),
                authorId, source, clientFeedbackId, orEmpty(p.metadata().applyTo(metadata)),
                createdAt, now, revision + 1, null, createdByKeyId);
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static Map<String, String> orEmpty(Map<String, String> map) {
        return map == null ? Map.of() : map;
    }

    boolean sameValuesAs(Feedback other) {
        return asDraft().equals(other.asDraft());
    }

    Feedback tombstone(Instant now) {
        return new Feedback(id, tenantId, target, name, label, score, comment, reasons, correction, data,
                queryCategory, sourceSurface, authorId, source, clientFeedbackId, metadata,
                createdAt, now, revision + 1, now, createdByKeyId);
    }

    /** The values a caller wrote, to check a patch result against the feedback config like a new write. */
    FeedbackDraft asDraft() {
        return new FeedbackDraft(target, name, label, score, comment, reasons, correction, data, queryCategory,
                sourceSurface, authorId, source, clientFeedbackId, metadata);
    }
}
