package io.feedbackhub.reliability;

import io.feedbackhub.auth.Role;
import io.feedbackhub.reliability.EveryRoute.Browser;
import io.feedbackhub.reliability.EveryRoute.Call;
import io.feedbackhub.reliability.EveryRoute.Door;
import io.feedbackhub.reliability.EveryRoute.Entry;
import io.feedbackhub.testing.Api;
import io.feedbackhub.testing.HubTest;
import io.feedbackhub.testing.TestHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tenants are isolated through every door (DESIGN.md §4). The matrix is generated from the routes the running
 * server registers: each is called by another tenant's keys with the first tenant's ids and with ids that exist
 * nowhere, and the two answers must be the same modulo the ids; the first tenant's data, re-read in full through
 * the native API after each route, must not have changed. A browser (publishable) key of the tenant itself is put
 * through the same routes: it creates feedback and changes its own, from its allowed origins only.
 */
@HubTest(environment = {EveryRoute.WEBHOOKS_TO_LOOPBACK, EveryRoute.NO_END_USER_LIMIT})
class TenantIsolationTest {
    private static final String APP = "https://app.example";
    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern INSTANT = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d(:\\d\\d(\\.\\d+)?)?Z");
    /** Devic's server-made {@code _id} (a MongoDB ObjectId derived from the feedback's UUIDv7). */
    private static final Pattern OBJECT_ID = Pattern.compile("\"_id\":\"[0-9a-f]{24}\"");
    private static final Pattern SECRET = Pattern.compile("fh_(admin|secret|pub|eut|anon|inv|s)_[A-Za-z0-9_.-]+|whsec_[A-Za-z0-9+/=]+");

    @Parameter
    TestHub hub;
    Api owner;
    Api ownerAdmin;
    TenantData data;
    List<Entry> routes;

    @BeforeParameterizedClassInvocation
    void start() {
        owner = hub.api;
        ownerAdmin = hub.api.withKey(TestHub.ADMIN_KEY);
        data = TenantData.seed(owner, ownerAdmin);
        routes = EveryRoute.forServed(hub.hub().routes());
    }

    @Test
    void every_route_the_server_serves_is_in_the_matrix() {
        var served = hub.hub().routes();

        var entries = EveryRoute.forServed(served);

        assertEquals(served.size(), entries.size());
        assertTrue(entries.stream().filter(e -> e.route().path().startsWith("/compat/")).count() >= 12, "the dialect doors are served");
    }

    @Test
    void another_tenants_keys_read_and_change_nothing_and_cannot_tell_its_ids_from_missing_ones() {
        var before = TenantData.snapshot(owner, ownerAdmin);
        var problems = new ArrayList<String>();
        int compared = 0;

        for (var route : tenantRoutes()) {
            for (var role : Role.values()) {
                var other = otherTenantKey(role);
                var missing = Ids.fresh();
                var foreign = route.calls(data.ids);
                var nowhere = route.calls(missing);
                for (int i = 0; i < foreign.size(); i++) {
                    var toForeign = send(route, other, foreign.get(i), role);
                    var toNowhere = send(route, other, nowhere.get(i), role);
                    compared++;
                    if (toForeign.status() >= 500) {
                        problems.add(role + " " + foreign.get(i) + " -> " + toForeign);
                    }
                    if (toForeign.body().contains(data.marker) || toForeign.body().contains(hub.defaultTenantId())) {
                        problems.add(role + " " + foreign.get(i) + " revealed the other tenant's data: " + toForeign);
                    }
                    var seen = normalized(toForeign, data.ids);
                    var absent = normalized(toNowhere, missing);
                    if (!seen.equals(absent)) {
                        problems.add(role + " " + route.route() + " answers differently for another tenant's ids than for missing ones:\n  "
                                + seen + "\n  " + absent);
                    }
                }
            }
            var after = TenantData.snapshot(owner, ownerAdmin);
            if (!after.equals(before)) {
                problems.add(route.route() + " changed the other tenant's data: " + difference(before, after));
                before = after;
            }
        }

        assertEquals(List.of(), problems);
        assertTrue(compared >= 3 * 40, "pairs compared: " + compared);
        System.out.println("TenantIsolationTest " + hub.kind() + ": " + tenantRoutes().size() + " tenant routes of " + routes.size()
                + " served; " + compared + " pairs (another tenant's ids, missing ids) compared with secret, admin and publishable keys "
                + "of " + (tenantRoutes().size() * Role.values().length) + " fresh tenants; the owner's " + before.size()
                + " objects re-read after every route");
    }

    @Test
    void another_tenants_stats_and_export_hold_only_its_own_feedback() {
        var before = TenantData.snapshot(owner, ownerAdmin);
        var other = otherTenantKey(Role.SECRET);
        // The other tenant registers the same Devic conversations and then writes through every door with the
        // very same ids as the first tenant.
        other.put("/v1/threads/" + data.ids.get("devicChat"), "{\"agent_id\": \"" + data.ids.get("devicAssistant") + "\"}");
        other.put("/v1/threads/" + data.ids.get("devicThread"), "{\"agent_id\": \"" + data.ids.get("devicAssistant") + "\"}");
        for (var route : tenantRoutes()) {
            if (route.browser() == Browser.CREATES) {
                for (var call : route.calls(data.ids)) {
                    var r = send(route, other, call, Role.SECRET);
                    assertTrue(r.status() / 100 == 2, call + " -> " + r);
                }
            }
        }

        var own = other.get("/v1/feedback?limit=1000").json().get("items");
        var stats = other.get("/v1/stats?" + EveryRoute.RANGE).json();
        var byAgent = other.get("/v1/stats?agent_id=" + data.ids.get("agent") + "&" + EveryRoute.RANGE).json();
        var compare = other.get("/v1/stats/compare?a.agent_id=" + data.ids.get("agent") + "&b.agent_id=" + data.ids.get("devicAssistant")
                + "&" + EveryRoute.RANGE);
        var export = other.get("/v1/export?format=jsonl");
        var csv = other.get("/v1/export?format=csv");

        assertTrue(own.size() >= 6, "the other tenant wrote through every door: " + own);
        assertEquals(own.size(), stats.get("overall").get("total").asInt(), stats.toString());
        int ownForAgent = 0;
        for (var f : own) {
            ownForAgent += data.ids.get("agent").equals(f.get("agent_id").asText()) ? 1 : 0;
        }
        assertEquals(ownForAgent, byAgent.get("overall").get("total").asInt(), byAgent.toString());
        assertEquals(200, export.status());
        var lines = export.body().lines().filter(l -> !l.isBlank()).toList();
        assertEquals(own.size(), lines.size(), export.body());
        for (var text : List.of(export.body(), csv.body(), stats.toString(), byAgent.toString(), compare.body())) {
            assertTrue(!text.contains(data.marker), "the first tenant's words leaked: " + text);
            before.keySet().stream().filter(k -> k.startsWith("feedback:")).map(k -> k.substring("feedback:".length()))
                    .forEach(id -> assertTrue(!text.contains(id), "the first tenant's feedback " + id + " leaked: " + text));
        }
        assertUnchanged(before, TenantData.snapshot(owner, ownerAdmin));
    }

    @Test
    void a_browser_key_is_refused_everywhere_from_an_origin_it_does_not_allow() {
        var browser = owner.withKey(hub.issueKey(Role.PUBLISHABLE, List.of(APP)));
        var before = TenantData.snapshot(owner, ownerAdmin);
        var problems = new ArrayList<String>();

        for (var route : browserRoutes()) {
            for (var call : route.calls(data.ids)) {
                for (var origin : new String[]{"https://evil.example", null}) {
                    var r = browser.send(call.method(), call.target(), call.body(), route.headers(browser.key(), "Origin", origin));
                    if (r.status() != 403 || !DoorShape.matches(route.door(), r)) {
                        problems.add(call + " from " + origin + " -> " + r);
                    }
                }
            }
        }

        assertEquals(List.of(), problems);
        assertUnchanged(before, TenantData.snapshot(owner, ownerAdmin));
    }

    @Test
    void a_browser_key_creates_and_changes_its_own_feedback_and_nothing_another_key_wrote() {
        var browser = owner.withKey(hub.issueKey(Role.PUBLISHABLE, List.of(APP)));
        var problems = new ArrayList<String>();

        // Against what the tenant's secret key wrote: reads and management refused, nothing changed.
        var before = TenantData.snapshot(owner, ownerAdmin);
        for (var route : browserRoutes()) {
            for (var call : route.calls(data.ids)) {
                var r = browser.send(call.method(), call.target(), call.body(), route.headers(browser.key(), "Origin", APP));
                if (r.status() >= 500 || !(r.status() < 300 || DoorShape.matches(route.door(), r))) {
                    problems.add(call + " -> " + r);
                }
                if (route.browser() == Browser.REFUSED && r.status() != 403 && r.status() != 401) {
                    problems.add(call + " must be refused to a browser key: " + r);
                }
                if (r.body().contains(data.marker)) {
                    problems.add(call + " showed a browser key what another key wrote: " + r);
                }
            }
            var after = TenantData.snapshot(owner, ownerAdmin);
            var changed = changedOrGone(before, after);
            if (!changed.isEmpty()) {
                problems.add(route.route() + " let a browser key change what another key wrote: " + changed);
            }
            before = after;
        }

        // Its own: every create route works with new ids, and every change route works on what it created, as the
        // browser's anonymous id (a key alone is shared by all of an app's browsers, so it changes nothing).
        var minted = browser.post("/v1/anonymous-id", "", "Origin", APP);
        assertEquals(201, minted.status(), minted.body());
        browser = browser.withKey(minted.json().get("anonymous_id").asText());
        var own = Ids.fresh().with("devicAssistant", data.ids.get("devicAssistant")).with("devicChat", data.ids.get("devicChat"))
                .with("devicThread", data.ids.get("devicThread")).with("author", minted.json().get("author_id").asText());
        for (var route : tenantRoutes()) {
            if (route.browser() != Browser.CREATES && route.browser() != Browser.CHANGES_OWN) {
                continue;
            }
            for (var call : route.calls(own)) {
                var r = browser.send(call.method(), call.target(), call.body(), route.headers(browser.key(), "Origin", APP));
                if (r.status() / 100 != 2) {
                    problems.add("own " + call + " -> " + r);
                    continue;
                }
                if (call.method().equals("POST") && call.path().equals("/v1/feedback")) {
                    own = own.with("feedback", r.json().get("id").asText());
                } else if (call.method().equals("POST") && call.path().equals("/compat/virtuous/api/v1/feedback")) {
                    own = own.with("virtuousItem", r.json().get("id").asText());
                } else if (call.method().equals("DELETE") && route.door() == Door.FASTAPI && r.status() == 200 && r.json().isEmpty()) {
                    problems.add("own " + call + " removed nothing: " + r);
                }
            }
        }

        assertEquals(List.of(), problems);
    }

    /** Every served route that reaches tenant data (the public ones hold none). */
    private List<Entry> tenantRoutes() {
        return routes.stream().filter(Entry::tenantScoped).toList();
    }

    /** Every served route that takes a key (a browser's included). */
    private List<Entry> browserRoutes() {
        return routes.stream().filter(r -> r.browser() != Browser.PUBLIC && r.browser() != Browser.NO_KEY).toList();
    }

    /** A brand-new tenant with one key of this role: it holds nothing that could make two answers differ. */
    private Api otherTenantKey(Role role) {
        var keys = hub.hub().keys();
        var tenant = keys.createTenant("other-" + System.nanoTime());
        return owner.withKey(keys.issue(tenant.id(), role, "other", List.of(APP)).secret());
    }

    private static Api.Response send(Entry route, Api api, Call call, Role role) {
        return api.send(call.method(), call.target(), call.body(), route.headers(api.key(), "Origin", role == Role.PUBLISHABLE ? APP : null));
    }

    /** Status, content type and body with the ids, server-made UUIDs, instants and secrets blanked out. */
    private static String normalized(Api.Response r, Ids ids) {
        var body = ids.anonymize(r.body());
        body = UUID.matcher(body).replaceAll("<uuid>");
        body = INSTANT.matcher(body).replaceAll("<instant>");
        body = SECRET.matcher(body).replaceAll("<secret>");
        body = OBJECT_ID.matcher(body).replaceAll("\"_id\":\"<object-id>\"");
        return r.status() + " " + r.header("Content-Type") + " " + body;
    }

    private static void assertUnchanged(Map<String, String> before, Map<String, String> after) {
        assertEquals(Map.of("changed", List.of(), "gone", List.of(), "added", List.of()), difference(before, after));
    }

    private static Map<String, List<String>> difference(Map<String, String> before, Map<String, String> after) {
        var changed = new ArrayList<String>();
        var gone = new ArrayList<String>();
        var added = new ArrayList<String>();
        before.forEach((k, v) -> {
            if (!after.containsKey(k)) {
                gone.add(k);
            } else if (!after.get(k).equals(v)) {
                changed.add(k + ": " + v + " -> " + after.get(k));
            }
        });
        after.keySet().stream().filter(k -> !before.containsKey(k)).forEach(added::add);
        return Map.of("changed", changed, "gone", gone, "added", added);
    }

    /** Objects that existed before and changed or went; stats and the export grow with any new feedback. */
    private static List<String> changedOrGone(Map<String, String> before, Map<String, String> after) {
        var problems = new ArrayList<String>();
        before.forEach((k, v) -> {
            if (k.equals("stats") || k.equals("export")) {
                return;
            }
            if (!v.equals(after.get(k))) {
                problems.add(k + ": " + v + " -> " + after.get(k));
            }
        });
        return problems;
    }
}
