package io.feedbackhub.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.feedbackhub.core.AuthorScope;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.Map;
import java.util.TreeMap;

/**
 * Short-lived end-user tokens: an app's backend mints one with its secret key for the person in front of the
 * browser, and the browser submits that person's feedback with it, holding no secret.
 *
 * <p>A token is {@code fh_eut_} followed by a compact JWT (HS256): the prefix tells tokens from API keys at a glance
 * and in {@link io.feedbackhub.api.Credentials}; after it, any JWT tool can read the claims. It is signed with the
 * deployment's secret from {@link SigningKeys} (shared by all nodes through the database), so verifying one
 * needs no lookup of the token itself; it does check that the key that minted it is still live (through
 * {@link KeyService}'s cache), so revoking that key ends its tokens as it ends the key: at once on the node that
 * revoked it, within a second on every other.
 *
 * <p>Anonymous ids ({@code fh_anon_…}) are the same JWT minted by a publishable key for a browser nobody signed in: a
 * random author that only the id speaks for, held to the key's origins. Their kind is a signed claim, so neither kind
 * passes for the other; the minting key's role is checked too (a backend's key for a token, a browser's for an id).
 */
public final class EndUserTokens {
    public static final String PREFIX = "fh_eut_";
    /** An anonymous per-browser id: the same JWT, minted by a publishable key for an author nobody vouched for. */
    public static final String ANONYMOUS_PREFIX = "fh_anon_";
    /**
     * A browser keeps its anonymous id in localStorage for as long as it wants to change its votes; a year bounds a
     * copied id, and revoking the publishable key ends them all at once.
     */
    public static final Duration ANONYMOUS_TTL = Duration.ofDays(365);
    /** An HMAC-SHA256 signature is 32 bytes: 43 base64url characters without padding. */
    private static final java.util.regex.Pattern SIGNATURE = java.util.regex.Pattern.compile("[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]");
    /** Longest token accepted: four 256-character ids base64url-encoded fit several times over. */
    public static final int MAX_TOKEN_CHARS = 8192;
    /** A token is meant to be short-lived; an app mints a new one whenever its page loads. */
    public static final Duration MIN_TTL = Duration.ofMinutes(1);
    public static final Duration MAX_TTL = Duration.ofDays(1);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final SigningKeys signingKeys;
    private final KeyService keys;
    private final Clock clock;
    private final Duration defaultTtl;

    public EndUserTokens(SigningKeys signingKeys, KeyService keys, Clock clock, Duration defaultTtl) {
        if (defaultTtl.compareTo(MIN_TTL) < 0 || defaultTtl.compareTo(MAX_TTL) > 0) {
            throw new IllegalArgumentException("the default end-user token lifetime must be from " + MIN_TTL + " to " + MAX_TTL + ", got " + defaultTtl);
        }
        this.signingKeys = signingKeys;
        this.keys = keys;
        this.clock = clock;
        this.defaultTtl = defaultTtl;
    }

    /** Whether a presented credential is meant as an end-user token or an anonymous id (rather than an API key). */
    public static boolean looksLikeToken(String presented) {
        return presented != null && (presented.startsWith(PREFIX) || presented.startsWith(ANONYMOUS_PREFIX));
    }

    public Duration defaultTtl() {
        return defaultTtl;
    }

    /** A token for {@code scope} in the minting key's tenant, valid for {@code ttl} (null: the default). */
    public IssuedToken mint(String tenantId, String keyId, AuthorScope scope, Duration ttl) {
        return sign(PREFIX, tenantId, keyId, scope, ttl == null ? defaultTtl : ttl, List.of());
    }

    /**
     * A new anonymous id for a browser of the publishable key {@code key}: a random author (a UUID) that only this
     * id speaks for, held to the key's origins like the key itself.
     */
    public IssuedToken mintAnonymous(Principal key) {
        var author = UUID.randomUUID().toString();
        return sign(ANONYMOUS_PREFIX, key.tenantId(), key.keyId(), new AuthorScope(author, null, null, null), ANONYMOUS_TTL,
                key.allowedOrigins());
    }

    private IssuedToken sign(String prefix, String tenantId, String keyId, AuthorScope scope, Duration lifetime, List<String> origins) {
        var now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        var expiresAt = now.plus(lifetime);
        var kid = signingKeys.currentId();
        ObjectNode header = JSON.createObjectNode().put("alg", "HS256").put("typ", "JWT").put("kid", kid);
        ObjectNode claims = JSON.createObjectNode()
                .put("sub", scope.authorId())
                .put("tenant", tenantId)
                .put("key", keyId);
        putIfSet(claims, "thread_id", scope.threadId());
        putIfSet(claims, "message_id", scope.messageId());
        putIfSet(claims, "name", scope.name());
        // The kind is signed: the prefix is not, and an anonymous id must never pass for a vouched-for token.
        boolean anonymous = prefix.equals(ANONYMOUS_PREFIX);
        if (anonymous) {
            claims.put("anonymous", true);
        }
        if (!scope.metadata().isEmpty()) {
            var metadata = claims.putObject("metadata");
            new TreeMap<>(scope.metadata()).forEach(metadata::put);
        }
        putIfSet(claims, "source_surface", scope.sourceSurface());
        claims.put("iat", now.getEpochSecond()).put("exp", expiresAt.getEpochSecond());
        var signingInput = encode(header) + "." + encode(claims);
        var secret = signingKeys.secret(kid).orElseThrow(() -> new IllegalStateException("signing key " + kid + " is missing"));
        var token = prefix + signingInput + "." + B64.encodeToString(hmac(secret, signingInput));
        return new IssuedToken(token, new EndUserToken(tenantId, keyId, scope, expiresAt, anonymous, origins));
    }

    /**
     * The token's claims when its signature is ours, it has not expired and the key that minted it is live;
     * otherwise {@link InvalidToken} saying which.
     */
    public EndUserToken verify(String presented) {
        if (!looksLikeToken(presented) || presented.length() > MAX_TOKEN_CHARS) {
            throw new InvalidToken("the end-user token is malformed");
        }
        boolean anonymousPrefix = presented.startsWith(ANONYMOUS_PREFIX);
        var what = anonymousPrefix ? "anonymous id" : "end-user token";
        var parts = presented.substring(anonymousPrefix ? ANONYMOUS_PREFIX.length() : PREFIX.length()).split("\\.", -1);
        // One encoding per token: the signature in canonical base64url (no padding, no stray trailing bits), so that
        // no two strings are the same token.
        if (parts.length != 3 || !SIGNATURE.matcher(parts[2]).matches()) {
            throw new InvalidToken("the " + what + " is malformed");
        }
        var header = decode(parts[0], what);
        if (!"HS256".equals(text(header, "alg"))) {
            throw new InvalidToken("the " + what + " is malformed");
        }
        var kid = text(header, "kid");
        var secret = kid == null ? null : signingKeys.secret(kid).orElse(null);
        var signature = Base64.getUrlDecoder().decode(parts[2]);
        if (secret == null || !MessageDigest.isEqual(hmac(secret, parts[0] + "." + parts[1]), signature)) {
            throw new InvalidToken("the " + what + "'s signature is not valid for this deployment");
        }
        // Signed by us: the claims are ours and well-formed from here on.
        var claims = decode(parts[1], what);
        boolean anonymous = claims.path("anonymous").asBoolean(false);
        if (anonymous != anonymousPrefix) {
            throw new InvalidToken("the " + what + " is malformed");
        }
        var expiresAt = Instant.ofEpochSecond(claims.path("exp").asLong());
        if (!clock.instant().isBefore(expiresAt)) {
            throw new InvalidToken(anonymous ? "the anonymous id expired at " + expiresAt + "; ask for a new one (POST /v1/anonymous-id)"
                    : "the end-user token expired at " + expiresAt + "; ask the app for a new one");
        }
        var tenant = text(claims, "tenant");
        var key = text(claims, "key");
        var minter = tenant == null || key == null ? Optional.<ApiKey>empty() : keys.liveKey(tenant, key);
        // A token is vouched for by a backend's (secret or admin) key, an anonymous id by a browser's publishable key.
        if (minter.isEmpty() || minter.get().role().canRead() == anonymous) {
            throw new InvalidToken("the key that minted this " + what + " has been revoked");
        }
        var scope = new AuthorScope(text(claims, "sub"), text(claims, "thread_id"), text(claims, "message_id"), text(claims, "name"),
                metadata(claims), text(claims, "source_surface"));
        return new EndUserToken(tenant, key, scope, expiresAt, anonymous, anonymous ? minter.get().allowedOrigins() : List.of());
    }

    /** A token that is not one of ours, or no longer valid; the message says which, for a 401. */
    public static final class InvalidToken extends RuntimeException {
        InvalidToken(String message) {
            super(message, null, false, false);
        }
    }

    private static void putIfSet(ObjectNode o, String field, String value) {
        if (value != null) {
            o.put(field, value);
        }
    }

    /** The bound metadata claim: a flat object of strings (signed by us, so well-formed). */
    private static Map<String, String> metadata(JsonNode claims) {
        var node = claims.get("metadata");
        var out = new TreeMap<String, String>();
        if (node != null && node.isObject()) {
            node.fields().forEachRemaining(e -> {
                if (e.getValue().isTextual()) {
                    out.put(e.getKey(), e.getValue().asText());
                }
            });
        }
        return out;
    }

    private static String text(JsonNode node, String field) {
        var value = node.get(field);
        return value == null || !value.isTextual() ? null : value.asText();
    }

    private static String encode(JsonNode node) {
        return B64.encodeToString(node.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode decode(String part, String what) {
        try {
            var node = JSON.readTree(Base64.getUrlDecoder().decode(part));
            if (node == null || !node.isObject()) {
                throw new InvalidToken("the " + what + " is malformed");
            }
            return node;
        } catch (IllegalArgumentException | java.io.IOException e) {
            throw new InvalidToken("the " + what + " is malformed");
        }
    }

    private static byte[] hmac(byte[] secret, String signingInput) {
        try {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    }
}
