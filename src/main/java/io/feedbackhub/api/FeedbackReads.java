package io.feedbackhub.api;

import io.feedbackhub.auth.Principal;
import io.feedbackhub.auth.TeamRole;
import io.feedbackhub.core.Feedback;
import io.feedbackhub.core.FeedbackQuery;
import io.feedbackhub.core.FeedbackService;
import io.feedbackhub.core.FreeText;
import io.feedbackhub.core.NotFound;
import io.feedbackhub.core.Page;
import io.feedbackhub.core.SearchHit;
import io.feedbackhub.http.HttpFailure;
import io.feedbackhub.review.Blindfold;
import io.feedbackhub.review.ReviewItem;
import io.feedbackhub.review.ReviewService;
import io.feedbackhub.settings.Settings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Every read of feedback the native API answers a caller with, and the two rules of what the caller sees of it:
 *
 * <ul>
 * <li>Free text: a viewer (a viewer's session, or any viewer-level access) of a project whose settings say
 * {@code viewer_comments: hidden} gets no comment and no correction, from the feed and listing, one feedback, its
 * history, search, every export format ({@link #freeText}) and the webhook events its deliveries show
 * ({@link #eventPayload}). The settings are cached across nodes (JdbcSettingsStore), so asking costs no database read
 * per request.
 * <li>Blind review ({@link Blindfold}): a signed-in person below admin who reviews in a blind queue is not shown
 * others' feedback on the answers of that queue they have still to review: the listing (the feed and conversation
 * views read it) leaves it out (a record naming one of the answer's retrieved chunks stays, without its label, score,
 * reasons, comment, correction or data: the reviewer's page shows the chunks), one feedback and its history are not
 * found, a webhook delivery shows them without their judgment, a queue's disagreements leave those items out and
 * its items come without their resolved label, search leaves out feedback hits on those answers, and an export is
 * refused while any are withheld, and so is minting an end-user token ({@link #admitUnfiltered}). Keys are machines and admins and owners run the queues: neither is blindfolded. Costs one indexed read per
 * request for a person below admin, and one more for a page that has something to withhold.
 * </ul>
 */
final class FeedbackReads {
    private final FeedbackService feedback;
    private final Settings settings;
    private final ReviewService reviews;

    FeedbackReads(FeedbackService feedback, Settings settings, ReviewService reviews) {
        this.feedback = feedback;
        this.settings = settings;
        this.reviews = reviews;
    }

    private Blindfold blindfold(Principal caller) {
        if (!caller.isPerson() || caller.teamRole().atLeast(TeamRole.ADMIN)) {
            return Blindfold.NONE;
        }
        return reviews.blindfold(caller.tenantId(), caller.person().email());
    }

    /**
     * The feedback as the blindfold lets it through, in order: the reviewer's own as it is; others' on an answer they
     * still review blind left out, except a record naming a retrieved chunk of it (content_id), which the reviewer's page
     * shows as the answer's context, and which comes with its judgment taken out.
     */
    private static List<Feedback> seen(Blindfold blindfold, List<Feedback> items) {
        if (!blindfold.withholdsAnything()) {
            return items;
        }
        var keys = new HashSet<String>();
        items.forEach(f -> keys.addAll(answerKeys(f)));
        var withheld = blindfold.withheld(keys);
        var out = new ArrayList<Feedback>(items.size());
        for (var f : items) {
            if (blindfold.reviewerId().equals(f.authorId()) || !Blindfold.anyWithheld(answerKeys(f), withheld)) {
                out.add(f);
            } else if (f.target().contentId() != null) {
                out.add(new Feedback(f.id(), f.tenantId(), f.target(), f.name(), null, null, null, List.of(), null, null, f.queryCategory(),
                        f.sourceSurface(), f.authorId(), f.source(), f.clientFeedbackId(), f.metadata(), f.createdAt(), f.updatedAt(),
                        f.revision(), f.deletedAt(), f.createdByKeyId(), f.inherited()));
            }
        }
        return out;
    }

    /** Search hits without the feedback hits on answers the caller reviews blind (messages stay). */
    List<SearchHit> searchHits(Principal caller, List<SearchHit> hits) {
        var blindfold = blindfold(caller);
        if (!blindfold.withholdsAnything()) {
            return hits;
        }
        var keys = new HashSet<String>();
        for (var hit : hits) {
            if (hit.kind() == SearchHit.Kind.FEEDBACK) {
                keys.addAll(hitKeys(hit));
            }
        }
        var withheld = blindfold.withheld(keys);
        return hits.stream().filter(h -> h.kind() != SearchHit.Kind.FEEDBACK || hitKeys(h).stream().noneMatch(withheld::contains)).toList();
    }

    /** A feedback hit names the message it is on (or its trace's root) and its trace: either may be a reviewed answer. */
    private static List<String> hitKeys(SearchHit hit) {
        return Blindfold.answerKeys(hit.messageId(), hit.traceId());
    }

    /** A queue's disagreements without the items whose answers the caller still reviews blind (they list others' labels). */
    List<ReviewService.Disagreement> disagreements(Principal caller, List<ReviewService.Disagreement> found) {
        var blindfold = blindfold(caller);
        if (!blindfold.withholdsAnything()) {
            return found;
        }
        var keys = new HashSet<String>();
        found.forEach(d -> keys.addAll(answerKeys(d.item())));
        var withheld = blindfold.withheld(keys);
        return found.stream().filter(d -> answerKeys(d.item()).stream().noneMatch(withheld::contains)).toList();
    }

    /** A queue's item as the caller reads it: without its resolved label while they still review it blind. */
    ObjectNode item(Principal caller, ReviewItem item) {
        var o = ReviewJson.item(item);
        if (item.resolvedLabel() != null) {
            var keys = answerKeys(item);
            if (blindfold(caller).withheld(keys).stream().anyMatch(keys::contains)) {
                o.remove("resolved");
            }
        }
        return o;
    }

    private static List<String> answerKeys(ReviewItem item) {
        return item.isPair() ? List.of(Blindfold.answerKey(item.messageId(), null), Blindfold.answerKey(item.otherMessageId(), null))
                : List.of(item.targetKey());
    }

    /**
     * Refuses, to a caller from whom blind review withholds feedback now, what would read past the blindfold: an
     * export (a dataset aggregates across answers and cannot leave some out honestly), or an end-user token (it reads
     * as the author it names, say another reviewer, and a token is not a person with a blindfold).
     */
    void admitUnfiltered(Principal caller, String what) {
        var blindfold = blindfold(caller);
        if (blindfold.withholdsAnything()) {
            throw HttpFailure.forbidden("you review blind in " + blindfold.queues().stream().map(q -> "\"" + q.name() + "\" (" + q.id() + ")").toList()
                    + " and have items there still to review: " + what + " would show others' labels on them; submit or skip them, "
                    + "or ask an admin");
        }
    }

    FreeText freeText(Principal caller) {
        return caller.teamRole() == TeamRole.VIEWER && settings.hidesCommentsFromViewers(caller.tenantId())
                ? FreeText.WITHHELD : FreeText.SHOWN;
    }

    Feedback get(Principal caller, String id) {
        var seen = seen(blindfold(caller), List.of(feedback.get(caller.tenantId(), id)));
        if (seen.isEmpty()) {
            throw new NotFound("feedback", id);
        }
        return freeText(caller).applyTo(seen.getFirst());
    }

    /** A page the blindfold took feedback out of is shorter than the limit; its cursor still goes on after its last row. */
    Page<Feedback> list(Principal caller, FeedbackQuery query) {
        var page = feedback.list(caller.tenantId(), query);
        var shown = freeText(caller);
        return new Page<>(seen(blindfold(caller), page.items()).stream().map(shown::applyTo).toList(), page.nextAfter());
    }

    /**
     * A webhook event's body as a reader of its delivery sees it: events carry feedback as the native JSON, so for a
     * reader from whom free text is withheld every {@code comment} and {@code correction} in it is nulled, and for a
     * blindfolded reviewer a feedback on an answer they still review blind keeps its ids but not its judgment.
     */
    JsonNode eventPayload(Principal caller, JsonNode payload) {
        var free = freeText(caller);
        var blindfold = blindfold(caller);
        if (free == FreeText.SHOWN && !blindfold.withholdsAnything()) {
            return payload;
        }
        var copy = payload.deepCopy();
        if (free == FreeText.WITHHELD) {
            withoutFreeText(copy);
        }
        if (blindfold.withholdsAnything()) {
            var records = new ArrayList<ObjectNode>();
            feedbackIn(copy, records);
            var withheld = blindfold.withheld(records.stream().flatMap(f -> answerKeys(f).stream()).collect(Collectors.toSet()));
            for (var f : records) {
                if (Blindfold.anyWithheld(answerKeys(f), withheld) && !blindfold.reviewerId().equals(f.path("author_id").asText(null))) {
                    for (var field : List.of("label", "score", "comment", "correction", "data", "polarity")) {
                        f.putNull(field);
                    }
                    f.putArray("reasons");
                }
            }
        }
        return copy;
    }

    /** The native feedback records in an event: objects with a name, a source and a label field. */
    private static void feedbackIn(JsonNode node, List<ObjectNode> out) {
        if (node instanceof ObjectNode object && object.has("name") && object.has("source") && object.has("label")) {
            out.add(object);
        }
        node.forEach(child -> feedbackIn(child, out));
    }

    private static List<String> answerKeys(ObjectNode f) {
        return Blindfold.answerKeys(f.path("message_id").asText(null), f.path("trace_id").asText(null));
    }

    private static List<String> answerKeys(Feedback f) {
        return Blindfold.answerKeys(f.target().messageId(), f.target().traceId());
    }

    private static void withoutFreeText(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (var field : List.of("comment", "correction")) {
                if (object.has(field)) {
                    object.putNull(field);
                }
            }
        }
        node.forEach(FeedbackReads::withoutFreeText);
    }

    List<Feedback> history(Principal caller, String id) {
        var shown = freeText(caller);
        var revisions = feedback.history(caller.tenantId(), id);
        var seen = seen(blindfold(caller), revisions);
        if (seen.size() < revisions.size()) {
            throw new NotFound("feedback", id);
        }
        return seen.stream().map(shown::applyTo).toList();
    }
}
