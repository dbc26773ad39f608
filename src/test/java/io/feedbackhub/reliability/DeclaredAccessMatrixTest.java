package io.feedbackhub.reliability;

import io.feedbackhub.app.FeedbackHub.DoorRoute;
import io.feedbackhub.app.FeedbackHub.Route;
import io.feedbackhub.auth.Role;
import io.feedbackhub.auth.TeamRole;
import io.feedbackhub.http.Access;
import io.feedbackhub.reliability.EveryRoute.Door;
import io.feedbackhub.reliability.EveryRoute.Entry;
import io.feedbackhub.testing.StoreKind;
import io.feedbackhub.testing.TestHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every door's route table, walked with every kind of caller: each route declares who may call it ({@link Access}),
 * and the server must admit exactly those and refuse the others before the route does anything, with 401 (no
 * credential) or 403 (the wrong one; Langfuse answers 401) in the door's own shape. Which callers an access admits is
 * written out here, apart from the server's code; the declarations are held against the isolation matrix's own
 * description of what a browser key may do ({@link EveryRoute}), and every route served under a door's prefix must
 * be in its table, so a route registered around the table fails here.
 *
 * <p>An admitted call carries a body no route can accept ({@code []}) and ids that exist nowhere, so it ends in the
 * route's own 4xx (or a harmless 2xx) and writes nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeclaredAccessMatrixTest {
    private static final String APP = "https://app.example";
    private static final String NO_ROUTE_ACCEPTS = "[]";

    /** Every kind of caller a route can meet. */
    enum Caller {
        NO_KEY, PUBLISHABLE, ANONYMOUS_ID, END_USER_TOKEN, SECRET, ADMIN, OTHER_TENANT,
        /** People signed in with a session cookie (and its CSRF token): the native door alone reads the cookie. */
        VIEWER_SESSION, EDITOR_SESSION, ADMIN_SESSION;

        boolean isSession() {
            return this == VIEWER_SESSION || this == EDITOR_SESSION || this == ADMIN_SESSION;
        }

        TeamRole teamRole() {
            return switch (this) {
                case VIEWER_SESSION -> TeamRole.VIEWER;
                case EDITOR_SESSION -> TeamRole.EDITOR;
                default -> TeamRole.ADMIN;
            };
        }
    }

    TestHub hub;
    Map<Caller, String> credentials = new EnumMap<>(Caller.class);

    @BeforeAll
    void start() {
        hub = TestHub.start(StoreKind.SQLITE, EveryRoute.ENVIRONMENT);
        var publishable = hub.issueKey(Role.PUBLISHABLE, List.of(APP));
        var anonymous = hub.api.withKey(publishable).post("/v1/anonymous-id", "", "Origin", APP);
        assertEquals(201, anonymous.status(), anonymous.body());
        // a uuid author: VirtuousAI's userId is one, and its door refuses a token whose author is not
        var token = hub.api.post("/v1/tokens", "{\"author_id\": \"" + UUID.randomUUID() + "\"}");
        assertEquals(201, token.status(), token.body());
        var keys = hub.hub().keys();
        var other = keys.createTenant("other-" + System.nanoTime());

        credentials.put(Caller.PUBLISHABLE, publishable);
        credentials.put(Caller.ANONYMOUS_ID, anonymous.json().get("anonymous_id").asText());
        credentials.put(Caller.END_USER_TOKEN, token.json().get("token").asText());
        credentials.put(Caller.SECRET, hub.issueKey(Role.SECRET, List.of()));
        credentials.put(Caller.ADMIN, TestHub.ADMIN_KEY);
        credentials.put(Caller.OTHER_TENANT, keys.issue(other.id(), Role.SECRET, "other", List.of()).secret());
    }

    @AfterAll
    void stop() {
        hub.close();
    }

    /**
     * The matrix itself, written apart from the server's {@link Access#refusal}: whom each access admits. A person's
     * session: a viewer reads, an editor also writes, an admin also manages keys and people; only the native door
     * knows sessions, so elsewhere one is no credential at all.
     */
    private static boolean admits(Access access, Caller caller, Door door) {
        if (caller.isSession()) {
            if (access == Access.OPEN) {
                return true;
            }
            if (door != Door.NATIVE) {
                return false;
            }
            return switch (access) {
                case OPEN, VIEWER, SECRET_OR_END_USER -> true;
                case ANY_CALLER, SECRET, EDITOR -> caller != Caller.VIEWER_SESSION;
                case ADMIN -> caller == Caller.ADMIN_SESSION;
                case PUBLISHABLE_KEY -> false;
            };
        }
        return switch (access) {
            case OPEN -> true;
            case ANY_CALLER -> caller != Caller.NO_KEY;
            case PUBLISHABLE_KEY -> caller == Caller.PUBLISHABLE;
            case SECRET_OR_END_USER -> Set.of(Caller.SECRET, Caller.ADMIN, Caller.OTHER_TENANT, Caller.END_USER_TOKEN, Caller.ANONYMOUS_ID)
                    .contains(caller);
            case SECRET, VIEWER, EDITOR -> Set.of(Caller.SECRET, Caller.ADMIN, Caller.OTHER_TENANT).contains(caller);
            case ADMIN -> caller == Caller.ADMIN;
        };
    }

    @Test
    void every_route_admits_exactly_the_callers_its_declared_access_names() {
        var problems = new ArrayList<String>();
        int calls = 0;

        for (var declared : hub.hub().doorRoutes()) {
            var entry = entryOf(declared);
            var ids = Ids.fresh();
            for (var caller : Caller.values()) {
                var call = entry.calls(ids).getFirst();
                var r = hub.api.send(call.method(), target(call, caller), entry.hasBody() ? NO_ROUTE_ACCEPTS : null, headers(entry, caller));
                calls++;
                var access = declared.route().access();
                if (admits(access, caller, entry.door())) {
                    if (r.status() == 401 || r.status() == 403 || r.status() >= 500) {
                        problems.add(access + " must admit " + caller + ": " + call.method() + " " + call.target() + " -> " + r);
                    }
                } else {
                    int expected = caller == Caller.NO_KEY || entry.door() == Door.LANGFUSE
                            || caller.isSession() && entry.door() != Door.NATIVE ? 401 : 403;
                    if (r.status() != expected || !DoorShape.matches(entry.door(), r)) {
                        problems.add(access + " must refuse " + caller + " with " + expected + " in the door's shape: "
                                + call.method() + " " + call.target() + " -> " + r);
                    }
                }
            }
        }

        assertEquals(List.of(), problems);
        assertTrue(calls >= 60 * Caller.values().length, "calls: " + calls);
    }

    @Test
    void the_declared_access_agrees_with_what_the_isolation_matrix_lets_a_browser_key_do() {
        var problems = new ArrayList<String>();

        for (var declared : hub.hub().doorRoutes()) {
            var access = declared.route().access();
            var allowed = switch (entryOf(declared).browser()) {
                case CREATES, CHANGES_OWN -> Set.of(Access.ANY_CALLER);
                case MINTS_IDENTITY -> Set.of(Access.PUBLISHABLE_KEY);
                case NO_KEY, PUBLIC -> Set.of(Access.OPEN);
                case REFUSED -> Set.of(Access.SECRET, Access.VIEWER, Access.EDITOR, Access.SECRET_OR_END_USER, Access.ADMIN);
            };
            if (!allowed.contains(access)) {
                problems.add(declared + " is declared " + access + "; the isolation matrix expects one of " + allowed);
            }
        }

        assertEquals(List.of(), problems);
    }

    @Test
    void every_route_served_under_a_door_is_declared_in_its_route_table() {
        var declared = hub.hub().doorRoutes().stream()
                .map(d -> new Route(d.route().method().name(), d.route().path())).toList();
        var prefixes = hub.hub().doorRoutes().stream().map(DoorRoute::door).distinct().toList();

        var undeclared = hub.hub().routes().stream()
                .filter(r -> !r.method().equals("OPTIONS")) // the CORS preflight, which needs no credential
                .filter(r -> prefixes.stream().anyMatch(r.path()::startsWith))
                .filter(r -> !declared.contains(r))
                .toList();

        assertEquals(List.of(), undeclared);
        assertEquals(8, prefixes.size(), "the native door and seven dialects: " + prefixes);
        assertTrue(declared.stream().filter(r -> r.path().startsWith("/compat/")).count() >= 30, declared.toString());
    }

    private static Entry entryOf(DoorRoute declared) {
        var route = new Route(declared.route().method().name(), declared.route().path());
        return EveryRoute.of(route).orElseThrow(() -> new AssertionError(route + " is declared but unknown to EveryRoute"));
    }

    /**
     * The call's path and query; a token's or anonymous id's without the author the query names, which is another
     * author than its own: what a token may read within an admitted route is its binding's rule (EndUserTokenTest),
     * not the route's access.
     */
    private static String target(EveryRoute.Call call, Caller caller) {
        if (caller != Caller.END_USER_TOKEN && caller != Caller.ANONYMOUS_ID || call.query().isEmpty()) {
            return call.target();
        }
        var query = java.util.Arrays.stream(call.query().split("&")).filter(p -> !p.startsWith("author_id=")).toList();
        return query.isEmpty() ? call.path() : call.path() + "?" + String.join("&", query);
    }

    /** The caller's credential where the route's clients send it, from the browser key's allowed origin. */
    private String[] headers(Entry entry, Caller caller) {
        if (caller == Caller.NO_KEY) {
            return new String[]{"no-auth", "1", "Origin", APP};
        }
        if (caller.isSession()) {
            // a fresh session for every call: one of them is POST /v1/auth/logout
            return hub.signIn(caller.teamRole()).headers("Origin", APP);
        }
        var key = credentials.get(caller);
        if (entry.door() == Door.LANGFUSE && (caller == Caller.ANONYMOUS_ID || caller == Caller.END_USER_TOKEN)) {
            // LangfuseWeb's way: Authorization: Bearer, the way a browser credential reaches that door
            return new String[]{"Authorization", "Bearer " + key, "Origin", APP};
        }
        return entry.headers(key, "Origin", APP);
    }
}
