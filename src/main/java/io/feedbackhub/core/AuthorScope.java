package io.feedbackhub.core;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What an end-user token lets its bearer touch: the feedback of one author, optionally only on one thread, one
 * message and under one feedback name. The author is verified (the app's backend vouched for it when it minted the
 * token), so within its scope a token acts as that author, whichever key wrote the record; outside it, it can
 * neither write nor read.
 *
 * <p>A token may also bind analysis dimensions, {@code metadata} (prompt_version, model, …) and
 * {@code sourceSurface}: the backend knows which prompt version answered, the browser does not and must not be able
 * to claim another. A write with the token carries the bound values (filled in when left out); one that names another
 * value for a bound key is refused, like a write for another author.
 */
public record AuthorScope(String authorId, String threadId, String messageId, String name, Map<String, String> metadata,
                          String sourceSurface) {
    public AuthorScope {
        if (authorId == null || authorId.isEmpty()) {
            throw new IllegalArgumentException("an author scope needs an author id");
        }
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    public AuthorScope(String authorId, String threadId, String messageId, String name) {
        this(authorId, threadId, messageId, name, Map.of(), null);
    }

    /** Whether feedback by this author, on this target, under this name lies inside the scope. */
    public boolean covers(Target target, String feedbackName, String feedbackAuthorId) {
        return authorId.equals(feedbackAuthorId)
                && (threadId == null || threadId.equals(target.threadId()))
                && (messageId == null || messageId.equals(target.messageId()))
                && (name == null || name.equals(feedbackName));
    }

    public boolean covers(Feedback f) {
        return covers(f.target(), f.name(), f.authorId());
    }

    /** The draft with the bound metadata and surface filled in; refused when it names other values for them. */
    public FeedbackDraft bind(FeedbackDraft d) {
        var surface = boundSurface(d.sourceSurface());
        var merged = boundMetadata(d.metadata());
        if (Objects.equals(surface, d.sourceSurface()) && merged.equals(d.metadata())) {
            return d;
        }
        return d.toBuilder().sourceSurface(surface).metadata(merged).build();
    }

    /**
     * A patch keeps what the scope binds: a metadata map it sets gets the bound entries back, a cleared surface stays
     * the bound one; a patch that sets another value for either is refused.
     */
    public FeedbackPatch bind(FeedbackPatch p) {
        var metadata = p.metadata().isSet() ? Change.set(boundMetadata(orEmpty(p.metadata().applyTo(null)))) : p.metadata();
        var surface = p.sourceSurface().isSet() ? Change.set(boundSurface(p.sourceSurface().applyTo(null))) : p.sourceSurface();
        return new FeedbackPatch(p.label(), p.score(), p.comment(), p.reasons(), p.correction(), p.data(), p.queryCategory(),
                surface, metadata);
    }

    private String boundSurface(String asked) {
        if (sourceSurface == null) {
            return asked;
        }
        if (asked != null && !asked.equals(sourceSurface)) {
            throw NotYours.boundValue("source_surface", sourceSurface, asked);
        }
        return sourceSurface;
    }

    private Map<String, String> boundMetadata(Map<String, String> asked) {
        if (metadata.isEmpty()) {
            return asked;
        }
        var merged = new HashMap<>(asked);
        for (var bound : new TreeMap<>(metadata).entrySet()) {
            var value = asked.get(bound.getKey());
            if (value != null && !value.equals(bound.getValue())) {
                throw NotYours.boundValue("metadata." + bound.getKey(), bound.getValue(), value);
            }
            merged.put(bound.getKey(), bound.getValue());
        }
        return Map.copyOf(merged);
    }

    private static Map<String, String> orEmpty(Map<String, String> m) {
        return m == null ? Map.of() : m;
    }

    /** What the scope binds, for a refusal that says what would have been allowed. */
    public String describe() {
        var s = new StringBuilder("author_id=").append(authorId);
        if (threadId != null) {
            s.append(", thread_id=").append(threadId);
        }
        if (messageId != null) {
            s.append(", message_id=").append(messageId);
        }
        if (name != null) {
            s.append(", name=").append(name);
        }
        return s.toString();
    }
}
