package io.feedbackhub.webhooks;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Standard Webhooks signing (https://www.standardwebhooks.com): {@code webhook-signature} is {@code v1,} and the
 * base64 HMAC-SHA256 of {@code "<webhook-id>.<webhook-timestamp>.<body>"}, keyed with the base64-decoded part of the
 * secret after {@code whsec_}. While a rotated-out secret is in its grace period both sign, space-separated, so a
 * receiver holding either secret accepts the message. The dispatcher signs through a {@link Signer}, which keeps
 * the keyed HMACs.
 */
final class Signatures {
    static final String SECRET_PREFIX = "whsec_";
    /** 24 random bytes, as Svix issues them: 192 bits, well inside the standard's 24-64 bytes. */
    private static final int SECRET_BYTES = 24;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Signatures() {
    }

    static String newSecret() {
        var bytes = new byte[SECRET_BYTES];
        RANDOM.nextBytes(bytes);
        return SECRET_PREFIX + Base64.getEncoder().encodeToString(bytes);
    }

    /** One {@code v1,<base64>} signature. */
    static String sign(String secret, String id, long timestampSeconds, String body) {
        return sign(keyed(secret), id, timestampSeconds, body);
    }

    /** The {@code webhook-signature} header value: one signature per secret. */
    static String header(List<String> secrets, String id, long timestampSeconds, String body) {
        return secrets.stream().map(s -> sign(s, id, timestampSeconds, body)).collect(Collectors.joining(" "));
    }

    /** One signature with an initialized HMAC, which is left as it was (it is cloned). */
    static String sign(Mac keyed, String id, long timestampSeconds, String body) {
        try {
            var mac = (Mac) keyed.clone();
            var signed = mac.doFinal((id + "." + timestampSeconds + "." + body).getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(signed);
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("HmacSHA256 cannot be cloned", e);
        }
    }

    static Mac keyed(String secret) {
        try {
            var key = Base64.getDecoder().decode(secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret);
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
