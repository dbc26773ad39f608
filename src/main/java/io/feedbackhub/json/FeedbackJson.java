package io.feedbackhub.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import io.feedbackhub.core.Feedback;
import io.feedbackhub.core.FeedbackDraft;
import io.feedbackhub.core.FeedbackPatch;
import io.feedbackhub.core.Source;
import io.feedbackhub.core.Target;
import io.feedbackhub.insight.Scales;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/** The native snake_case shape of a feedback record, both ways. */
public final class FeedbackJson {
    static final Set<String> WRITABLE = Set.of("agent_id", "thread_id", "message_id", "turn_id", "trace_id", "content_id",
            "name", "label", "score", "comment", "reasons", "correction", "data", "query_category", "source_surface",
            "author_id", "source", "client_feedback_id", "metadata", "created_at");
    static final Set<String> PATCHABLE = Set.of("label", "score", "comment", "reasons", "correction", "data",
            "query_category", "source_surface", "metadata");

    private FeedbackJson() {
    }

    /**
     * {@code polarity} is read-only: "positive", "negative", "neutral" or null, by the rule of {@link Scales} with the
     * tenant's configs as they are now (a later config change changes it).
     */
    public static ObjectNode write(Feedback f, Scales scales) {
        var o = Json.object();
        var t = f.target();
        o.put("id", f.id());
        o.put("agent_id", t.agentId());
        o.put("thread_id", t.threadId());
        o.put("message_id", t.messageId());
        o.put("turn_id", t.turnId());
        o.put("trace_id", t.traceId());
        o.put("content_id", t.contentId());
        o.put("name", f.name());
        o.put("label", f.label());
        if (f.score() == null) {
            o.putNull("score");
        } else {
            o.put("score", f.score());
        }
        o.put("comment", f.comment());
        var reasons = o.putArray("reasons");
        f.reasons().forEach(reasons::add);
        o.put("correction", f.correction());
        if (f.data() == null) {
            o.putNull("data");
        } else {
            o.putRawValue("data", new RawValue(f.data()));
        }
        o.put("query_category", f.queryCategory());
        o.put("source_surface", f.sourceSurface());
        o.put("author_id", f.authorId());
        o.put("source", f.source().wire());
        o.put("client_feedback_id", f.clientFeedbackId());
        var metadata = o.putObject("metadata");
        new java.util.TreeMap<>(f.metadata()).forEach(metadata::put);
        o.put("created_at", iso(f.createdAt()));
        o.put("updated_at", iso(f.updatedAt()));
        o.put("revision", f.revision());
        o.put("deleted", f.deleted());
        var polarity = scales.polarity(f);
        o.put("polarity", polarity == null ? null : polarity.wire());
        return o;
    }

    public static String iso(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    /** A create/upsert request; every type error of every field is collected. */
    public static FeedbackDraft readDraft(JsonNode body) {
        var in = JsonFields.of(body);
        in.rejectUnknown(WRITABLE);
        var target = new Target(in.string("agent_id"), in.string("thread_id"), in.string("message_id"),
                in.string("turn_id"), in.string("trace_id"), in.string("content_id"));
        var sourceText = in.string("source");
        var source = sourceText == null ? null : Source.parse(sourceText).orElse(null);
        if (sourceText != null && source == null) {
            in.error("source", "must be one of user, api, model, reviewer, got \"" + sourceText + "\"", "enum");
        }
        var draft = FeedbackDraft.builder(target).name(in.string("name")).label(in.string("label")).score(in.number("score"))
                .comment(in.string("comment")).reasons(in.strings("reasons")).correction(in.string("correction"))
                .data(in.objectText("data")).queryCategory(in.string("query_category"))
                .sourceSurface(in.string("source_surface")).authorId(in.string("author_id")).source(source)
                .clientFeedbackId(in.string("client_feedback_id")).metadata(in.stringMap("metadata"))
                .createdAt(in.instant("created_at")).build();
        in.throwIfInvalid();
        return draft;
    }

    public static FeedbackPatch readPatch(JsonNode body) {
        var in = JsonFields.of(body);
        in.rejectUnknown(PATCHABLE);
        var patch = new FeedbackPatch(in.change("label", in::string), in.change("score", in::number),
                in.change("comment", in::string), in.change("reasons", in::strings), in.change("correction", in::string),
                in.change("data", in::objectText), in.change("query_category", in::string),
                in.change("source_surface", in::string), in.change("metadata", f -> (Map<String, String>) in.stringMap(f)));
        in.throwIfInvalid();
        return patch;
    }
}
