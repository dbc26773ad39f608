package io.feedbackhub.review;

import io.feedbackhub.core.Actor;
import io.feedbackhub.core.Feedback;
import io.feedbackhub.core.FeedbackDraft;
import io.feedbackhub.core.FeedbackRules;
import io.feedbackhub.core.FeedbackService;
import io.feedbackhub.core.FieldError;
import io.feedbackhub.core.Ids;
import io.feedbackhub.core.InvalidInput;
import io.feedbackhub.core.NotFound;
import io.feedbackhub.core.Source;
import io.feedbackhub.core.Target;
import io.feedbackhub.core.WriteOutcome;
import io.feedbackhub.insight.agreement.Agreement;
import io.feedbackhub.insight.agreement.AgreementReport;
import io.feedbackhub.insight.agreement.Judgment;
import io.feedbackhub.json.Json;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * Review queues: creating them, filling them, handing out slots under leases, and turning a submitted review into
 * feedback through the one write path ({@link FeedbackService}), so that stats, exports and webhooks see reviews like
 * any feedback (source {@code reviewer}, author the reviewer, the queue and item in {@code data}).
 *
 * <p>A review is written first and its slot marked done after: if the second step fails the review is kept and a retry
 * of the same submission updates the same feedback slot (same target, name and reviewer) and then marks the slot.
 */
public final class ReviewService {
    /** Five minutes: long enough to read an answer and its context, short enough that an abandoned slot soon returns. */
    public static final Duration DEFAULT_LEASE = Duration.ofMinutes(5);
    public static final int MIN_LEASE_SECONDS = 10;
    public static final int MAX_LEASE_SECONDS = 3600;
    public static final int MAX_REVIEWERS_PER_ITEM = 25;
    public static final int MAX_FORM_NAMES = 10;
    public static final int MAX_ITEMS_PER_REQUEST = 1000;
    public static final int MAX_INSTRUCTIONS = 10_000;

    private final ReviewStore store;
    private final FeedbackService feedback;
    private final ReviewEventSink events;
    private final Clock clock;

    public ReviewService(ReviewStore store, FeedbackService feedback, ReviewEventSink events, Clock clock) {
        this.store = store;
        this.feedback = feedback;
        this.events = events;
        this.clock = clock;
    }

    public ReviewQueue create(String tenantId, QueueDraft d) {
        var errors = new ArrayList<FieldError>();
        if (d.name() == null || d.name().isBlank() || d.name().length() > FeedbackRules.MAX_NAME_LENGTH) {
            errors.add(FieldError.of("name", "is required, 1-" + FeedbackRules.MAX_NAME_LENGTH + " characters"));
        }
        var kind = d.kind() == null ? Optional.of(QueueKind.SINGLE) : QueueKind.parse(d.kind());
        if (kind.isEmpty()) {
            errors.add(FieldError.of("kind", "must be single or pairwise, got \"" + d.kind() + "\""));
        } else if (kind.get() == QueueKind.PAIRWISE) {
            errors.add(FieldError.of("kind", "pairwise queues are not available yet; use single"));
        }
        var form = d.form() == null ? List.<String>of() : d.form();
        if (form.isEmpty() || form.size() > MAX_FORM_NAMES) {
            errors.add(FieldError.of("form", "must name 1-" + MAX_FORM_NAMES + " feedback names, got " + form.size()));
        } else if (new HashSet<>(form).size() != form.size()) {
            errors.add(FieldError.of("form", "names a feedback name twice: " + form));
        }
        for (var name : form) {
            if (name.isEmpty() || name.length() > FeedbackRules.MAX_NAME_LENGTH) {
                errors.add(FieldError.of("form", "names must be 1-" + FeedbackRules.MAX_NAME_LENGTH + " characters, got \"" + name + "\""));
            }
        }
        int perItem = d.reviewersPerItem() == null ? 1 : d.reviewersPerItem();
        if (perItem < 1 || perItem > MAX_REVIEWERS_PER_ITEM) {
            errors.add(FieldError.of("reviewers_per_item", "must be 1-" + MAX_REVIEWERS_PER_ITEM + ", got " + perItem));
        }
        int leaseSeconds = d.leaseSeconds() == null ? (int) DEFAULT_LEASE.toSeconds() : d.leaseSeconds();
        if (leaseSeconds < MIN_LEASE_SECONDS || leaseSeconds > MAX_LEASE_SECONDS) {
            errors.add(FieldError.of("lease_seconds", "must be " + MIN_LEASE_SECONDS + "-" + MAX_LEASE_SECONDS + ", got " + leaseSeconds));
        }
        if (d.instructions() != null && d.instructions().length() > MAX_INSTRUCTIONS) {
            errors.add(FieldError.of("instructions", "must be at most " + MAX_INSTRUCTIONS + " characters, got " + d.instructions().length()));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInput(errors);
        }
        var queue = new ReviewQueue(Ids.newId(), d.name(), kind.get(), form, perItem, d.blind() == null || d.blind(),
                d.adjudicate() != null && d.adjudicate(), d.instructions(), Duration.ofSeconds(leaseSeconds), now());
        store.createQueue(tenantId, queue);
        return queue;
    }

    public ReviewQueue queue(String tenantId, String queueId) {
        return store.queue(tenantId, queueId).orElseThrow(() -> new NotFound("review queue", queueId));
    }

    public List<ReviewQueue> queues(String tenantId) {
        return store.queues(tenantId);
    }

    public ReviewItem item(String tenantId, String queueId, String itemId) {
        queue(tenantId, queueId);
        return store.item(tenantId, queueId, itemId).orElseThrow(() -> new NotFound("review item", itemId));
    }

    public record Added(List<ReviewItem> added, int alreadyQueued) {
    }

    /** Adds answers by message (else trace) id; an answer already in the queue is counted, not added twice. */
    public Added addItems(String tenantId, String queueId, List<ItemDraft> drafts) {
        queue(tenantId, queueId);
        var errors = new ArrayList<FieldError>();
        if (drafts.isEmpty() || drafts.size() > MAX_ITEMS_PER_REQUEST) {
            errors.add(FieldError.of("items", "must have 1-" + MAX_ITEMS_PER_REQUEST + " items, got " + drafts.size()));
        }
        var now = now();
        var items = new ArrayList<ReviewItem>();
        var keys = new LinkedHashSet<String>();
        for (int i = 0; i < drafts.size(); i++) {
            var d = drafts.get(i);
            if (d.messageId() == null && d.traceId() == null) {
                errors.add(FieldError.of("items[" + i + "]", "needs a message_id or a trace_id"));
                continue;
            }
            for (var id : new String[]{d.messageId(), d.traceId(), d.threadId()}) {
                if (id != null && !validId(id)) {
                    errors.add(FieldError.of("items[" + i + "]", "ids must be 1-" + FeedbackRules.MAX_ID_LENGTH + " characters without control characters"));
                }
            }
            var item = ReviewItem.added(Ids.newId(), d.messageId(), d.traceId(), d.threadId(), now);
            if (keys.add(item.targetKey())) {
                items.add(item);
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInput(errors);
        }
        var added = store.addItems(tenantId, queueId, items);
        return new Added(added, drafts.size() - added.size());
    }

    /** The reviewer's next slot, under a lease; empty when nothing in the queue needs them now. */
    public Optional<Claim> next(String tenantId, String queueId, String reviewerId) {
        checkReviewer(reviewerId);
        return store.claim(tenantId, queue(tenantId, queueId), reviewerId, now());
    }

    /**
     * Writes the review as feedback, one record per answered name of the form, and marks the reviewer's slot done.
     * Refused unless the reviewer holds a live lease on the item (a lease that expired may already be someone else's) or
     * reviewed it before: a second submission corrects the reviewer's feedback (a new revision) and counts once.
     */
    public SubmittedReview submit(Actor actor, String queueId, String itemId, String reviewerId, List<Answer> answers) {
        checkReviewer(reviewerId);
        var tenantId = actor.tenantId();
        var queue = queue(tenantId, queueId);
        var item = item(tenantId, queueId, itemId);
        var errors = new ArrayList<FieldError>();
        if (answers.isEmpty()) {
            errors.add(FieldError.of("answers", "must answer at least one name of the form " + queue.form()));
        }
        var names = new HashSet<String>();
        for (int i = 0; i < answers.size(); i++) {
            var name = answers.get(i).name();
            if (name == null || !queue.form().contains(name)) {
                errors.add(FieldError.of("answers[" + i + "].name", "must be one of the form's names " + queue.form() + ", got " + name));
            } else if (!names.add(name)) {
                errors.add(FieldError.of("answers[" + i + "].name", "answers " + name + " twice"));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInput(errors);
        }
        if (!store.mayReview(tenantId, queueId, itemId, reviewerId, now())) {
            throw new LeaseLost(queueId, itemId, reviewerId);
        }
        var drafts = answers.stream().map(a -> draft(queue, item, reviewerId, a)).map(d -> feedback.check(actor, d)).toList();
        var written = new ArrayList<Feedback>();
        for (var result : feedback.upsertAll(actor, drafts)) {
            if (result.refusal() != null) {
                throw result.refusal();
            }
            written.add(switch (result.outcome()) {
                case WriteOutcome.Created c -> c.feedback();
                case WriteOutcome.Updated u -> u.feedback();
                case WriteOutcome.Replayed r -> r.feedback();
            });
        }
        var now = now();
        boolean done = store.finish(tenantId, queue, itemId, reviewerId, now);
        if (done) {
            events.completed(tenantId, queue, item, now);
        }
        return new SubmittedReview(written, done);
    }

    public void release(String tenantId, String queueId, String itemId, String reviewerId) {
        checkReviewer(reviewerId);
        item(tenantId, queueId, itemId);
        if (!store.release(tenantId, queueId, itemId, reviewerId, now())) {
            throw new LeaseLost(queueId, itemId, reviewerId);
        }
    }

    public void skip(String tenantId, String queueId, String itemId, String reviewerId) {
        checkReviewer(reviewerId);
        item(tenantId, queueId, itemId);
        if (!store.skip(tenantId, queueId, itemId, reviewerId, now())) {
            throw new LeaseLost(queueId, itemId, reviewerId);
        }
    }

    public Progress progress(String tenantId, ReviewQueue queue) {
        return store.progress(tenantId, queue, now());
    }

    /** Agreement between the queue's reviewers on one name of its form. */
    public AgreementReport agreement(String tenantId, String queueId, String name) {
        checkFormName(queue(tenantId, queueId), name);
        return Agreement.measure(store.ratings(tenantId, queueId, name).stream().map(Judgment::rating).toList());
    }

    /** A done item whose reviewers gave different labels for one name, with what each gave. */
    public record Disagreement(ReviewItem item, List<Judgment> reviews) {
    }

    /** The items whose reviewers disagree on {@code name}: what an adjudicator of the queue works through. */
    public List<Disagreement> disagreements(String tenantId, String queueId, String name) {
        var queue = queue(tenantId, queueId);
        checkFormName(queue, name);
        var byItem = new java.util.LinkedHashMap<String, List<Judgment>>();
        for (var j : store.ratings(tenantId, queueId, name)) {
            byItem.computeIfAbsent(j.unit(), u -> new ArrayList<>()).add(j);
        }
        var out = new ArrayList<Disagreement>();
        byItem.forEach((itemId, reviews) -> {
            if (reviews.stream().map(j -> j.rating().value()).distinct().count() > 1) {
                store.item(tenantId, queueId, itemId).ifPresent(item -> out.add(new Disagreement(item, reviews)));
            }
        });
        return out;
    }

    /**
     * Records an adjudicator's decision as the item's resolved label for one name of the form, checked like a review
     * of that name would be; the individual reviews stay as they are. Only a queue that adjudicates takes one.
     */
    public ReviewItem resolve(Actor actor, String queueId, String itemId, String adjudicatorId, String name, String label) {
        var tenantId = actor.tenantId();
        var queue = queue(tenantId, queueId);
        var item = item(tenantId, queueId, itemId);
        var errors = new ArrayList<FieldError>();
        if (!queue.adjudicate()) {
            errors.add(FieldError.of("adjudicate", "queue " + queueId + " does not adjudicate; create it with \"adjudicate\": true"));
        }
        if (adjudicatorId == null || !validId(adjudicatorId)) {
            errors.add(FieldError.of("adjudicator_id", "is required, 1-" + FeedbackRules.MAX_ID_LENGTH + " characters without control characters"));
        }
        if (label == null || label.isEmpty()) {
            errors.add(FieldError.missing("label"));
        }
        if (name == null || !queue.form().contains(name)) {
            errors.add(FieldError.of("name", "must be one of the form's names " + queue.form() + ", got " + name));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInput(errors);
        }
        feedback.check(actor, draft(queue, item, adjudicatorId, new Answer(name, label, null, null, null, null)));
        var now = now();
        store.resolve(tenantId, queueId, itemId, name, label, adjudicatorId, now);
        var resolved = item(tenantId, queueId, itemId);
        events.resolved(tenantId, queue, resolved, now);
        return resolved;
    }

    private static void checkFormName(ReviewQueue queue, String name) {
        if (name == null || !queue.form().contains(name)) {
            throw new InvalidInput(FieldError.of("name", "must be one of the form's names " + queue.form() + ", got " + name));
        }
    }

    private static FeedbackDraft draft(ReviewQueue queue, ReviewItem item, String reviewerId, Answer a) {
        var data = Json.object().put("review_queue_id", queue.id()).put("review_item_id", item.id());
        var target = new Target(null, item.threadId(), item.messageId(), null, item.traceId(), null);
        return FeedbackDraft.builder(target).name(a.name()).label(a.label()).score(a.score()).comment(a.comment())
                .reasons(a.reasons()).correction(a.correction()).data(data.toString()).authorId(reviewerId).source(Source.REVIEWER)
                .build();
    }

    private static void checkReviewer(String reviewerId) {
        if (reviewerId == null || !validId(reviewerId)) {
            throw new InvalidInput(FieldError.of("reviewer_id", "is required, 1-" + FeedbackRules.MAX_ID_LENGTH + " characters without control characters"));
        }
    }

    private static boolean validId(String id) {
        return !id.isEmpty() && id.length() <= FeedbackRules.MAX_ID_LENGTH && id.chars().noneMatch(Character::isISOControl);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
