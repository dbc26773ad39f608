package io.feedbackhub.review;

import io.feedbackhub.core.Actor;
import io.feedbackhub.core.Feedback;
import io.feedbackhub.core.FeedbackDraft;
import io.feedbackhub.core.FeedbackRules;
import io.feedbackhub.core.FeedbackService;
import io.feedbackhub.core.FieldError;
import io.feedbackhub.core.Ids;
import io.feedbackhub.core.InvalidInput;
import io.feedbackhub.core.Message;
import io.feedbackhub.core.NotFound;
import io.feedbackhub.core.Order;
import io.feedbackhub.core.Source;
import io.feedbackhub.core.Target;
import io.feedbackhub.core.WriteOutcome;
import io.feedbackhub.insight.agreement.AgreementReport;
import io.feedbackhub.insight.agreement.Judgment;
import io.feedbackhub.json.Json;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
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
    private final QueueAgreement agreement;
    private final Clock clock;

    public ReviewService(ReviewStore store, FeedbackService feedback, ReviewEventSink events, Clock clock) {
        this.store = store;
        this.feedback = feedback;
        this.events = events;
        this.agreement = new QueueAgreement(store);
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

    /**
     * Adds answers by message (else trace) id, or by thread id alone (the thread's latest answer); an answer already
     * in the queue is counted, not added twice.
     */
    public Added addItems(String tenantId, String queueId, List<ItemDraft> drafts) {
        var pairwise = queue(tenantId, queueId).kind() == QueueKind.PAIRWISE;
        var errors = new ArrayList<FieldError>();
        if (drafts.isEmpty() || drafts.size() > MAX_ITEMS_PER_REQUEST) {
            errors.add(FieldError.of("items", "must have 1-" + MAX_ITEMS_PER_REQUEST + " items, got " + drafts.size()));
        }
        var now = now();
        var items = new ArrayList<ReviewItem>();
        var keys = new LinkedHashSet<String>();
        for (int i = 0; i < drafts.size(); i++) {
            var d = drafts.get(i);
            if (pairwise) {
                var pair = pairDraft(d, i, errors);
                if (pair != null) {
                    var item = ReviewItem.added(Ids.newId(), pair.get(0), pair.get(1), null, d.threadId(), now);
                    if (keys.add(item.targetKey())) {
                        items.add(item);
                    }
                }
                continue;
            }
            if (d.pair() != null) {
                errors.add(FieldError.of("items[" + i + "].pair", "is for pairwise queues; this queue judges one answer per item"));
                continue;
            }
            if (d.messageId() == null && d.traceId() == null && d.threadId() == null) {
                errors.add(FieldError.of("items[" + i + "]", "needs a message_id, a trace_id or a thread_id"));
                continue;
            }
            boolean validIds = true;
            for (var id : new String[]{d.messageId(), d.traceId(), d.threadId()}) {
                if (id != null && !validId(id)) {
                    validIds = false;
                    errors.add(FieldError.of("items[" + i + "]", "ids must be 1-" + FeedbackRules.MAX_ID_LENGTH + " characters without control characters"));
                }
            }
            var messageId = d.messageId();
            if (messageId == null && d.traceId() == null && validIds) {
                messageId = threadAnswer(tenantId, d.threadId(), "items[" + i + "].thread_id", errors);
                if (messageId == null) {
                    continue;
                }
            }
            var item = ReviewItem.added(Ids.newId(), messageId, null, d.traceId(), d.threadId(), now);
            if (keys.add(item.targetKey())) {
                items.add(item);
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInput(errors);
        }
        List<ReviewItem> added;
        try {
            added = store.addItems(tenantId, queueId, items);
        } catch (PairsCrowded e) {
            throw new InvalidInput(e.pairs().stream().map(p -> FieldError.of("items",
                    "pair [" + p.messageId() + ", " + p.otherMessageId() + "]: both messages are already the first of another pair in this "
                            + "queue (a pair's reviews are written on its first message); put this pair in another queue")).toList());
        }
        return new Added(added, drafts.size() - added.size());
    }

    /**
     * The answer an item naming only a thread reviews: the thread's latest registered answer, at the time it is added
     * (a reviewer judges where the conversation ended, with the earlier turns as its context); null with an error when
     * the thread is unknown or has no answer.
     */
    private String threadAnswer(String tenantId, String threadId, String at, List<FieldError> errors) {
        var answer = store.latestAnswer(tenantId, threadId);
        if (answer.isPresent()) {
            return answer.get();
        }
        errors.add(FieldError.of(at, store.threadKnown(tenantId, threadId)
                ? "thread " + threadId + " has no registered answer to review (a message not in the role user: PUT /v1/messages/{id} with this thread_id)"
                : "no thread " + threadId + " is registered (neither PUT /v1/threads/{id} nor a message with this thread_id)"));
        return null;
    }

    /** A pairwise item's two message ids, or null with the errors added. */
    private static List<String> pairDraft(ItemDraft d, int i, List<FieldError> errors) {
        var at = "items[" + i + "]";
        if (d.messageId() != null || d.traceId() != null || (d.threadId() != null && d.pair() == null)) {
            errors.add(FieldError.of(at, "a pairwise item names its two answers in \"pair\": [message_id, message_id], not message_id, trace_id or thread_id alone"));
            return null;
        }
        var pair = d.pair();
        if (pair == null || pair.size() != 2 || pair.contains(null)) {
            errors.add(FieldError.of(at + ".pair", "must name two message ids, answers to the same prompt"));
            return null;
        }
        if (!validId(pair.get(0)) || !validId(pair.get(1))) {
            errors.add(FieldError.of(at + ".pair", "ids must be 1-" + FeedbackRules.MAX_ID_LENGTH + " characters without control characters"));
            return null;
        }
        if (pair.get(0).equals(pair.get(1))) {
            errors.add(FieldError.of(at + ".pair", "names one message twice: " + pair.get(0)));
            return null;
        }
        return pair;
    }

    /** At most this many matches are read when a filter adds items; the answer says when there were more. */
    public static final int MAX_FILTER_MATCHES = 100_000;

    public record FilterAdded(ItemFilter filter, int matched, int added, int alreadyQueued, boolean truncated) {
    }

    /**
     * Adds the answers that a filter over feedback or messages matches, optionally a deterministic sample of them, and,
     * for a live filter, keeps adding those of new matching feedback or messages (in the same transaction as that write).
     */
    public FilterAdded addByFilter(String tenantId, String queueId, FilterDraft d) {
        var queue = queue(tenantId, queueId);
        var errors = new ArrayList<FieldError>();
        if (queue.kind() == QueueKind.PAIRWISE) {
            errors.add(FieldError.of("kind", "a pairwise queue takes explicit pairs; filters add single answers"));
        }
        if (d.sampleRate() != null && !(d.sampleRate() > 0 && d.sampleRate() <= 1)) {
            errors.add(FieldError.of("sample.rate", "must be more than 0 and at most 1, got " + d.sampleRate()));
        }
        if (d.seed() != null && (d.seed().isEmpty() || d.seed().length() > FeedbackRules.MAX_ID_LENGTH)) {
            errors.add(FieldError.of("sample.seed", "must be 1-" + FeedbackRules.MAX_ID_LENGTH + " characters"));
        }
        boolean live = d.live() != null && d.live();
        if (!errors.isEmpty()) {
            throw new InvalidInput(errors);
        }
        var now = now();
        var filter = new ItemFilter(Ids.newId(), queueId, d.messages() != null ? ItemFilter.MESSAGES : ItemFilter.FEEDBACK,
                d.filterJson(), d.sampleRate(), d.seed(), live, now);
        var targets = new LinkedHashMap<String, ReviewItem>();
        boolean truncated;
        int[] matched = {0};
        if (d.messages() != null) {
            var messages = store.messages(tenantId, d.messages(), MAX_FILTER_MATCHES + 1);
            truncated = messages.size() > MAX_FILTER_MATCHES;
            messages.stream().limit(MAX_FILTER_MATCHES).forEach(m -> {
                matched[0]++;
                var item = ReviewItem.added(Ids.newId(), m.id(), null, null, m.threadId(), now);
                targets.putIfAbsent(item.targetKey(), item);
            });
        } else {
            truncated = feedback.scan(tenantId, d.feedback(), Order.OLDEST_FIRST, MAX_FILTER_MATCHES, f -> {
                matched[0]++;
                var t = f.target();
                var item = ReviewItem.added(Ids.newId(), t.messageId(), null, t.messageId() == null ? t.traceId() : null, t.threadId(), now);
                targets.putIfAbsent(item.targetKey(), item);
            });
        }
        var sampled = targets.values().stream()
                .filter(i -> d.sampleRate() == null || Sample.keeps(d.seed(), i.targetKey(), d.sampleRate())).toList();
        var added = new ArrayList<ReviewItem>();
        for (int from = 0; from < sampled.size(); from += MAX_ITEMS_PER_REQUEST) {
            added.addAll(store.addItems(tenantId, queueId, sampled.subList(from, Math.min(sampled.size(), from + MAX_ITEMS_PER_REQUEST))));
        }
        store.createFilter(tenantId, filter);
        return new FilterAdded(filter, matched[0], added.size(), sampled.size() - added.size(), truncated);
    }

    public List<ItemFilter> filters(String tenantId, String queueId) {
        queue(tenantId, queueId);
        return store.filters(tenantId, queueId);
    }

    public void stopFilter(String tenantId, String queueId, String filterId) {
        queue(tenantId, queueId);
        if (!store.stopFilter(tenantId, queueId, filterId)) {
            throw new NotFound("review filter", filterId);
        }
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
            if (item.isPair()) {
                checkChoice(item, answers.get(i), "answers[" + i + "]", errors);
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

    /** What blind review withholds from this reviewer's reads of feedback now ({@link Blindfold}). */
    public Blindfold blindfold(String tenantId, String reviewerId) {
        var queues = store.blindQueuesPending(tenantId, reviewerId);
        return queues.isEmpty() ? Blindfold.NONE
                : new Blindfold(reviewerId, queues, keys -> store.pendingAnswers(tenantId, reviewerId, queues, keys));
    }

    /** Agreement between the queue's reviewers on one name of its form. */
    public AgreementReport agreement(String tenantId, String queueId, String name) {
        var queue = queue(tenantId, queueId);
        checkFormName(queue, name);
        return agreement.measure(tenantId, queue, name, null, null);
    }

    /**
     * How often each answer (or, with {@code by}, each model or value of a message metadata key such as
     * {@code prompt_version}) won the pairwise reviews of {@code name} it took part in, a tie counting half.
     */
    public List<WinRate> winRates(String tenantId, String queueId, String name, String by) {
        var queue = queue(tenantId, queueId);
        checkFormName(queue, name);
        if (queue.kind() != QueueKind.PAIRWISE) {
            throw new InvalidInput(FieldError.of("kind", "win rates are for pairwise queues; queue " + queueId + " is " + queue.kind().wire()));
        }
        if (by != null && (by.isEmpty() || by.length() > FeedbackRules.MAX_NAME_LENGTH)) {
            throw new InvalidInput(FieldError.of("by", "must be model or a message metadata key of 1-" + FeedbackRules.MAX_NAME_LENGTH + " characters"));
        }
        var items = byId(store.items(tenantId, queueId));
        var judgments = store.ratings(tenantId, queueId, name, null, null);
        var messages = by == null ? Map.<String, Message>of() : store.itemMessages(tenantId, queueId);
        return PairwiseChoices.winRates(judgments, items, id -> by == null ? id : PairwiseChoices.group(messages.get(id), by));
    }

    private static Map<String, ReviewItem> byId(List<ReviewItem> items) {
        var out = new HashMap<String, ReviewItem>();
        items.forEach(i -> out.put(i.id(), i));
        return out;
    }

    /** A done item whose reviewers gave different labels for one name, with what each gave. */
    public record Disagreement(ReviewItem item, List<Judgment> reviews) {
    }

    /** The items whose reviewers disagree on {@code name}: what an adjudicator of the queue works through. */
    public List<Disagreement> disagreements(String tenantId, String queueId, String name) {
        var queue = queue(tenantId, queueId);
        checkFormName(queue, name);
        var byItem = new LinkedHashMap<String, List<Judgment>>();
        for (var j : store.ratings(tenantId, queueId, name, null, null)) {
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
        var decision = new Answer(name, label, null, null, null, null);
        if (item.isPair() && label != null) {
            checkChoice(item, decision, "", errors);
        }
        if (!errors.isEmpty()) {
            throw new InvalidInput(errors);
        }
        feedback.check(actor, draft(queue, item, adjudicatorId, decision));
        var now = now();
        store.resolve(tenantId, queueId, itemId, name, label, adjudicatorId, now);
        var resolved = item(tenantId, queueId, itemId);
        events.resolved(tenantId, queue, resolved, now);
        return resolved;
    }

    /** A pairwise answer is a label naming the better answer's message id, or {@code tie}; nothing else. */
    private static void checkChoice(ReviewItem item, Answer a, String at, List<FieldError> errors) {
        var prefix = at.isEmpty() ? "" : at + ".";
        var label = a.label();
        if (label == null || !(label.equals(item.messageId()) || label.equals(item.otherMessageId()) || label.equals(ReviewItem.TIE))) {
            errors.add(FieldError.of(prefix + "label", "must name the better answer, " + item.messageId() + " or " + item.otherMessageId()
                    + ", or be \"" + ReviewItem.TIE + "\", got " + label));
        }
        if (a.score() != null || a.correction() != null) {
            errors.add(FieldError.of(prefix + "score", "a pairwise choice is a label only (no score or correction)"));
        }
    }

    private static void checkFormName(ReviewQueue queue, String name) {
        if (name == null || !queue.form().contains(name)) {
            throw new InvalidInput(FieldError.of("name", "must be one of the form's names " + queue.form() + ", got " + name));
        }
    }

    private static FeedbackDraft draft(ReviewQueue queue, ReviewItem item, String reviewerId, Answer a) {
        var data = Json.object().put("review_queue_id", queue.id()).put("review_item_id", item.id());
        if (item.isPair()) {
            data.putArray("pair").add(item.messageId()).add(item.otherMessageId());
            var shown = data.putArray("shown_order");
            item.shownOrder(reviewerId).forEach(shown::add);
        }
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
