package io.feedbackhub.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.feedbackhub.webhooks.Delivery;
import io.feedbackhub.webhooks.EventType;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The webhook_deliveries row, and an outbox event not fanned out yet read in its shape. Its attempts column is a
 * JSON array, newest last, at most {@link #KEPT_ATTEMPTS} entries.
 */
final class DeliveryRows {
    /** A full default schedule is 8 attempts; a few re-sends on top fit, a runaway loop does not grow the row. */
    static final int KEPT_ATTEMPTS = 50;
    static final String COLUMNS = """
            endpoint_id, event_id, event_type, status, attempt_count, next_attempt_at, attempts, created_at, updated_at""";
    /** Outbox events written for the endpoint whose id :pattern finds ({@link #listed}) and not fanned out yet. */
    static final String NOT_FANNED_OUT_TO = """
            FROM webhook_events WHERE tenant_id = :tenant AND endpoint_ids IS NOT NULL AND ',' || endpoint_ids || ',' LIKE :pattern""";
    /** An outbox event not fanned out yet, in the shape of a pending delivery of :endpoint (the payload column apart). */
    static final String NOT_FANNED_OUT_AS_DELIVERY = """
            :endpoint AS endpoint_id, id AS event_id, type AS event_type, 'pending' AS status, 0 AS attempt_count,
                created_at AS next_attempt_at, '[]' AS attempts, created_at, created_at AS updated_at""";

    private final ObjectMapper json;

    DeliveryRows(ObjectMapper json) {
        this.json = json;
    }

    /** The LIKE pattern that finds {@code endpointId} in a comma-separated endpoint_ids (wrapped in commas). */
    static String listed(String endpointId) {
        return "%," + endpointId + ",%";
    }

    Delivery map(ResultSet rs) throws SQLException {
        return new Delivery(rs.getString("endpoint_id"), rs.getString("event_id"),
                EventType.parse(rs.getString("event_type")).orElseThrow(),
                Delivery.Status.parse(rs.getString("status")).orElseThrow(), rs.getInt("attempt_count"),
                Instant.ofEpochMilli(rs.getLong("next_attempt_at")), attempts(rs.getString("attempts")),
                Instant.ofEpochMilli(rs.getLong("created_at")), Instant.ofEpochMilli(rs.getLong("updated_at")),
                rs.getString("payload"));
    }

    String attempts(List<Delivery.Attempt> attempts) {
        var array = json.createArrayNode();
        for (var a : attempts.subList(Math.max(0, attempts.size() - KEPT_ATTEMPTS), attempts.size())) {
            var o = array.addObject().put("at", a.at().toEpochMilli());
            if (a.statusCode() == null) {
                o.putNull("status_code");
            } else {
                o.put("status_code", a.statusCode());
            }
            o.put("error", a.error()).put("duration_ms", a.durationMillis());
        }
        return array.toString();
    }

    List<Delivery.Attempt> attempts(String stored) {
        try {
            var out = new ArrayList<Delivery.Attempt>();
            for (var o : json.readTree(stored)) {
                var code = o.get("status_code");
                var error = o.get("error");
                out.add(new Delivery.Attempt(Instant.ofEpochMilli(o.get("at").asLong()),
                        code == null || code.isNull() ? null : code.asInt(),
                        error == null || error.isNull() ? null : error.asText(), o.get("duration_ms").asLong()));
            }
            return out;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored delivery attempts are not JSON: " + e.getOriginalMessage(), e);
        }
    }
}
