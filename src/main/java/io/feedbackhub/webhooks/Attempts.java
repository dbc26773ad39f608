package io.feedbackhub.webhooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.feedbackhub.json.Json;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The attempts column of a delivery: a JSON array, newest last, at most {@link #KEPT} entries. */
final class Attempts {
    /** A full default schedule is 8 attempts; a few re-sends on top fit, a runaway loop does not grow the row. */
    static final int KEPT = 50;

    private Attempts() {
    }

    static String encode(List<Delivery.Attempt> attempts) {
        var array = Json.array();
        for (var a : attempts.subList(Math.max(0, attempts.size() - KEPT), attempts.size())) {
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

    static List<Delivery.Attempt> decode(String json) {
        try {
            var out = new ArrayList<Delivery.Attempt>();
            for (var o : Json.tree(json)) {
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
