package io.feedbackhub.webhooks;

import java.util.List;
import java.util.Optional;

/** A tenant's webhook endpoints as stored; implemented in SQL by the store. */
public interface EndpointStore {
    void insert(Endpoint endpoint);

    Optional<Endpoint> find(String tenantId, String id);

    List<Endpoint> list(String tenantId);

    /** Every tenant's enabled endpoints: what the dispatcher delivers to. */
    List<Endpoint> enabled();

    int count(String tenantId);

    /** Deliveries still to be made: pending ones, and events for the endpoint not yet fanned out. */
    long pending(String tenantId, String id);

    /** Replaces every changeable column; false when the endpoint is gone. */
    boolean update(Endpoint endpoint);

    /** The endpoint and all its deliveries; false when there was none. */
    boolean delete(String tenantId, String id);
}
