package io.feedbackhub.dialect.langfuse;

import io.feedbackhub.core.Actor;
import io.feedbackhub.core.ClientIdWrite;
import io.feedbackhub.core.Feedback;
import io.feedbackhub.core.FeedbackDraft;
import io.feedbackhub.core.FeedbackService;

import java.util.Optional;

/**
 * Langfuse's score identity on top of slots. In Langfuse a score id names one score and writing the same id again
 * replaces it (an upsert); the SDKs give every score an id of their own. Here the id is the record's
 * client_feedback_id, and:
 * <ul>
 * <li>a new id creates the record (or, when its slot already holds one, updates that record, and both ids then
 * name it: one judgment per target, name and author, as everywhere in Feedback Hub);</li>
 * <li>a known id updates its record in place (a new revision; the old values stay in history), a removed one
 * comes back;</li>
 * <li>a known id sent with another target, name or author is refused: that would be another judgment.</li>
 * </ul>
 * A record written without an id (natively, or by a score without one) is known by its own id.
 */
final class Scores {
    private final FeedbackService feedback;

    Scores(FeedbackService feedback) {
        this.feedback = feedback;
    }

    /** Writes the score; returns the id Langfuse clients know it by. */
    String write(Actor actor, String id, FeedbackDraft keyed) {
        if (id == null) {
            return ScoreJson.langfuseId(feedback.upsert(actor, keyed).feedback());
        }
        return switch (feedback.upsertByClientId(actor, keyed)) {
            case ClientIdWrite.Written written -> id;
            case ClientIdWrite.OtherSlot(var current) -> throw LangfuseError.badRequest("score " + id + " is on " + describe(current)
                    + "; a score id keeps its observation (else trace, else session), name and metadata.userId."
                    + " Use a new id for a score on another target");
        };
    }

    /**
     * The record a Langfuse id names: the record it was given to (client_feedback_id), else the record with that
     * id; a removed record only when {@code withRemoved}.
     */
    Optional<Feedback> find(String tenantId, String id, boolean withRemoved) {
        return feedback.findByClientId(tenantId, id, withRemoved);
    }

    /** The live record a Langfuse id names, or Langfuse's 404. */
    Feedback found(String tenantId, String id) {
        return find(tenantId, id, false).orElseThrow(() -> LangfuseError.notFound("Score not found within authorized project"));
    }

    private static String describe(Feedback f) {
        var t = f.target();
        return "traceId " + t.traceId() + ", observationId " + ScoreJson.observationId(t) + ", sessionId " + t.threadId()
                + ", name " + f.name() + (f.authorId() == null ? "" : ", userId " + f.authorId());
    }
}
