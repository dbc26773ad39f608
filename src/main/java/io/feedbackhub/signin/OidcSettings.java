package io.feedbackhub.signin;

import io.feedbackhub.auth.TeamRole;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * OpenID Connect single sign-on, from FEEDBACK_HUB_OIDC_*: off unless an issuer is given; with one, a client id and
 * secret and at least one allowed email domain are required (a provider such as Google signs in every account on
 * earth, so "any domain" is never a default).
 *
 * @param tenant the tenant id or name sign-ins join; empty: the first tenant (the one the first start created)
 * @param label  what the sign-in page calls the provider ("Okta", "your Google account"); empty: "single sign-on"
 */
public record OidcSettings(Optional<URI> issuer, String clientId, String clientSecret, Set<String> allowedDomains,
                           TeamRole defaultRole, Optional<String> tenant, Optional<String> label) {
    public static final String ISSUER = "FEEDBACK_HUB_OIDC_ISSUER";
    public static final String CLIENT_ID = "FEEDBACK_HUB_OIDC_CLIENT_ID";
    public static final String CLIENT_SECRET = "FEEDBACK_HUB_OIDC_CLIENT_SECRET";
    public static final String ALLOWED_DOMAINS = "FEEDBACK_HUB_OIDC_ALLOWED_DOMAINS";
    public static final String DEFAULT_ROLE = "FEEDBACK_HUB_OIDC_DEFAULT_ROLE";
    public static final String TENANT = "FEEDBACK_HUB_OIDC_TENANT";
    public static final String LABEL = "FEEDBACK_HUB_OIDC_LABEL";
    static final int MAX_LABEL = 60;
    /** Least privilege: an admin promotes whoever needs more. */
    public static final TeamRole DEFAULT_DEFAULT_ROLE = TeamRole.VIEWER;

    public static OidcSettings off() {
        return new OidcSettings(Optional.empty(), "", "", Set.of(), DEFAULT_DEFAULT_ROLE, Optional.empty(), Optional.empty());
    }

    public boolean enabled() {
        return issuer.isPresent();
    }

    /** Reads the settings from {@code values}; every name is looked up, so that none of them is taken for a typo. */
    public static OidcSettings from(Map<String, String> values) {
        var issuerText = values.get(ISSUER);
        var clientId = values.get(CLIENT_ID);
        var clientSecret = values.get(CLIENT_SECRET);
        var domainsText = values.get(ALLOWED_DOMAINS);
        var roleText = values.getOrDefault(DEFAULT_ROLE, DEFAULT_DEFAULT_ROLE.wire());
        var tenant = Optional.ofNullable(values.get(TENANT)).map(String::strip);
        var label = Optional.ofNullable(values.get(LABEL)).map(String::strip).filter(l -> !l.isEmpty());
        if (label.isPresent() && label.get().length() > MAX_LABEL) {
            throw new IllegalArgumentException(LABEL + " must be at most " + MAX_LABEL + " characters (it is a button's text), got "
                    + label.get().length());
        }
        if (issuerText == null) {
            for (var name : new String[]{CLIENT_ID, CLIENT_SECRET, ALLOWED_DOMAINS, DEFAULT_ROLE, TENANT, LABEL}) {
                if (values.get(name) != null) {
                    throw new IllegalArgumentException(name + " is set but " + ISSUER + " is not: single sign-on needs the"
                            + " provider's issuer URL (https://accounts.example.com)");
                }
            }
            return off();
        }
        var issuer = issuer(issuerText);
        if (clientId == null || clientSecret == null) {
            throw new IllegalArgumentException((clientId == null ? CLIENT_ID : CLIENT_SECRET) + " is required with " + ISSUER
                    + ": register Feedback Hub as a confidential client with the provider and give its id and secret");
        }
        if (clientSecret.length() < 16) {
            throw new IllegalArgumentException(CLIENT_SECRET + " must be at least 16 characters (it also keys the signed"
                    + " sign-in cookie), got " + clientSecret.length());
        }
        if (domainsText == null) {
            throw new IllegalArgumentException(ALLOWED_DOMAINS + " is required with " + ISSUER
                    + ": a comma-separated list of the email domains that may sign in (example.com,example.org)");
        }
        var domains = Arrays.stream(domainsText.split(",")).map(d -> d.strip().toLowerCase(Locale.ROOT))
                .filter(d -> !d.isEmpty()).collect(Collectors.toUnmodifiableSet());
        for (var domain : domains) {
            if (!domain.matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+")) {
                throw new IllegalArgumentException(ALLOWED_DOMAINS + " must list email domains (example.com), got \"" + domain + "\"");
            }
        }
        if (domains.isEmpty()) {
            throw new IllegalArgumentException(ALLOWED_DOMAINS + " must list at least one email domain, got \"" + domainsText + "\"");
        }
        var role = TeamRole.parse(roleText.strip().toLowerCase(Locale.ROOT));
        // owner is never handed out on a provider's say-so: an owner makes owners
        if (role.isEmpty() || role.get() == TeamRole.OWNER) {
            throw new IllegalArgumentException(DEFAULT_ROLE + " must be viewer, editor or admin (an owner is invited, never"
                    + " made by a first sign-in), got \"" + values.get(DEFAULT_ROLE) + "\"");
        }
        return new OidcSettings(Optional.of(issuer), clientId.strip(), clientSecret, domains, role.get(), tenant.filter(t -> !t.isEmpty()),
                label);
    }

    private static URI issuer(String text) {
        var url = text.strip().replaceAll("/+$", "");
        try {
            var uri = new URI(url);
            if (("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null
                    && uri.getQuery() == null && uri.getFragment() == null) {
                return uri;
            }
        } catch (URISyntaxException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(ISSUER + " must be the provider's absolute issuer URL (https://accounts.example.com),"
                + " got \"" + text + "\"");
    }

    /** Whether an address of this email's domain may sign in (exact domain match, no subdomains). */
    boolean allows(String email) {
        int at = email.lastIndexOf('@');
        return at > 0 && allowedDomains.contains(email.substring(at + 1).toLowerCase(Locale.ROOT));
    }

    /** For the start-up log line: the secret masked. */
    public String describe() {
        return issuer.map(i -> "oidc_issuer=" + i + " oidc_client_id=" + clientId + " oidc_client_secret=***"
                + " oidc_allowed_domains=" + String.join(",", allowedDomains.stream().sorted().toList())
                + " oidc_default_role=" + defaultRole.wire() + " oidc_tenant=" + tenant.orElse("first"))
                .orElse("oidc=off");
    }
}
