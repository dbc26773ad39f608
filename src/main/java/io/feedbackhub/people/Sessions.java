package io.feedbackhub.people;

import io.feedbackhub.auth.Principal;
import io.feedbackhub.auth.SignedIn;
import io.feedbackhub.core.Hashes;
import io.feedbackhub.core.Ids;
import io.feedbackhub.core.NotFound;
import io.feedbackhub.people.PeopleStore.StoredSession;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Server-side sessions of signed-in people. The browser holds a random token in the {@value #COOKIE} cookie; the store
 * keeps its SHA-256, so a copy of the database holds no usable session. Every request checks the session in the store
 * (not a cache), so a sign-out, a removed person or a revoked session ends at once on every node. A session ends at
 * its absolute expiry, or sooner when unused for the idle time; its idle expiry is moved on at most once a minute, so a
 * busy dashboard does not write on every request.
 *
 * <p>CSRF: each session has a random token, handed to the page at sign-in; a state-changing request authenticated by
 * the cookie must send it back in {@value #CSRF_HEADER} (the synchronizer-token pattern; SameSite=Lax alone leaves
 * same-site subdomains and old browsers).
 */
public final class Sessions {
    public static final String COOKIE = "fh_session";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    public static final Duration DEFAULT_IDLE = Duration.ofHours(12);
    public static final Duration DEFAULT_ABSOLUTE = Duration.ofDays(7);
    private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);
    static final int MAX_USER_AGENT = 300;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final PeopleStore store;
    private final Duration idle;
    private final Duration absolute;
    private final Clock clock;

    public Sessions(PeopleStore store, Duration idle, Duration absolute, Clock clock) {
        if (idle.compareTo(absolute) > 0) {
            throw new IllegalArgumentException("the idle expiry (" + idle + ") must not be longer than the absolute one (" + absolute + ")");
        }
        this.store = store;
        this.idle = idle;
        this.absolute = absolute;
        this.clock = clock;
    }

    /** Opens a session for {@code person} (who has just proved who they are) from {@code clientAddress}. */
    public IssuedSession open(Person person, String clientAddress) {
        return open(person, clientAddress, null);
    }

    /** The same, remembering the browser's User-Agent (at most {@value #MAX_USER_AGENT} characters) for "your sessions". */
    public IssuedSession open(Person person, String clientAddress, String userAgent) {
        var now = now();
        var token = "fh_s_" + random();
        var csrf = random();
        var expires = now.plus(absolute);
        var agent = userAgent == null || userAgent.length() <= MAX_USER_AGENT ? userAgent : userAgent.substring(0, MAX_USER_AGENT);
        store.addSession(new StoredSession(Ids.newId(), hash(token), csrf, person, now, now, now.plus(idle), expires), clientAddress, agent);
        return new IssuedSession(token, csrf, expires, person);
    }

    /** The live sessions of the signed-in {@code person}, newest first. */
    public List<SessionInfo> of(String tenantId, SignedIn person) {
        return store.liveSessions(tenantId, person.personId(), now());
    }

    /** Ends one of the person's own live sessions; someone else's, an unknown or an ended one is not found. */
    public void end(String tenantId, SignedIn person, String sessionId) {
        if (sessionId.length() > 100 || !store.revokeSession(tenantId, person.personId(), sessionId, now())) {
            throw new NotFound("session", sessionId);
        }
    }

    /** The signed-in caller of a live session, or empty for an unknown, expired, revoked or removed person's one. */
    public Optional<Principal> check(String cookieValue) {
        return live(cookieValue).map(s -> Principal.of(s.person().tenantId(), new SignedIn(s.person().id(), s.person().email(),
                s.person().name(), s.person().role(), s.id(), s.csrfToken())));
    }

    /** Whether {@code presented} is the CSRF token of the caller's session (constant-time). */
    public static boolean csrfMatches(SignedIn person, String presented) {
        return presented != null && MessageDigest.isEqual(person.csrfToken().getBytes(StandardCharsets.UTF_8),
                presented.getBytes(StandardCharsets.UTF_8));
    }

    /** Ends the session (sign-out); nothing for a session already ended. */
    public void close(String sessionId) {
        store.revokeSession(sessionId, now());
    }

    public Duration absolute() {
        return absolute;
    }

    private Optional<StoredSession> live(String cookieValue) {
        if (cookieValue == null || cookieValue.isEmpty() || cookieValue.length() > 200) {
            return Optional.empty();
        }
        var now = now();
        return store.session(hash(cookieValue))
                .filter(s -> now.isBefore(s.idleExpiresAt()) && now.isBefore(s.absoluteExpiresAt()))
                .map(s -> {
                    if (Duration.between(s.lastSeenAt(), now).compareTo(TOUCH_EVERY) >= 0) {
                        var idleEnd = min(now.plus(idle), s.absoluteExpiresAt());
                        store.touch(s.id(), now, idleEnd);
                    }
                    return s;
                });
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    static String hash(String token) {
        return Hashes.sha256Base64Url(token);
    }

    static String random() {
        var bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
