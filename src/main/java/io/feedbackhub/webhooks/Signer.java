package io.feedbackhub.webhooks;

import io.feedbackhub.core.Hashes;

import javax.crypto.Mac;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Signs deliveries with their endpoint's secrets ({@link Signatures}), keeping an initialized HMAC per endpoint and
 * secret: {@code Mac.getInstance} and {@code init} cost more than the HMAC itself. The cache is keyed by the endpoint
 * id and a SHA-256 digest of the secret, never by the secret, so a rotated secret gets a key of its own and no map
 * key holds a plaintext secret. Past {@link #MAX_KEYS} entries it is emptied and filled again as needed.
 */
final class Signer {
    static final int MAX_KEYS = 10_000;

    private record Key(String endpointId, String secretDigest) {
    }

    private final Map<Key, Mac> keyed = new ConcurrentHashMap<>();

    /** The {@code webhook-signature} header of a message sent at {@code at}: one signature per secret that signs then. */
    String header(Endpoint endpoint, Instant at, String id, String body) {
        long timestamp = at.getEpochSecond();
        return endpoint.signingSecrets(at).stream()
                .map(secret -> Signatures.sign(mac(endpoint.id(), secret), id, timestamp, body))
                .collect(Collectors.joining(" "));
    }

    private Mac mac(String endpointId, String secret) {
        var key = new Key(endpointId, Hashes.sha256Base64Url(secret));
        var mac = keyed.get(key);
        if (mac == null) {
            if (keyed.size() >= MAX_KEYS) {
                keyed.clear();
            }
            mac = Signatures.keyed(secret);
            keyed.put(key, mac);
        }
        return mac;
    }
}
