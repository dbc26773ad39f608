package io.feedbackhub.signin;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.GeneralException;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import io.feedbackhub.http.HttpFailure;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * The configured OpenID provider as the Nimbus SDK sees it: its metadata from discovery (read on the first sign-in, so
 * the hub starts while the provider is down, and kept), the authorization request with PKCE (S256), the code
 * exchange and the ID token's validation (signature by the provider's JWKS, issuer, audience, expiry, nonce).
 */
final class OidcProvider {
    /** A provider slower than this is down for the person waiting at the browser. */
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** The JWKS document, read by the validator (and read again when a token names a key it does not know). */
    static final int JWKS_SIZE_LIMIT = 256 * 1024;
    static final Scope SCOPE = new Scope("openid", "email", "profile");

    private final OidcSettings settings;
    private volatile Discovered discovered;

    private record Discovered(OIDCProviderMetadata metadata, IDTokenValidator validator) {
    }

    OidcProvider(OidcSettings settings) {
        this.settings = settings;
    }

    /** Where the browser goes to sign in at the provider. */
    URI authorizationUri(PendingSignIn pending, URI redirectUri) {
        var metadata = discovered().metadata();
        return new AuthenticationRequest.Builder(new ResponseType(ResponseType.Value.CODE), SCOPE, clientId(), redirectUri)
                .endpointURI(metadata.getAuthorizationEndpointURI())
                .state(pending.state())
                .nonce(pending.nonce())
                .codeChallenge(pending.verifier(), CodeChallengeMethod.S256)
                .build()
                .toURI();
    }

    /** Exchanges the code for tokens and validates the ID token; a refusal says which step failed. */
    IDTokenClaimsSet exchange(String code, PendingSignIn pending, URI redirectUri) {
        var found = discovered();
        var grant = new AuthorizationCodeGrant(new AuthorizationCode(code), redirectUri, pending.verifier());
        var request = new TokenRequest(found.metadata().getTokenEndpointURI(), clientAuthentication(found.metadata()), grant).toHTTPRequest();
        request.setConnectTimeout((int) TIMEOUT.toMillis());
        request.setReadTimeout((int) TIMEOUT.toMillis());
        com.nimbusds.oauth2.sdk.TokenResponse response;
        try {
            response = OIDCTokenResponseParser.parse(request.send());
        } catch (IOException e) {
            throw unreachable("its token endpoint", e);
        } catch (ParseException e) {
            throw new HttpFailure(502, "Bad Gateway", "the OpenID provider's token response is not one: " + e.getMessage());
        }
        if (!response.indicatesSuccess()) {
            var error = response.toErrorResponse().getErrorObject();
            throw new HttpFailure(400, "Bad Request", "the OpenID provider refused the sign-in code (" + error.getCode()
                    + (error.getDescription() != null ? ": " + error.getDescription() : "")
                    + "); it was used already or has expired: sign in again");
        }
        JWT idToken = ((OIDCTokenResponse) response.toSuccessResponse()).getOIDCTokens().getIDToken();
        if (idToken == null) {
            throw new HttpFailure(502, "Bad Gateway", "the OpenID provider answered without an ID token");
        }
        try {
            return found.validator().validate(idToken, pending.nonce());
        } catch (BadJOSEException e) {
            throw new HttpFailure(401, "Unauthorized", "the ID token is not valid for this hub: " + e.getMessage());
        } catch (JOSEException e) {
            throw new HttpFailure(502, "Bad Gateway", "the ID token could not be checked against the provider's keys: " + e.getMessage());
        }
    }

    private ClientID clientId() {
        return new ClientID(settings.clientId());
    }

    /** client_secret_basic, the default of OpenID Connect, unless the provider supports only client_secret_post. */
    private ClientAuthentication clientAuthentication(OIDCProviderMetadata metadata) {
        var methods = metadata.getTokenEndpointAuthMethods();
        var secret = new Secret(settings.clientSecret());
        if (methods != null && !methods.contains(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                && methods.contains(ClientAuthenticationMethod.CLIENT_SECRET_POST)) {
            return new ClientSecretPost(clientId(), secret);
        }
        return new ClientSecretBasic(clientId(), secret);
    }

    private Discovered discovered() {
        var found = discovered;
        if (found == null) {
            synchronized (this) {
                found = discovered;
                if (found == null) {
                    found = discover();
                    discovered = found;
                }
            }
        }
        return found;
    }

    private Discovered discover() {
        var issuer = new Issuer(settings.issuer().orElseThrow());
        OIDCProviderMetadata metadata;
        try {
            // resolve() also checks that the document names the configured issuer
            metadata = OIDCProviderMetadata.resolve(issuer, (int) TIMEOUT.toMillis(), (int) TIMEOUT.toMillis());
        } catch (GeneralException e) {
            throw new HttpFailure(502, "Bad Gateway", "the OpenID provider's discovery document at " + issuer
                    + "/.well-known/openid-configuration is not usable: " + e.getMessage());
        } catch (IOException e) {
            throw unreachable("its discovery document", e);
        }
        var algorithm = idTokenAlgorithm(metadata);
        try {
            var jwks = new DefaultResourceRetriever((int) TIMEOUT.toMillis(), (int) TIMEOUT.toMillis(), JWKS_SIZE_LIMIT);
            var validator = new IDTokenValidator(metadata.getIssuer(), clientId(), algorithm, metadata.getJWKSetURI().toURL(), jwks);
            return new Discovered(metadata, validator);
        } catch (MalformedURLException | IllegalArgumentException | NullPointerException e) {
            throw new HttpFailure(502, "Bad Gateway", "the OpenID provider's discovery document names no usable jwks_uri");
        }
    }

    /** RS256, which every provider must support, unless the provider signs ID tokens with other algorithms only. */
    private static JWSAlgorithm idTokenAlgorithm(OIDCProviderMetadata metadata) {
        List<JWSAlgorithm> algorithms = metadata.getIDTokenJWSAlgs();
        if (algorithms == null || algorithms.isEmpty() || algorithms.contains(JWSAlgorithm.RS256)) {
            return JWSAlgorithm.RS256;
        }
        return algorithms.getFirst();
    }

    private HttpFailure unreachable(String what, IOException e) {
        return new HttpFailure(502, "Bad Gateway", "the OpenID provider at " + settings.issuer().orElseThrow()
                + " could not be reached for " + what + ": " + e.getMessage());
    }
}
