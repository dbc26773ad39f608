package io.feedbackhub.store;

import io.feedbackhub.store.NamedSql.Params;
import io.feedbackhub.webhooks.Endpoint;
import io.feedbackhub.webhooks.EndpointStore;

import java.util.List;
import java.util.Optional;

/** Webhook endpoints (V5__webhooks), and how many deliveries each has still to make. */
final class JdbcEndpointStore implements EndpointStore {
    private static final NamedSql INSERT = NamedSql.of("INSERT INTO webhook_endpoints (" + EndpointRows.COLUMNS + ") VALUES (" + EndpointRows.VALUES + ")");
    private static final NamedSql FIND = NamedSql.of("SELECT " + EndpointRows.COLUMNS + " FROM webhook_endpoints WHERE tenant_id = :tenant AND id = :id");
    private static final NamedSql LIST = NamedSql.of("SELECT " + EndpointRows.COLUMNS + " FROM webhook_endpoints WHERE tenant_id = :tenant ORDER BY id");
    private static final NamedSql ENABLED = NamedSql.of("SELECT " + EndpointRows.COLUMNS + " FROM webhook_endpoints WHERE enabled = 1");
    private static final NamedSql COUNT = NamedSql.of("SELECT COUNT(*) FROM webhook_endpoints WHERE tenant_id = :tenant");
    private static final NamedSql UPDATE = NamedSql.of("""
            UPDATE webhook_endpoints SET url = :url, description = :description, events = :events, feedback_filter = :feedback_filter,
                secret = :secret, previous_secret = :previous_secret, previous_secret_expires_at = :previous_secret_expires_at,
                secret_rotated_at = :secret_rotated_at, enabled = :enabled, disabled_at = :disabled_at,
                disabled_reason = :disabled_reason, failing_since = :failing_since, updated_at = :updated_at
            WHERE tenant_id = :tenant_id AND id = :id""");
    private static final NamedSql DELETE_DELIVERIES = NamedSql.of("DELETE FROM webhook_deliveries WHERE tenant_id = :tenant AND endpoint_id = :id");
    private static final NamedSql DELETE = NamedSql.of("DELETE FROM webhook_endpoints WHERE tenant_id = :tenant AND id = :id");
    /** One statement, so one snapshot: an event being fanned out right now is counted once, as one or the other. */
    private static final NamedSql PENDING = NamedSql.of("""
            SELECT (SELECT COUNT(*) FROM webhook_deliveries WHERE tenant_id = :tenant AND endpoint_id = :id AND status = 'pending')
                 + (SELECT COUNT(*)\s""" + DeliveryRows.NOT_FANNED_OUT_TO + ")");

    private final Database database;
    private final EndpointRows rows;

    JdbcEndpointStore(Database database, EndpointRows rows) {
        this.database = database;
        this.rows = rows;
    }

    @Override
    public void insert(Endpoint endpoint) {
        database.inTransaction(c -> Statements.update(c, INSERT, rows.bind(endpoint)));
    }

    @Override
    public Optional<Endpoint> find(String tenantId, String id) {
        return database.read(c -> Statements.rows(c, FIND, Params.of("tenant", tenantId).and("id", id), rows::map)).stream().findFirst();
    }

    @Override
    public List<Endpoint> list(String tenantId) {
        return database.read(c -> Statements.rows(c, LIST, Params.of("tenant", tenantId), rows::map));
    }

    @Override
    public List<Endpoint> enabled() {
        return database.read(c -> Statements.rows(c, ENABLED, new Params(), rows::map));
    }

    @Override
    public int count(String tenantId) {
        return Math.toIntExact(database.read(c -> Statements.number(c, COUNT, Params.of("tenant", tenantId))));
    }

    @Override
    public long pending(String tenantId, String id) {
        return database.read(c -> Statements.number(c, PENDING, Params.of("tenant", tenantId).and("id", id)
                .and("pattern", DeliveryRows.listed(id))));
    }

    @Override
    public boolean update(Endpoint endpoint) {
        return database.inTransaction(c -> Statements.update(c, UPDATE, rows.bind(endpoint))) == 1;
    }

    @Override
    public boolean delete(String tenantId, String id) {
        var params = Params.of("tenant", tenantId).and("id", id);
        return database.inTransaction(c -> {
            Statements.update(c, DELETE_DELIVERIES, params);
            return Statements.update(c, DELETE, params) == 1;
        });
    }
}
