package io.feedbackhub.core;

import java.util.HashMap;
import java.util.Map;

/**
 * What the registry says about a feedback's target: the thread of its message, the agent of its thread, and the
 * message's metadata (its {@code model} column as the key {@code model}). A feedback inherits these as its dimensions
 * wherever it says nothing itself (DESIGN.md §1, "Feedback inherits its context").
 */
public record Context(String threadId, String agentId, Map<String, String> metadata) {
    public static final Context NONE = new Context(null, null, Map.of());
    public static final String MODEL_KEY = "model";

    public Context {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    /** The context a registered message gives (without its thread's agent): its metadata and its model. */
    public static Context ofMessage(String threadId, String model, Map<String, String> metadata) {
        var merged = new HashMap<>(metadata == null ? Map.<String, String>of() : metadata);
        if (model != null) {
            merged.put(MODEL_KEY, model); // the column is the message's explicit model: it wins over a metadata entry
        }
        return new Context(threadId, null, merged);
    }

    public Context withAgent(String newAgentId) {
        return new Context(threadId, newAgentId, metadata);
    }
}
