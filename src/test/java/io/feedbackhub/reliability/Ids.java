package io.feedbackhub.reliability;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The identifiers one tenant's data set is reached by, through every door: what the route table fills path
 * parameters and bodies with. {@link #fresh()} gives ids that exist nowhere, in the same formats (and lengths) as
 * seeded ones, so that "exists in another tenant" and "does not exist" can be compared answer for answer.
 */
final class Ids {
    private final Map<String, String> values;

    private Ids(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    /** A full set of ids that name nothing yet. Native feedback, key and item ids are UUIDs like the server's. */
    static Ids fresh() {
        var v = new LinkedHashMap<String, String>();
        for (var name : new String[]{"feedback", "agent", "thread", "message", "clientFeedbackId", "key", "contextualMessage",
                "virtuousMessage", "virtuousItem", "virtuousClientId", "devicAssistant", "devicChat", "devicThread", "devicMessage",
                "trace", "scaleThread", "scaleMessage", "webhook", "delivery", "alert", "lfScore", "lfEvent", "lsFeedback", "lsRun",
                "lsToken", "content", "reviewQueue", "reviewItem", "reviewFilter", "person", "invitation"}) {
            v.put(name, UUID.randomUUID().toString());
        }
        v.put("author", "author-" + UUID.randomUUID());
        v.put("config", "cfg-" + UUID.randomUUID());
        v.put("project", "project-" + UUID.randomUUID());
        v.put("lfConfig", "lfcfg-" + UUID.randomUUID());
        return new Ids(v);
    }

    String get(String name) {
        var value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("no id named " + name + " in " + values.keySet());
        }
        return value;
    }

    /** The same ids with one replaced (a server-made id learnt while seeding). */
    Ids with(String name, String value) {
        var copy = new LinkedHashMap<>(values);
        copy.put(name, value);
        return new Ids(copy);
    }

    Map<String, String> all() {
        return values;
    }

    /** {@code text} with every one of these ids replaced by its name, so two answers can be compared modulo the ids. */
    String anonymize(String text) {
        var out = text;
        for (var e : values.entrySet()) {
            out = out.replace(e.getValue(), "<" + e.getKey() + ">");
        }
        return out;
    }
}
