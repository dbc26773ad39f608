package io.feedbackhub.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.feedbackhub.store.NamedSql.Params;
import io.feedbackhub.webhooks.Endpoint;
import io.feedbackhub.webhooks.EventType;
import io.feedbackhub.webhooks.FeedbackFilter;
import io.feedbackhub.webhooks.Memo;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.TreeSet;

/** The webhook_endpoints row: its columns, how to read one, how to bind one. */
final class EndpointRows {
    static final String COLUMNS = """
            tenant_id, id, url, description, events, feedback_filter, secret, previous_secret, previous_secret_expires_at,
            secret_rotated_at, enabled, disabled_at, disabled_reason, failing_since, created_at, updated_at""";
    static final String VALUES = """
            :tenant_id, :id, :url, :description, :events, :feedback_filter, :secret, :previous_secret, :previous_secret_expires_at,
            :secret_rotated_at, :enabled, :disabled_at, :disabled_reason, :failing_since, :created_at, :updated_at""";

    private final ObjectMapper json;
    /** Parsed filters and event sets by their stored text: every write transaction and dispatch cycle reads them. */
    private final Memo<String, FeedbackFilter> filters = new Memo<>(FeedbackFilter::fromStored, 10_000);
    private final Memo<String, Set<EventType>> events = new Memo<>(this::parseEvents, 10_000);

    EndpointRows(ObjectMapper json) {
        this.json = json;
    }

    FeedbackFilter filter(String stored) {
        return filters.get(stored);
    }

    Set<EventType> events(String stored) {
        return events.get(stored);
    }

    Endpoint map(ResultSet rs) throws SQLException {
        return new Endpoint(rs.getString("tenant_id"), rs.getString("id"), rs.getString("url"), rs.getString("description"),
                events(rs.getString("events")), filter(rs.getString("feedback_filter")), rs.getString("secret"),
                rs.getString("previous_secret"), instant(rs, "previous_secret_expires_at"), instant(rs, "secret_rotated_at"),
                rs.getInt("enabled") == 1, instant(rs, "disabled_at"), rs.getString("disabled_reason"),
                instant(rs, "failing_since"), instant(rs, "created_at"), instant(rs, "updated_at"));
    }

    Params bind(Endpoint e) {
        return Params.of("tenant_id", e.tenantId()).and("id", e.id()).and("url", e.url()).and("description", e.description())
                .and("events", eventsText(e.events())).and("feedback_filter", e.filter().toJson().toString())
                .and("secret", e.secret()).and("previous_secret", e.previousSecret())
                .and("previous_secret_expires_at", millis(e.previousSecretExpiresAt())).and("secret_rotated_at", millis(e.secretRotatedAt()))
                .and("enabled", e.enabled() ? 1 : 0).and("disabled_at", millis(e.disabledAt()))
                .and("disabled_reason", e.disabledReason()).and("failing_since", millis(e.failingSince()))
                .and("created_at", millis(e.createdAt())).and("updated_at", millis(e.updatedAt()));
    }

    private String eventsText(Set<EventType> types) {
        var array = json.createArrayNode();
        new TreeSet<>(types.stream().map(EventType::wire).toList()).forEach(array::add);
        return array.toString();
    }

    private Set<EventType> parseEvents(String stored) {
        try {
            var set = EnumSet.noneOf(EventType.class);
            for (var node : json.readTree(stored)) {
                EventType.parse(node.asText()).ifPresent(set::add);
            }
            return Set.copyOf(set);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored webhook events are not JSON: " + e.getOriginalMessage(), e);
        }
    }

    static Long millis(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
    }
}
