package io.feedbackhub.signin;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.Nonce;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;

/**
 * What a sign-in started on one node must find on the node its callback reaches: the state, the nonce and the PKCE
 * verifier, kept in the browser in a short-lived cookie signed (HS256) with a key derived from the client secret, so
 * every node reads it and nobody can forge one. The verifier travels only in this HttpOnly cookie, never in a URL.
 */
record PendingSignIn(State state, Nonce nonce, CodeVerifier verifier, Instant expires) {
    static final String COOKIE = "fh_oidc";
    /** Long enough to type a password and answer a second factor at the provider; short enough to be useless if stolen. */
    static final Duration LIFETIME = Duration.ofMinutes(10);

    static PendingSignIn fresh(Clock clock) {
        return new PendingSignIn(new State(), new Nonce(), new CodeVerifier(), clock.instant().plus(LIFETIME));
    }

    /** Signs and seals this pending sign-in as the cookie's value. */
    String seal(byte[] key) {
        var claims = new JWTClaimsSet.Builder()
                .claim("state", state.getValue())
                .claim("nonce", nonce.getValue())
                .claim("verifier", verifier.getValue())
                .expirationTime(Date.from(expires))
                .build();
        var jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(new MACSigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign the sign-in cookie", e);
        }
        return jwt.serialize();
    }

    /** The pending sign-in the cookie holds; empty when it is malformed, signed with another key or expired. */
    static Optional<PendingSignIn> open(String cookie, byte[] key, Clock clock) {
        try {
            var jwt = SignedJWT.parse(cookie);
            if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(new MACVerifier(key))) {
                return Optional.empty();
            }
            var claims = jwt.getJWTClaimsSet();
            var expires = claims.getExpirationTime();
            if (expires == null || !expires.toInstant().isAfter(clock.instant())) {
                return Optional.empty();
            }
            return Optional.of(new PendingSignIn(new State(claims.getStringClaim("state")), new Nonce(claims.getStringClaim("nonce")),
                    new CodeVerifier(claims.getStringClaim("verifier")), expires.toInstant()));
        } catch (ParseException | JOSEException | IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
    }

    /** HMAC-SHA256 of a fixed label under the client secret: a 256-bit key only this hub's nodes can compute. */
    static byte[] cookieKey(String clientSecret) {
        try {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(clientSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal("feedback-hub oidc pending sign-in cookie v1".getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }
}
