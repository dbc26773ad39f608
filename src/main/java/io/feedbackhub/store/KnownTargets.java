package io.feedbackhub.store;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Agents and threads this node has seen committed. They are never deleted, so once known they stay known,
 * and a write naming them can skip the "register if missing" statements: two round trips fewer per write on
 * PostgreSQL. Only ids from committed transactions enter; a full set is simply emptied.
 */
final class KnownTargets {
    private static final int MAX_ENTRIES = 200_000;

    private final Set<Key> known = ConcurrentHashMap.newKeySet();

    /** A record, not a concatenated string: no text built per lookup, and the ids' cached hashes are reused. */
    record Key(boolean thread, String tenantId, String id) {
    }

    static Key agent(String tenantId, String agentId) {
        return new Key(false, tenantId, agentId);
    }

    static Key thread(String tenantId, String threadId) {
        return new Key(true, tenantId, threadId);
    }

    boolean contains(Key key) {
        return known.contains(key);
    }

    void addCommitted(Collection<Key> keys) {
        if (known.size() + keys.size() > MAX_ENTRIES) {
            known.clear();
        }
        known.addAll(keys);
    }
}
