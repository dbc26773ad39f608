package io.feedbackhub.webhooks;

import io.feedbackhub.store.Database;

import java.time.Clock;

/**
 * Webhooks and alert rules of one node: the services the API calls, the dispatcher that delivers the outbox and
 * the evaluator of alert rules, started after the HTTP server and stopped before the database closes.
 */
public final class Webhooks implements AutoCloseable {
    private final WebhookService endpoints;
    private final AlertService alerts;
    private final Dispatcher dispatcher;
    private final AlertEvaluator evaluator;
    private final ReviewEvents reviewEvents;

    public Webhooks(Database database, WebhookSettings settings, Clock clock) {
        var guard = new AddressGuard(settings.allowPrivate());
        var store = new WebhookStore(database);
        this.endpoints = new WebhookService(store, guard, clock);
        this.dispatcher = new Dispatcher(store, settings, guard, clock);
        var alertStore = new AlertStore(database);
        this.evaluator = new AlertEvaluator(alertStore, settings.alertInterval(), clock);
        this.alerts = new AlertService(alertStore, evaluator, clock);
        this.reviewEvents = new ReviewEvents(database);
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

    public ReviewEvents reviewEvents() {
        return reviewEvents;
    }

    /** Stops evaluating and claiming; attempts in flight finish (bounded by the webhook timeout) and are recorded. */
    @Override
    public void close() {
        evaluator.close();
        dispatcher.close();
    }
}
