package io.feedbackhub.auth;

import java.time.Instant;
import java.util.Optional;

/** The deployment's signing secrets, shared by every node: once stored under an id, a secret never changes. */
public interface SigningKeyStore {
    /** Stores {@code secret} under {@code id} unless the id has one already (another node won the race): that one stays. */
    void addIfAbsent(String id, String purpose, byte[] secret, Instant at);

    Optional<byte[]> secret(String id);
}
