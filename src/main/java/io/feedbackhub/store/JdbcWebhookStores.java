package io.feedbackhub.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.feedbackhub.webhooks.OutboxWriter;
import io.feedbackhub.webhooks.WebhookStores;

import java.util.function.Supplier;

/**
 * The webhook tables of one database (V5__webhooks, V8__webhook_fan_out): the stores the webhooks capability reads
 * and changes, and the outbox every feedback write transaction fills. They share how an endpoint row reads.
 */
public final class JdbcWebhookStores {
    private final Database database;
    private final EndpointRows endpointRows;
    private final DeliveryRows deliveryRows;

    /** {@code json} reads and writes the JSON columns (event types, attempts). */
    public JdbcWebhookStores(Database database, ObjectMapper json) {
        this.database = database;
        this.endpointRows = new EndpointRows(json);
        this.deliveryRows = new DeliveryRows(json);
    }

    public WebhookStores stores() {
        return new WebhookStores(new JdbcEndpointStore(database, endpointRows), new JdbcDeliveryStore(database, deliveryRows),
                new JdbcOutboxStore(database, endpointRows), new JdbcAlertStore(database, endpointRows));
    }

    /** The {@link ChangeRecorder} of each feedback write transaction: it writes the events {@code writers} decide. */
    public Supplier<ChangeRecorder> outbox(Supplier<OutboxWriter> writers) {
        return () -> new OutboxRecorder(writers.get(), endpointRows);
    }
}
