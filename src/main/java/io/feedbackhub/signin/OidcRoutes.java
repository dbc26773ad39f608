package io.feedbackhub.signin;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import io.feedbackhub.auth.KeyService;
import io.feedbackhub.auth.Tenant;
import io.feedbackhub.http.Access;
import io.feedbackhub.http.HttpFailure;
import io.feedbackhub.http.RouteTable;
import io.feedbackhub.http.SessionCookies;
import io.feedbackhub.people.People;
import io.feedbackhub.people.Person;
import io.feedbackhub.people.Sessions;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Clock;
import java.util.Comparator;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Single sign-on by OpenID Connect: {@code GET /v1/auth/oidc/start} sends the browser to the provider with a fresh
 * state, nonce and PKCE challenge (kept in a signed cookie, {@link PendingSignIn}); {@code GET /v1/auth/oidc/callback}
 * takes the code back, exchanges and validates it ({@link OidcProvider}), holds the person to a verified email of an
 * allowed domain, finds or makes the person ({@link People#findOrInviteByEmail}, with the default role), opens their
 * session ({@link Sessions}, the {@code fh_session} cookie) and sends them to the dashboard. Every refusal is a
 * problem+json of the native API, never a 500.
 */
public final class OidcRoutes {
    private static final Logger log = LoggerFactory.getLogger(OidcRoutes.class);
    public static final String START = "/v1/auth/oidc/start";
    public static final String CALLBACK = "/v1/auth/oidc/callback";
    /** Where a signed-in person lands. */
    static final String DASHBOARD = "/";

    private final OidcSettings settings;
    private final OidcProvider provider;
    private final People people;
    private final Sessions sessions;
    private final KeyService tenants;
    private final Supplier<String> publicUrl;
    private final Clock clock;
    private final byte[] cookieKey;
    /**
     * States whose callback was taken on this node: a replayed callback (same code, same cookie) is refused here
     * before the code is sent again; on another node the provider refuses the used code (codes are single-use).
     */
    private final Cache<String, Boolean> completed = Caffeine.newBuilder()
            .expireAfterWrite(PendingSignIn.LIFETIME).maximumSize(100_000).build();

    public OidcRoutes(OidcSettings settings, People people, Sessions sessions, KeyService tenants, Supplier<String> publicUrl, Clock clock) {
        this.settings = settings;
        this.provider = new OidcProvider(settings);
        this.people = people;
        this.sessions = sessions;
        this.tenants = tenants;
        this.publicUrl = publicUrl;
        this.clock = clock;
        this.cookieKey = settings.enabled() ? PendingSignIn.cookieKey(settings.clientSecret()) : new byte[0];
    }

    /** Open routes: the browser has no credential yet; the signed cookie and the provider's code are the proof. */
    public void declare(RouteTable routes) {
        routes.get(START, Access.OPEN, this::start);
        routes.get(CALLBACK, Access.OPEN, this::callback);
    }

    private void start(Context ctx) {
        requireEnabled();
        var pending = PendingSignIn.fresh(clock);
        var target = provider.authorizationUri(pending, redirectUri());
        setPendingCookie(ctx, pending.seal(cookieKey), PendingSignIn.LIFETIME.toSeconds());
        ctx.header("Cache-Control", "no-store");
        ctx.redirect(target.toString(), HttpStatus.FOUND);
    }

    private void callback(Context ctx) {
        requireEnabled();
        ctx.header("Cache-Control", "no-store");
        // whatever happens next, this sign-in attempt is over: the cookie goes
        setPendingCookie(ctx, "", 0);
        var cookie = ctx.cookie(PendingSignIn.COOKIE);
        var pending = cookie == null ? java.util.Optional.<PendingSignIn>empty() : PendingSignIn.open(cookie, cookieKey, clock);
        if (pending.isEmpty()) {
            throw HttpFailure.badRequest("no sign-in is under way in this browser (it expired after "
                    + PendingSignIn.LIFETIME.toMinutes() + " minutes, or was started elsewhere): start again at " + START);
        }
        var state = ctx.queryParam("state");
        if (state == null || !state.equals(pending.get().state().getValue())) {
            throw HttpFailure.badRequest("the state parameter does not match the sign-in this browser started: start again at " + START);
        }
        var error = ctx.queryParam("error");
        if (error != null) {
            var description = ctx.queryParam("error_description");
            throw HttpFailure.forbidden("the OpenID provider did not sign you in: " + error
                    + (description != null ? " (" + description + ")" : ""));
        }
        var code = ctx.queryParam("code");
        if (code == null || code.isBlank()) {
            throw HttpFailure.badRequest("the callback has neither code nor error: start again at " + START);
        }
        if (completed.asMap().putIfAbsent(state, Boolean.TRUE) != null) {
            throw HttpFailure.badRequest("this sign-in was completed already; a callback is taken once: start again at " + START);
        }
        var claims = provider.exchange(code, pending.get(), redirectUri());
        var person = person(claims);
        SessionCookies.set(ctx, sessions.open(person, ctx.ip(), ctx.userAgent()));
        log.info("tenant={} oidc sign-in person={} issuer={} subject={}", person.tenantId(), person.id(),
                claims.getIssuer().getValue(), claims.getSubject().getValue());
        ctx.redirect(DASHBOARD, HttpStatus.FOUND);
    }

    /**
     * Only a verified email of an allowed domain signs in: the email is how the hub knows a person. A known person
     * keeps the role an admin gave them; a new one gets FEEDBACK_HUB_OIDC_DEFAULT_ROLE.
     */
    private Person person(IDTokenClaimsSet claims) {
        var email = claims.getStringClaim("email");
        if (email == null || email.isBlank()) {
            throw HttpFailure.forbidden("the OpenID provider gave no email for this account (the hub asks for the"
                    + " \"email\" scope); an account without one cannot sign in");
        }
        email = email.strip().toLowerCase(Locale.ROOT);
        var verified = claims.getClaim("email_verified");
        if (!(Boolean.TRUE.equals(verified) || "true".equals(verified))) {
            throw HttpFailure.forbidden("the OpenID provider has not verified the email " + email
                    + " (email_verified is not true): verify it with the provider, then sign in again");
        }
        if (!settings.allows(email)) {
            throw HttpFailure.forbidden("accounts of " + email.substring(email.lastIndexOf('@') + 1)
                    + " may not sign in here; the allowed email domains are " + String.join(", ", settings.allowedDomains().stream().sorted().toList()));
        }
        var name = claims.getStringClaim("name");
        return people.findOrInviteByEmail(tenant().id(), email, name == null || name.isBlank() ? email : name.strip(), settings.defaultRole());
    }

    /** FEEDBACK_HUB_OIDC_TENANT by id or name, else the first tenant (the one the first start created). */
    private Tenant tenant() {
        var all = tenants.tenants();
        var wanted = settings.tenant();
        var found = wanted.isPresent()
                ? all.stream().filter(t -> t.id().equals(wanted.get()) || t.name().equals(wanted.get())).findFirst()
                : all.stream().min(Comparator.comparing(Tenant::createdAt).thenComparing(Tenant::id));
        return found.orElseThrow(() -> new HttpFailure(503, "Service Unavailable", wanted
                .map(t -> OidcSettings.TENANT + " names no tenant of this hub: \"" + t + "\"")
                .orElse("this hub has no tenant yet for sign-ins to join")));
    }

    private void requireEnabled() {
        if (!settings.enabled()) {
            throw new HttpFailure(404, "Not Found", "single sign-on is not configured on this hub (" + OidcSettings.ISSUER
                    + " is not set); sign in with email and password");
        }
    }

    private URI redirectUri() {
        return URI.create(publicUrl.get() + CALLBACK);
    }

    /**
     * SameSite=Lax, not Strict: the callback is a top-level navigation from the provider's site, and a Strict cookie
     * would not come with it. Scoped to the two sign-in routes; Secure whenever the hub is served over https.
     */
    private void setPendingCookie(Context ctx, String value, long maxAgeSeconds) {
        var secure = publicUrl.get().startsWith("https:") ? "; Secure" : "";
        ctx.res().addHeader("Set-Cookie", PendingSignIn.COOKIE + "=" + value + "; Path=/v1/auth/oidc; Max-Age=" + maxAgeSeconds
                + "; HttpOnly; SameSite=Lax" + secure);
    }
}
