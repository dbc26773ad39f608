package io.feedbackhub.webhooks;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.feedbackhub.insight.RollupReader;
import io.feedbackhub.insight.agreement.AgreementService;
import io.feedbackhub.review.QueueAgreement;

import java.time.Clock;

/**
 * Webhooks and alert rules of one node: the services the API calls, the outbox every feedback write fills, the
 * dispatcher that delivers it and the evaluator of alert rules, started after the HTTP server and stopped before the
 * database closes.
 */
public final class Webhooks implements AutoCloseable {
    private final WebhookService endpoints;
    private final AlertService alerts;
    private final WriteActivity writes = new WriteActivity();
    private final EventBodies bodies;
    private final WebhookHttp http = WebhookHttp.withDefaultTls();
    private final Dispatcher dispatcher;
    private final AlertEvaluator evaluator;
    private final ReviewEvents reviewEvents;

    /** {@code json} writes the event bodies; agreement rules read {@code raters} and {@code queues}. */
    public Webhooks(WebhookStores stores, RollupReader rollups, AgreementService raters, QueueAgreement queues, ObjectMapper json,
                    WebhookSettings settings, Clock clock) {
        var guard = new AddressGuard(settings.allowPrivate());
        this.bodies = new EventBodies(json);
        this.endpoints = new WebhookService(stores.endpoints(), stores.deliveries(), stores.outbox(), guard, clock);
        var sender = new AttemptSender(http, guard, new Signer(), settings.timeout(), clock);
        this.dispatcher = new Dispatcher(stores, bodies, writes, settings, http, sender, clock);
        var agreement = new AlertAgreement(raters, queues);
        this.evaluator = new AlertEvaluator(stores.alerts(), new AlertSums(rollups), agreement, settings.alertInterval(), clock);
        this.alerts = new AlertService(stores.alerts(), evaluator, agreement, clock);
        this.reviewEvents = new ReviewEvents(stores.outbox());
    }

    public Webhooks start() {
        dispatcher.start();
        evaluator.start();
        return this;
    }

    public WebhookService endpoints() {
        return endpoints;
    }

    public AlertService alerts() {
        return alerts;
    }

    /** The outbox of one feedback write transaction; this node's dispatcher steps back while they come. */
    public OutboxWriter outboxWriter() {
        return new OutboxWriter(writes, bodies);
    }

    /** Where review queues send review.completed and review_item.resolved. */
    public ReviewEvents reviewEvents() {
        return reviewEvents;
    }

    /** Stops evaluating and claiming; attempts in flight finish (bounded by the webhook timeout) and are recorded. */
    @Override
    public void close() {
        evaluator.close();
        dispatcher.close();
        http.close();
    }
}
