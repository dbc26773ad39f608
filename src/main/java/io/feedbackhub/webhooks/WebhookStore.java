package io.feedbackhub.webhooks;

import io.feedbackhub.store.Database;
import io.feedbackhub.store.DatabaseKind;
import io.feedbackhub.store.FeedbackRevisions;
import io.feedbackhub.store.NamedSql;
import io.feedbackhub.store.NamedSql.Params;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;

/** Endpoints and deliveries in SQL: what the API reads and changes, and what the dispatcher claims and records. */
final class WebhookStore {
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
    /** Outbox events written for the endpoint whose id :pattern finds ({@link #listed}) and not fanned out yet. */
    private static final String NOT_FANNED_OUT_TO = """
            FROM webhook_events WHERE tenant_id = :tenant AND endpoint_ids IS NOT NULL AND ',' || endpoint_ids || ',' LIKE :pattern""";
    /** One statement, so one snapshot: an event being fanned out right now is counted once, as one or the other. */
    private static final NamedSql PENDING = NamedSql.of("""
            SELECT (SELECT COUNT(*) FROM webhook_deliveries WHERE tenant_id = :tenant AND endpoint_id = :id AND status = 'pending')
                 + (SELECT COUNT(*)\s""" + NOT_FANNED_OUT_TO + ")");
    private static final NamedSql ENDPOINTS_OF = NamedSql.of("SELECT id FROM webhook_endpoints WHERE tenant_id = :tenant");
    private static final NamedSql INSERT_DELIVERY = NamedSql.of("""
            INSERT INTO webhook_deliveries (tenant_id, endpoint_id, event_id, event_type, status, attempt_count,
                next_attempt_at, claim_token, attempts, created_at, updated_at)
            VALUES (:tenant, :endpoint, :event, :type, 'pending', 0, :created, NULL, '[]', :created, :created)
            ON CONFLICT (tenant_id, endpoint_id, event_id) DO NOTHING""");
    private static final NamedSql FANNED_OUT = NamedSql.of("""
            UPDATE webhook_events SET endpoint_ids = NULL, payload = :payload WHERE tenant_id = :tenant AND id = :id""");

    private static final String DELIVERY_COLUMNS = """
            endpoint_id, event_id, event_type, status, attempt_count, next_attempt_at, attempts, created_at, updated_at""";
    private static final NamedSql DELIVERY = NamedSql.of("SELECT " + DELIVERY_COLUMNS + """
            , (SELECT payload FROM webhook_events e WHERE e.tenant_id = d.tenant_id AND e.id = d.event_id) AS payload
            FROM webhook_deliveries d WHERE tenant_id = :tenant AND endpoint_id = :endpoint AND event_id = :event""");
    /** An outbox event not fanned out yet, in the shape of a pending delivery of :endpoint (the payload column apart). */
    private static final String NOT_FANNED_OUT_AS_DELIVERY = """
            :endpoint AS endpoint_id, id AS event_id, type AS event_type, 'pending' AS status, 0 AS attempt_count,
                created_at AS next_attempt_at, '[]' AS attempts, created_at, created_at AS updated_at""";
    /** A body not rendered yet ('') reads as none. */
    private static final NamedSql NOT_FANNED_OUT_DELIVERY = NamedSql.of("SELECT " + NOT_FANNED_OUT_AS_DELIVERY
            + ", NULLIF(payload, '') AS payload " + NOT_FANNED_OUT_TO + " AND id = :event");
    private static final NamedSql RESEND = NamedSql.of("""
            UPDATE webhook_deliveries SET status = 'pending', attempt_count = 0, next_attempt_at = :now, claim_token = NULL,
                updated_at = :now
            WHERE tenant_id = :tenant AND endpoint_id = :endpoint AND event_id = :event
            AND NOT (status = 'pending' AND claim_token IS NOT NULL AND next_attempt_at > :now)""");

    private static final NamedSql DUE = NamedSql.of("""
            SELECT 1 FROM webhook_deliveries
            WHERE tenant_id = :tenant AND endpoint_id = :endpoint AND status = 'pending' AND next_attempt_at <= :now LIMIT 1""");
    private static final NamedSql RECORD = NamedSql.of("""
            UPDATE webhook_deliveries SET status = :status, attempt_count = :attempt_count, next_attempt_at = :next,
                claim_token = NULL, attempts = :attempts, updated_at = :now
            WHERE tenant_id = :tenant AND event_id = :event AND endpoint_id = :endpoint AND claim_token = :token""");
    private static final NamedSql HEALTHY = NamedSql.of("""
            UPDATE webhook_endpoints SET failing_since = NULL WHERE tenant_id = :tenant AND id = :id AND failing_since IS NOT NULL""");
    private static final NamedSql FAILING = NamedSql.of("""
            UPDATE webhook_endpoints SET failing_since = :since WHERE tenant_id = :tenant AND id = :id AND failing_since IS NULL""");
    private static final NamedSql DISABLE = NamedSql.of("""
            UPDATE webhook_endpoints SET enabled = 0, disabled_at = :now, disabled_reason = :reason, updated_at = :now
            WHERE tenant_id = :tenant AND id = :id AND enabled = 1 AND failing_since IS NOT NULL AND failing_since <= :cutoff""");

    // Ids are UUIDv7, so "older than" is a range of the keys: no index on time needed.
    private static final NamedSql ENDPOINT_KEYS = NamedSql.of("SELECT tenant_id, id FROM webhook_endpoints");
    private static final NamedSql TENANTS = NamedSql.of("SELECT id FROM tenants");
    private static final NamedSql CLEAN_DELIVERIES = NamedSql.of("""
            DELETE FROM webhook_deliveries WHERE tenant_id = :tenant AND endpoint_id = :endpoint AND event_id < :before""");
    private static final NamedSql CLEAN_EVENTS = NamedSql.of("DELETE FROM webhook_events WHERE tenant_id = :tenant AND id < :before");

    private final Database database;
    private final NamedSql claim;
    private final NamedSql toFanOut;

    WebhookStore(Database database) {
        this.database = database;
        // PostgreSQL: rows another node is claiming right now are skipped, not waited for. SQLite has one writer.
        var skipLocked = database.kind() == DatabaseKind.POSTGRES ? " FOR UPDATE SKIP LOCKED" : "";
        // PostgreSQL: the claimed keys as an array, looked up by primary key (an IN subquery may be planned as a scan of
        // every delivery of the endpoint against each claimed row)
        var pickDue = database.kind() == DatabaseKind.POSTGRES ? "= ANY(ARRAY(SELECT event_id FROM due))" : "IN (SELECT event_id FROM due)";
        this.toFanOut = NamedSql.of("""
                SELECT tenant_id, id, type, endpoint_ids, created_at, feedback_id, revision, payload FROM webhook_events
                WHERE endpoint_ids IS NOT NULL
                ORDER BY tenant_id, id LIMIT :limit""" + skipLocked);
        this.claim = NamedSql.of("""
                WITH due AS (
                    SELECT event_id FROM webhook_deliveries
                    WHERE tenant_id = :tenant AND endpoint_id = :endpoint AND status = 'pending' AND next_attempt_at <= :now
                    ORDER BY next_attempt_at LIMIT :limit%1$s)
                UPDATE webhook_deliveries SET next_attempt_at = :lease, claim_token = :token
                WHERE tenant_id = :tenant AND endpoint_id = :endpoint AND event_id %2$s
                RETURNING event_id, event_type, attempt_count, attempts,
                    (SELECT payload FROM webhook_events e
                     WHERE e.tenant_id = webhook_deliveries.tenant_id AND e.id = webhook_deliveries.event_id) AS payload"""
                .formatted(skipLocked, pickDue));
    }

    // ---------------------------------------------------------------- endpoints

    void insert(Endpoint endpoint) {
        database.inTransaction(c -> update(c, INSERT, EndpointRows.bind(endpoint)));
    }

    Optional<Endpoint> find(String tenantId, String id) {
        return database.read(c -> endpoints(c, FIND, Params.of("tenant", tenantId).and("id", id)).stream().findFirst());
    }

    List<Endpoint> list(String tenantId) {
        return database.read(c -> endpoints(c, LIST, Params.of("tenant", tenantId)));
    }

    List<Endpoint> enabled() {
        return database.read(c -> endpoints(c, ENABLED, new Params()));
    }

    int count(String tenantId) {
        return database.read(c -> {
            try (var s = COUNT.prepare(c, Params.of("tenant", tenantId)); var rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    /** Deliveries still to be made: pending ones, and events for the endpoint not yet fanned out. */
    long pending(String tenantId, String id) {
        return database.read(c -> {
            try (var s = PENDING.prepare(c, Params.of("tenant", tenantId).and("id", id).and("pattern", listed(id))); var rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /** The LIKE pattern that finds {@code endpointId} in a comma-separated endpoint_ids (wrapped in commas). */
    private static String listed(String endpointId) {
        return "%," + endpointId + ",%";
    }

    /** Replaces every changeable column; false when the endpoint is gone. */
    boolean update(Endpoint endpoint) {
        return database.inTransaction(c -> update(c, UPDATE, EndpointRows.bind(endpoint))) == 1;
    }

    /** The endpoint and all its deliveries; false when there was none. */
    boolean delete(String tenantId, String id) {
        var params = Params.of("tenant", tenantId).and("id", id);
        return database.inTransaction(c -> {
            update(c, DELETE_DELIVERIES, params);
            return update(c, DELETE, params) == 1;
        });
    }

    // ---------------------------------------------------------------- deliveries

    /** Newest event first, after the event id {@code afterEventId} when given; {@code limit + 1} rows to detect a next page. */
    List<Delivery> deliveries(String tenantId, String endpointId, Delivery.Status status, String afterEventId, int limit) {
        var sql = new StringBuilder("SELECT " + DELIVERY_COLUMNS + ", NULL AS payload FROM webhook_deliveries"
                + " WHERE tenant_id = :tenant AND endpoint_id = :endpoint");
        var params = Params.of("tenant", tenantId).and("endpoint", endpointId).and("limit", limit + 1)
                .and("pattern", listed(endpointId));
        if (status != null) {
            sql.append(" AND status = :status");
            params.and("status", status.wire());
        }
        if (afterEventId != null) {
            sql.append(" AND event_id < :after");
            params.and("after", afterEventId);
        }
        // events written but not fanned out yet are pending deliveries too (one statement: one snapshot, no double)
        if (status == null || status == Delivery.Status.PENDING) {
            sql.append(" UNION ALL SELECT ").append(NOT_FANNED_OUT_AS_DELIVERY).append(", NULL AS payload ").append(NOT_FANNED_OUT_TO)
                    .append(afterEventId != null ? " AND id < :after" : "");
        }
        sql.append(" ORDER BY event_id DESC LIMIT :limit");
        var statement = NamedSql.of(sql.toString());
        return database.read(c -> {
            try (var s = statement.prepare(c, params); var rs = s.executeQuery()) {
                var out = new ArrayList<Delivery>();
                while (rs.next()) {
                    out.add(delivery(rs));
                }
                return out;
            }
        });
    }

    Optional<Delivery> delivery(String tenantId, String endpointId, String eventId) {
        var params = Params.of("tenant", tenantId).and("endpoint", endpointId).and("event", eventId).and("pattern", listed(endpointId));
        return database.read(c -> {
            try (var s = DELIVERY.prepare(c, params); var rs = s.executeQuery()) {
                if (rs.next()) {
                    return Optional.of(delivery(rs));
                }
            }
            try (var s = NOT_FANNED_OUT_DELIVERY.prepare(c, params); var rs = s.executeQuery()) {
                return rs.next() ? Optional.of(delivery(rs)) : Optional.empty();
            }
        });
    }

    /** Due now with a fresh schedule, unless a node is attempting it at this moment (then that attempt stands). */
    void resend(String tenantId, String endpointId, String eventId, Instant now) {
        database.inTransaction(c -> update(c, RESEND, Params.of("tenant", tenantId).and("endpoint", endpointId)
                .and("event", eventId).and("now", now.toEpochMilli())));
    }

    // ---------------------------------------------------------------- dispatching

    /** A delivery this node claimed: it alone attempts it until {@code lease} has passed. */
    record Claimed(Endpoint endpoint, String eventId, EventType type, int attemptCount, List<Delivery.Attempt> attempts,
                   String payload, String token) {
    }

    /** How one attempt ended: the delivery's new status, attempt count and next due time. */
    record Outcome(Claimed claimed, Delivery.Attempt attempt, Delivery.Status status, int attemptCount, Instant nextAttemptAt) {
    }

    /** An outbox event still to be fanned out; its payload is empty until rendered (see {@link OutboxWriter}). */
    private record Unfanned(String tenantId, String id, EventType type, List<String> endpointIds, long createdAt,
                            String feedbackId, int revision, String payload) {
    }

    /**
     * Turns up to {@code limit} outbox events into one pending delivery per endpoint they name (endpoints deleted since
     * are skipped), rendering each event's payload from the revision of the record it reports, in one transaction;
     * returns how many events. On PostgreSQL, events another node is fanning out are skipped, not waited for.
     */
    int fanOut(int limit) {
        return database.inTransaction(c -> {
            var events = new ArrayList<Unfanned>();
            try (var s = toFanOut.prepare(c, Params.of("limit", limit)); var rs = s.executeQuery()) {
                while (rs.next()) {
                    events.add(new Unfanned(rs.getString("tenant_id"), rs.getString("id"), EventType.parse(rs.getString("type")).orElseThrow(),
                            List.of(rs.getString("endpoint_ids").split(",")), rs.getLong("created_at"), rs.getString("feedback_id"),
                            rs.getInt("revision"), rs.getString("payload")));
                }
            }
            if (events.isEmpty()) {
                return 0;
            }
            var existing = new HashSet<String>();
            for (var tenant : events.stream().map(Unfanned::tenantId).distinct().toList()) {
                for (var key : keys(c, ENDPOINTS_OF, 1, Params.of("tenant", tenant))) {
                    existing.add(tenant + "/" + key.get(0));
                }
            }
            try (var insert = c.prepareStatement(INSERT_DELIVERY.jdbcSql()); var done = c.prepareStatement(FANNED_OUT.jdbcSql())) {
                var scales = new java.util.HashMap<String, io.feedbackhub.insight.Scales>();
                for (var e : events) {
                    if (e.payload().isEmpty() && !scales.containsKey(e.tenantId())) {
                        scales.put(e.tenantId(), io.feedbackhub.store.JdbcConfigStore.scales(c, e.tenantId()));
                    }
                    var payload = e.payload().isEmpty() ? FeedbackRevisions.find(c, e.tenantId(), e.feedbackId(), e.revision())
                            .map(record -> OutboxWriter.payload(e.type(), record, Instant.ofEpochMilli(e.createdAt()), scales.get(e.tenantId()))).orElse(null)
                            : e.payload();
                    for (var endpoint : e.endpointIds()) {
                        if (payload == null || !existing.contains(e.tenantId() + "/" + endpoint)) {
                            continue; // (no revision to render: the record was purged since, and its event goes with it)
                        }
                        INSERT_DELIVERY.bind(insert, Params.of("tenant", e.tenantId()).and("endpoint", endpoint).and("event", e.id())
                                .and("type", e.type().wire()).and("created", e.createdAt()));
                        insert.addBatch();
                    }
                    FANNED_OUT.bind(done, Params.of("tenant", e.tenantId()).and("id", e.id()).and("payload", payload == null ? "" : payload));
                    done.addBatch();
                }
                insert.executeBatch();
                done.executeBatch();
            }
            return events.size();
        });
    }

    /** A read: does the endpoint have a delivery due? (Claiming is a write; on SQLite even an empty one takes the write lock.) */
    boolean hasDue(Endpoint endpoint, Instant now) {
        return database.read(c -> {
            try (var s = DUE.prepare(c, Params.of("tenant", endpoint.tenantId()).and("endpoint", endpoint.id()).and("now", now.toEpochMilli()));
                 var rs = s.executeQuery()) {
                return rs.next();
            }
        });
    }

    /** Claims up to {@code limit} due deliveries of one endpoint, oldest due first, by pushing them to {@code lease}. */
    List<Claimed> claim(Endpoint endpoint, int limit, Instant now, Instant lease, String token) {
        var params = Params.of("tenant", endpoint.tenantId()).and("endpoint", endpoint.id()).and("now", now.toEpochMilli())
                .and("limit", limit).and("lease", lease.toEpochMilli()).and("token", token);
        return database.read(c -> {
            try (var s = claim.prepare(c, params); var rs = s.executeQuery()) {
                var out = new ArrayList<Claimed>();
                while (rs.next()) {
                    var type = EventType.parse(rs.getString("event_type")).orElseThrow();
                    out.add(new Claimed(endpoint, rs.getString("event_id"), type, rs.getInt("attempt_count"),
                            Attempts.decode(rs.getString("attempts")), rs.getString("payload"), token));
                }
                return out;
            }
        });
    }

    /**
     * Records finished attempts in one transaction, and the endpoints' health: a success clears {@code failing_since},
     * a failure starts it, and an endpoint failing since before {@code now - disableAfter} is disabled. Returns the
     * endpoints this disabled.
     */
    List<Endpoint> record(List<Outcome> outcomes, Instant now, Duration disableAfter) {
        if (outcomes.isEmpty()) {
            return List.of();
        }
        return database.inTransaction(c -> {
            try (var s = c.prepareStatement(RECORD.jdbcSql())) {
                for (var o : outcomes) {
                    var claimed = o.claimed();
                    var attempts = new ArrayList<>(claimed.attempts());
                    attempts.add(o.attempt());
                    RECORD.bind(s, Params.of("status", o.status().wire()).and("attempt_count", o.attemptCount())
                            .and("next", o.nextAttemptAt().toEpochMilli()).and("attempts", Attempts.encode(attempts))
                            .and("now", now.toEpochMilli()).and("tenant", claimed.endpoint().tenantId())
                            .and("event", claimed.eventId()).and("endpoint", claimed.endpoint().id()).and("token", claimed.token()));
                    s.addBatch();
                }
                s.executeBatch();
            }
            // per endpoint: healthy if anything got through in this batch, else when its failures began
            var lastFailure = new LinkedHashMap<String, Outcome>();
            var healthy = new LinkedHashMap<String, Endpoint>();
            for (var o : outcomes) {
                var endpoint = o.claimed().endpoint();
                var key = endpoint.tenantId() + "/" + endpoint.id();
                if (o.attempt().succeeded()) {
                    healthy.put(key, endpoint);
                } else {
                    lastFailure.putIfAbsent(key, o);
                }
            }
            for (var e : healthy.values()) {
                update(c, HEALTHY, Params.of("tenant", e.tenantId()).and("id", e.id()));
            }
            var disabled = new ArrayList<Endpoint>();
            for (var entry : lastFailure.entrySet()) {
                if (healthy.containsKey(entry.getKey())) {
                    continue;
                }
                var o = entry.getValue();
                var e = o.claimed().endpoint();
                var params = Params.of("tenant", e.tenantId()).and("id", e.id()).and("since", o.attempt().at().toEpochMilli());
                update(c, FAILING, params);
                var reason = "disabled after failing since before " + now.minus(disableAfter) + "; last attempt: " + describe(o.attempt());
                if (update(c, DISABLE, params.and("now", now.toEpochMilli()).and("reason", reason)
                        .and("cutoff", now.minus(disableAfter).toEpochMilli())) == 1) {
                    disabled.add(e);
                }
            }
            return disabled;
        });
    }

    /**
     * Forgets events older than {@code cutoff} and their deliveries, whatever their state (a delivery still pending
     * then belongs to an endpoint disabled for longer than the retention). One key range per endpoint and tenant.
     */
    int cleanUp(Instant cutoff) {
        long ms = cutoff.toEpochMilli();
        var before = String.format("%08x-%04x-0000-0000-000000000000", ms >>> 16, ms & 0xFFFF);
        int removed = 0;
        for (var key : database.read(c -> keys(c, ENDPOINT_KEYS, 2))) {
            removed += database.inTransaction(c -> update(c, CLEAN_DELIVERIES,
                    Params.of("tenant", key.get(0)).and("endpoint", key.get(1)).and("before", before)));
        }
        for (var key : database.read(c -> keys(c, TENANTS, 1))) {
            removed += database.inTransaction(c -> update(c, CLEAN_EVENTS, Params.of("tenant", key.get(0)).and("before", before)));
        }
        return removed;
    }

    private static List<List<String>> keys(Connection c, NamedSql sql, int columns) throws SQLException {
        return keys(c, sql, columns, new Params());
    }

    private static List<List<String>> keys(Connection c, NamedSql sql, int columns, Params params) throws SQLException {
        try (var s = sql.prepare(c, params); var rs = s.executeQuery()) {
            var out = new ArrayList<List<String>>();
            while (rs.next()) {
                var key = new ArrayList<String>(columns);
                for (int i = 1; i <= columns; i++) {
                    key.add(rs.getString(i));
                }
                out.add(key);
            }
            return out;
        }
    }

    static String describe(Delivery.Attempt a) {
        return a.statusCode() != null ? "HTTP " + a.statusCode() : a.error();
    }

    // ---------------------------------------------------------------- helpers

    private static Delivery delivery(ResultSet rs) throws SQLException {
        return new Delivery(rs.getString("endpoint_id"), rs.getString("event_id"),
                EventType.parse(rs.getString("event_type")).orElseThrow(),
                Delivery.Status.parse(rs.getString("status")).orElseThrow(), rs.getInt("attempt_count"),
                Instant.ofEpochMilli(rs.getLong("next_attempt_at")), Attempts.decode(rs.getString("attempts")),
                Instant.ofEpochMilli(rs.getLong("created_at")), Instant.ofEpochMilli(rs.getLong("updated_at")),
                rs.getString("payload"));
    }

    private static List<Endpoint> endpoints(Connection c, NamedSql sql, Params params) throws SQLException {
        try (var s = sql.prepare(c, params); var rs = s.executeQuery()) {
            var out = new ArrayList<Endpoint>();
            while (rs.next()) {
                out.add(EndpointRows.map(rs));
            }
            return out;
        }
    }

    private static int update(Connection c, NamedSql sql, Params params) throws SQLException {
        try (var s = sql.prepare(c, params)) {
            return s.executeUpdate();
        }
    }
}
