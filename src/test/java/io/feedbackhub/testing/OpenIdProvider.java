package io.feedbackhub.testing;

import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * A real standalone OpenID provider (NAV's mock-oauth2-server) on a random loopback port, with its interactive login
 * form: a person types any user name and the claims their ID token carries (email, email_verified, name). It serves
 * discovery, the authorization and token endpoints and its JWKS like any provider; the hub talks to it as to Google.
 */
public final class OpenIdProvider implements AutoCloseable {
    public static final String CLIENT_ID = "feedback-hub-test";
    public static final String CLIENT_SECRET = "feedback-hub-test-client-secret";
    private static final String ISSUER_ID = "company";
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private final MockOAuth2Server server;

    private OpenIdProvider() {
        server = new MockOAuth2Server(new OAuth2Config(true));
        try {
            server.start(InetAddress.getByName("127.0.0.1"), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static OpenIdProvider start() {
        return new OpenIdProvider();
    }

    /** The issuer, as its discovery document names it. */
    public String issuer() {
        return server.issuerUrl(ISSUER_ID).toString().replaceAll("/+$", "");
    }

    /** The hub's settings for signing in here, allowing {@code allowedDomains}. */
    public Map<String, String> hubSettings(String allowedDomains) {
        return Map.of("FEEDBACK_HUB_OIDC_ISSUER", issuer(),
                "FEEDBACK_HUB_OIDC_CLIENT_ID", CLIENT_ID,
                "FEEDBACK_HUB_OIDC_CLIENT_SECRET", CLIENT_SECRET,
                "FEEDBACK_HUB_OIDC_ALLOWED_DOMAINS", allowedDomains);
    }

    /** The claims a person types into the login form. */
    public static String claims(String email, boolean emailVerified, String name) {
        return "{\"email\": \"" + email + "\", \"email_verified\": " + emailVerified + ", \"name\": \"" + name + "\"}";
    }

    /**
     * Submits the login form at {@code authorizationUrl} (where the hub sent the browser) as a person would, and
     * returns where the provider sends the browser back: the hub's callback with a code and the state.
     */
    public URI signIn(URI authorizationUrl, String username, String claims) {
        var form = "username=" + URLEncoder.encode(username, StandardCharsets.UTF_8) + "&claims=" + URLEncoder.encode(claims, StandardCharsets.UTF_8);
        var request = HttpRequest.newBuilder(authorizationUrl).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        try {
            var response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 302) {
                throw new IllegalStateException("the provider's login form answered " + response.statusCode() + ": " + response.body());
            }
            return URI.create(response.headers().firstValue("Location").orElseThrow());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.shutdown();
    }
}
