package io.feedbackhub.auth;

import java.util.List;

/**
 * The authenticated caller: which tenant, which key, what it may do. For an end-user token or an anonymous id,
 * {@code endUser} holds its verified claims (the key is the one that minted it, the role that of a browser
 * credential); null for keys. {@code clientAddress} is where the request came from (null outside a request): the
 * per end user limit of writes with no vouched-for author keys on it.
 */
public record Principal(String tenantId, String keyId, Role role, List<String> allowedOrigins, EndUserToken endUser,
                        String clientAddress, SignedIn person) {
    public Principal(String tenantId, String keyId, Role role, List<String> allowedOrigins) {
        this(tenantId, keyId, role, allowedOrigins, null, null, null);
    }

    public Principal(String tenantId, String keyId, Role role, List<String> allowedOrigins, EndUserToken endUser, String clientAddress) {
        this(tenantId, keyId, role, allowedOrigins, endUser, clientAddress, null);
    }

    /**
     * A person's session. It has no key: {@code keyId} names the person ({@code person:<id>}) for rate limits, authorship and
     * logs, and {@code role} is {@link Role#SECRET} only so that code asking "may this read?" of a key gets an answer;
     * what the person may do is {@link #teamRole}, which {@code http.Access} checks.
     */
    public static Principal of(String tenantId, SignedIn person) {
        return new Principal(tenantId, "person:" + person.personId(), Role.SECRET, List.of(), null, null, person);
    }

    /** A person signed in with a session cookie, rather than a key or token. */
    public boolean isPerson() {
        return person != null;
    }

    /**
     * Where this caller stands on the people's scale: a person's own role; an admin key as an admin, a secret key as
     * an editor (it reads, too); null for browser credentials, which are below it.
     */
    public TeamRole teamRole() {
        if (person != null) {
            return person.role();
        }
        if (endUser != null) {
            return null;
        }
        return switch (role) {
            case ADMIN -> TeamRole.ADMIN;
            case SECRET -> TeamRole.EDITOR;
            case PUBLISHABLE -> null;
        };
    }

    /**
     * An end user's token (a browser credential bound to its author and target rather than to an origin), or an
     * anonymous id (bound to its random author, and to its publishable key's origins).
     */
    public static Principal of(EndUserToken token) {
        return new Principal(token.tenantId(), token.mintedByKeyId(), Role.PUBLISHABLE, token.allowedOrigins(), token, null);
    }

    public Principal from(String address) {
        return new Principal(tenantId, keyId, role, allowedOrigins, endUser, address, person);
    }

    /** A token or an anonymous id: a credential that names its author. */
    public boolean isEndUser() {
        return endUser != null;
    }

    /** An anonymous id: an author the hub made up for one browser, which nobody vouched for. */
    public boolean isAnonymous() {
        return endUser != null && endUser.anonymous();
    }

    /** A token a backend vouched for (not an anonymous id). */
    public boolean isVouchedEndUser() {
        return endUser != null && !endUser.anonymous();
    }

    /**
     * The author this credential speaks for, when it speaks for one: a token's or an anonymous id's. A bare
     * publishable key has none: it can give feedback, but nothing it gave can later be told from another
     * browser's, so it can change nothing.
     */
    public String authorId() {
        return endUser == null ? null : endUser.scope().authorId();
    }
}
