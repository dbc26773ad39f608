package io.feedbackhub.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which of a stored feedback's dimensions came from the registry rather than from the feedback itself: {@code
 * thread_id}, {@code agent_id} and {@code metadata.<key>}. A later registry change recomputes effective = own ∪ context
 * from this, so that what the feedback said itself keeps winning and what it inherited follows the registry.
 */
public record Inherited(List<String> fields) {
    public static final Inherited NONE = new Inherited(List.of());
    public static final String THREAD = "thread_id";
    public static final String AGENT = "agent_id";
    public static final String METADATA_PREFIX = "metadata.";

    public Inherited {
        fields = fields == null ? List.of() : List.copyOf(new TreeSet<>(fields));
    }

    public boolean thread() {
        return fields.contains(THREAD);
    }

    public boolean agent() {
        return fields.contains(AGENT);
    }

    public boolean metadataKey(String key) {
        return fields.contains(METADATA_PREFIX + key);
    }

    /** The feedback's own values and the context, merged: own wins; records what came from the context. */
    static Resolved resolve(Target own, Map<String, String> ownMetadata, Context context) {
        var names = new ArrayList<String>();
        var thread = own.threadId();
        if (thread == null && context.threadId() != null) {
            thread = context.threadId();
            names.add(THREAD);
        }
        var agent = own.agentId();
        if (agent == null && context.agentId() != null) {
            agent = context.agentId();
            names.add(AGENT);
        }
        var metadata = new TreeMap<>(ownMetadata);
        context.metadata().forEach((k, v) -> {
            if (!metadata.containsKey(k)) {
                metadata.put(k, v);
                names.add(METADATA_PREFIX + k);
            }
        });
        var target = new Target(agent, thread, own.messageId(), own.turnId(), own.traceId(), own.contentId());
        return new Resolved(target, metadata, new Inherited(names));
    }

    record Resolved(Target target, Map<String, String> metadata, Inherited inherited) {
    }
}
