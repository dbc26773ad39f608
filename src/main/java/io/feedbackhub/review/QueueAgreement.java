package io.feedbackhub.review;

import io.feedbackhub.insight.agreement.Agreement;
import io.feedbackhub.insight.agreement.AgreementReport;
import io.feedbackhub.insight.agreement.Coefficient;
import io.feedbackhub.insight.agreement.Judgment;
import io.feedbackhub.insight.agreement.Rating;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;

/**
 * Agreement between a queue's reviewers on one name of its form: for the queue's page and for alert rules that watch
 * it. A pairwise queue's choices are compared as first / other / tie, not as message ids.
 */
public final class QueueAgreement {
    private final ReviewStore store;

    public QueueAgreement(ReviewStore store) {
        this.store = store;
    }

    public Optional<ReviewQueue> queue(String tenantId, String queueId) {
        return store.queue(tenantId, queueId);
    }

    /** Over the reviews first given in [from, to); either end may be null (open). */
    public AgreementReport measure(String tenantId, ReviewQueue queue, String name, Instant from, Instant to) {
        return Agreement.measure(ratings(tenantId, queue, name, from, to));
    }

    /** One coefficient of {@link #measure}'s report, without the rest of it (an alert rule's measure). */
    public Agreement.Measured measure(String tenantId, ReviewQueue queue, String name, Instant from, Instant to, Coefficient coefficient) {
        return Agreement.measure(ratings(tenantId, queue, name, from, to), coefficient);
    }

    private List<Rating> ratings(String tenantId, ReviewQueue queue, String name, Instant from, Instant to) {
        var ratings = store.ratings(tenantId, queue.id(), name, from, to).stream().map(Judgment::rating).toList();
        if (queue.kind() == QueueKind.PAIRWISE) {
            var items = new HashMap<String, ReviewItem>();
            store.items(tenantId, queue.id()).forEach(i -> items.put(i.id(), i));
            ratings = PairwiseChoices.asPositions(ratings, items);
        }
        return ratings;
    }
}
