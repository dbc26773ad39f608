package io.feedbackhub.core;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One judgment by one author on one target, as stored. {@code data} is a JSON object kept as its text;
 * {@code deletedAt} marks a tombstone, which reads and stats leave out. The target's thread and agent and the
 * metadata are the effective dimensions: what the feedback said itself, completed from the registry's
 * {@link Context}; {@code inherited} says which of them came from there.
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
        String createdByKeyId,
        Inherited inherited) {

    public Feedback {
        inherited = inherited == null ? Inherited.NONE : inherited;
    }

    /** A record that inherited nothing (all its dimensions are its own). */
    public Feedback(String id, String tenantId, Target target, String name, String label, Double score, String comment,
                    List<String> reasons, String correction, String data, String queryCategory, String sourceSurface,
                    String authorId, Source source, String clientFeedbackId, Map<String, String> metadata,
                    Instant createdAt, Instant updatedAt, int revision, Instant deletedAt, String createdByKeyId) {
        this(id, tenantId, target, name, label, score, comment, reasons, correction, data, queryCategory, sourceSurface,
                authorId, source, clientFeedbackId, metadata, createdAt, updatedAt, revision, deletedAt, createdByKeyId,
                Inherited.NONE);
    }

    public boolean deleted() {
        return deletedAt != null;
    }

    public Slot slot() {
        return Slot.of(target, name, authorId);
    }

    static Feedback create(String id, String tenantId, FeedbackDraft d, String keyId, Instant now) {
        var created = d.createdAt() == null ? now : d.createdAt(); // imported history keeps its own time
        return of(id, tenantId, d, created, created, 1, null, keyId);
    }

    /**
     * A record holding what {@code content} says, with its life so far: how loaders and tests build one without
     * a run of positional nulls. The draft's own {@code createdAt} is not read; {@code createdAt} is.
     */
    public static Feedback of(String id, String tenantId, FeedbackDraft content, Instant createdAt, Instant updatedAt,
                              int revision, Instant deletedAt, String createdByKeyId) {
        var d = content;
        return new Feedback(id, tenantId, d.target(), d.name(), d.label(), d.score(), d.comment(), d.reasons(),
                d.correction(), d.data(), d.queryCategory(), d.sourceSurface(), d.authorId(), d.source(),
                d.clientFeedbackId(), d.metadata(), createdAt, updatedAt, revision, deletedAt, createdByKeyId);
    }

    /** The target as the feedback itself named it: without the thread and agent it inherited. */
    public Target ownTarget() {
        return new Target(inherited.agent() ? null : target.agentId(), inherited.thread() ? null : target.threadId(),
                target.messageId(), target.turnId(), target.traceId(), target.contentId());
    }

    /** The metadata the feedback carries itself. */
    public Map<String, String> ownMetadata() {
        var own = new java.util.TreeMap<>(metadata);
        own.keySet().removeIf(inherited::metadataKey);
        return own;
    }

    /** What this record inherited, as a context (its thread, its agent, the inherited metadata entries). */
    public Context inheritedContext() {
        var entries = new java.util.TreeMap<>(metadata);
        entries.keySet().removeIf(k -> !inherited.metadataKey(k));
        return new Context(inherited.thread() ? target.threadId() : null, inherited.agent() ? target.agentId() : null, entries);
    }

    /** This record as read by someone not shown free text: no comment, no correction (see {@link FreeText}). */
    public Feedback withoutFreeText() {
        return new Feedback(id, tenantId, target, name, label, score, null, reasons, null, data, queryCategory, sourceSurface,
                authorId, source, clientFeedbackId, metadata, createdAt, updatedAt, revision, deletedAt, createdByKeyId, inherited);
    }

    /**
     * This record with its dimensions recomputed as own ∪ {@code context}, what it said itself winning. Nothing a user
     * said changes: not the revision, not updated_at, no history (re-attribution moves dimensions, not judgments).
     */
    public Feedback inheriting(Context context) {
        var resolved = Inherited.resolve(ownTarget(), ownMetadata(), context);
        return new Feedback(id, tenantId, resolved.target(), name, label, score, comment, reasons, correction, data,
                queryCategory, sourceSurface, authorId, source, clientFeedbackId, resolved.metadata(), createdAt,
                updatedAt, revision, deletedAt, createdByKeyId, resolved.inherited());
    }

    /**
     * The next revision of this slot after a new write to it: the write's values replace the old ones. The target's
     * attributes (agent, thread, turn, trace) describe the answer, not the judgment: one the write leaves out is kept.
     */
    Feedback overwrittenBy(FeedbackDraft d, Instant now) {
        var judged = d.createdAt() == null ? now : d.createdAt(); // an imported judgment was changed when it was given
        var key = d.clientFeedbackId() != null ? d.clientFeedbackId() : clientFeedbackId;
        var own = ownTarget();
        var t = d.target();
        var kept = new Target(or(t.agentId(), own.agentId()), or(t.threadId(), own.threadId()), t.messageId(),
                or(t.turnId(), own.turnId()), or(t.traceId(), own.traceId()), t.contentId());
        return new Feedback(id, tenantId, kept, d.name(), d.label(), d.score(), d.comment(), d.reasons(),
                d.correction(), d.data(), d.queryCategory(), d.sourceSurface(), d.authorId(), d.source(),
                key, d.metadata(), createdAt, judged, revision + 1, null, createdByKeyId);
    }

    /**
     * Whether {@code d}, imported history dated by its {@code created_at}, is older than the judgment this slot holds
     * (given, changed or removed at {@code updatedAt}): the newer one stays current, whatever order the lines come in.
     */
    boolean newerThan(FeedbackDraft d) {
        return d.createdAt() != null && updatedAt.isAfter(d.createdAt());
    }

    /** The patched values, the dimensions as the feedback's own (the caller inherits the context again). */
    Feedback patchedBy(FeedbackPatch p, Instant now) {
        return new Feedback(id, tenantId, ownTarget(), name,
                p.label().applyTo(label), p.score().applyTo(score), p.comment().applyTo(comment),
                orEmpty(p.reasons().applyTo(reasons)), p.correction().applyTo(correction), p.data().applyTo(data),
                p.queryCategory().applyTo(queryCategory), p.sourceSurface().applyTo(sourceSurface),
                authorId, source, clientFeedbackId, orEmpty(p.metadata().applyTo(ownMetadata())),
                createdAt, now, revision + 1, null, createdByKeyId);
    }

    private static String or(String given, String kept) {
        return given != null ? given : kept;
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static Map<String, String> orEmpty(Map<String, String> map) {
        return map == null ? Map.of() : map;
    }

    /**
     * Whether a new revision would say nothing new: the same values and dimensions, both live or both removed. The
     * client_feedback_id is not a value: a rewrite under a new key that changes nothing writes no revision either.
     */
    boolean sameValuesAs(Feedback other) {
        return asDraft().withoutClientFeedbackId().equals(other.asDraft().withoutClientFeedbackId())
                && target.equals(other.target) && metadata.equals(other.metadata) && inherited.equals(other.inherited)
                && deleted() == other.deleted();
    }

    Feedback tombstone(Instant now) {
        return new Feedback(id, tenantId, target, name, label, score, comment, reasons, correction, data,
                queryCategory, sourceSurface, authorId, source, clientFeedbackId, metadata,
                createdAt, now, revision + 1, now, createdByKeyId, inherited);
    }

    /** The values a caller wrote (without what was inherited), to check a patch result like a new write. */
    FeedbackDraft asDraft() {
        return FeedbackDraft.builder(ownTarget()).name(name).label(label).score(score).comment(comment).reasons(reasons)
                .correction(correction).data(data).queryCategory(queryCategory).sourceSurface(sourceSurface)
                .authorId(authorId).source(source).clientFeedbackId(clientFeedbackId).metadata(ownMetadata()).build();
    }
}
