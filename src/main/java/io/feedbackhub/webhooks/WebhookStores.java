package io.feedbackhub.webhooks;

/** Where webhooks and alert rules are kept: one store per concept, all on one database. */
public record WebhookStores(EndpointStore endpoints, DeliveryStore deliveries, OutboxStore outbox, AlertStore alerts) {
}
