package io.feedbackhub.webhooks;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.feedbackhub.core.Durations;
import io.feedbackhub.json.Json;

import java.time.Instant;

/** The native JSON of alert rules, their measures and history, shared by the API and the alert webhook events. */
public final class AlertJson {
    private AlertJson() {
    }

    public static ObjectNode write(AlertRule r) {
        var o = Json.object();
        o.put("id", r.id());
        o.put("description", r.description());
        o.set("filter", r.filter().toJson());
        o.put("window", Durations.format(r.window()));
        o.put("min_count", r.minCount());
        o.put("condition", r.condition().toString());
        o.put("compare", r.compare().wire());
        o.put("enabled", r.enabled());
        o.put("state", r.state().wire());
        o.put("state_since", iso(r.stateSince()));
        if (r.last() == null) {
            o.putNull("last_evaluation");
        } else {
            o.set("last_evaluation", measure(r.last()));
        }
        o.put("created_at", iso(r.createdAt()));
        o.put("updated_at", iso(r.updatedAt()));
        return o;
    }

    public static ObjectNode measure(AlertRule.Measure m) {
        var o = Json.object();
        o.put("evaluated_at", iso(m.evaluatedAt()));
        o.putObject("window").put("from", iso(m.windowFrom())).put("to", iso(m.windowTo()));
        o.put("count", m.count());
        if (m.value() == null) {
            o.putNull("value");
        } else {
            o.put("value", m.value());
        }
        if (m.interval() == null) {
            o.putNull("interval");
        } else {
            o.putObject("interval").put("low", m.interval().low()).put("high", m.interval().high());
        }
        return o;
    }

    public static ObjectNode transition(AlertTransition t) {
        var o = Json.object();
        o.put("id", t.id());
        o.put("state", t.state());
        o.put("at", iso(t.measure().evaluatedAt()));
        ObjectNode measure = measure(t.measure());
        measure.remove("evaluated_at");
        o.setAll(measure);
        return o;
    }

    /** {@code alert.triggered} / {@code alert.resolved}: the rule, the window, the count, the value and its interval. */
    static String event(EventType type, AlertRule rule, AlertTransition t) {
        var body = Json.object();
        body.put("type", type.wire());
        body.put("timestamp", iso(t.measure().evaluatedAt()));
        var data = body.putObject("data");
        data.set("rule", write(rule));
        ObjectNode transition = transition(t);
        transition.remove("id");
        data.setAll(transition);
        return body.toString();
    }

    private static String iso(Instant i) {
        return i == null ? null : i.toString();
    }
}
