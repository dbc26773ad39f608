package io.feedbackhub.reliability;

import io.feedbackhub.testing.ChildHub;
import io.feedbackhub.testing.EveryStore;
import io.feedbackhub.testing.StoreKind;
import io.feedbackhub.testing.TestHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Secrets never appear in logs (DESIGN.md §4, issue #5 item 7). The real server runs in its own process at its most
 * verbose log level while a session issues keys of every role and an end-user token, uses each through every door
 * (valid, from a wrong origin, in every header a door reads), presents wrong keys, revokes the keys and presents them
 * again; everything the process wrote (stdout and stderr) is then searched for every one of those secrets.
 */
@ParameterizedClass
@EveryStore
class SecretsNeverLoggedTest {
    private static final String APP = "https://app.example";

    @Parameter
    StoreKind store;

    @Test
    void no_issued_used_or_revoked_secret_appears_in_the_servers_output() throws Exception {
        var secrets = new ArrayList<String>(List.of(TestHub.ADMIN_KEY, TestHub.SECRET_KEY));
        int requests = 0;
        String output;
        var environment = new java.util.HashMap<>(EveryRoute.ENVIRONMENT);
        environment.put("FEEDBACK_HUB_LOG_LEVEL", "DEBUG");
        try (var hub = TestHub.start(store, EveryRoute.ENVIRONMENT);
             var node = ChildHub.start(hub.environment(environment))) {
            var admin = node.api(TestHub.ADMIN_KEY);

            // issue one key of each role, and an end-user token
            var issued = new ArrayList<String[]>();
            for (var body : List.of("{\"role\": \"secret\", \"name\": \"ci\"}", "{\"role\": \"admin\"}",
                    "{\"role\": \"publishable\", \"allowed_origins\": [\"" + APP + "\"]}")) {
                var r = admin.post("/v1/keys", body);
                requests++;
                assertEquals(201, r.status(), r.body());
                issued.add(new String[]{r.json().get("id").asText(), r.json().get("secret").asText()});
                secrets.add(r.json().get("secret").asText());
            }
            var secret = node.api(issued.get(0)[1]);
            var issuedAdmin = node.api(issued.get(1)[1]);
            var browser = node.api(issued.get(2)[1]);
            var token = secret.post("/v1/tokens", "{\"author_id\": \"end-user-1\"}");
            requests++;
            assertEquals(201, token.status(), token.body());
            secrets.add(token.json().get("token").asText());
            var endUser = node.api(token.json().get("token").asText());
            var anonymousId = browser.post("/v1/anonymous-id", "", "Origin", APP);
            requests++;
            assertEquals(201, anonymousId.status(), anonymousId.body());
            secrets.add(anonymousId.json().get("anonymous_id").asText());
            var anonymous = node.api(anonymousId.json().get("anonymous_id").asText());

            // a webhook signing secret, and a LangSmith feedback token (a capability in a URL path)
            var webhook = secret.post("/v1/webhooks", "{\"url\": \"" + EveryRoute.WEBHOOK_URL + "\"}");
            var rotated = secret.post("/v1/webhooks/" + webhook.json().get("id").asText() + "/rotate-secret", "{}");
            var feedbackToken = secret.post("/compat/langsmith/feedback/tokens", "{\"run_id\": \"" + java.util.UUID.randomUUID()
                    + "\", \"feedback_key\": \"rating\"}", "X-API-Key", secret.key());
            requests += 3;
            secrets.add(webhook.json().get("secret").asText());
            secrets.add(rotated.json().get("secret").asText());
            var tokenUrl = feedbackToken.json().get("url").asText();
            var tokenPath = tokenUrl.substring(tokenUrl.indexOf("/compat/langsmith"));
            secrets.add(tokenPath.substring(tokenPath.lastIndexOf('/') + 1));
            assertEquals(200, node.api(null).get(tokenPath + "?score=1&comment=fine", "no-auth", "1").status());
            assertEquals(200, node.api(null).post(tokenPath, "{\"score\": 0}", "no-auth", "1").status());
            requests += 2;

            // use them through every door
            var data = TenantData.seed(secret, issuedAdmin);
            var wrong = List.of("fh_secret_" + "x".repeat(43), issued.get(0)[1].substring(0, issued.get(0)[1].length() - 1) + "Q",
                    "fh_eut_not.a.token");
            secrets.addAll(wrong);
            for (var route : EveryRoute.forServed(hub.hub().routes())) {
                for (var call : route.calls(data.ids)) {
                    for (var api : List.of(secret, issuedAdmin, endUser, anonymous)) {
                        api.send(call.method(), call.target(), call.body(), route.headers(api.key()));
                        requests++;
                        if (route.auth() == EveryRoute.Auth.KEY) {
                            api.send(call.method(), call.target(), call.body(), "X-API-Key", api.key());
                            requests++;
                        }
                    }
                    browser.send(call.method(), call.target(), call.body(), route.headers(browser.key(), "Origin", APP));
                    browser.send(call.method(), call.target(), call.body(), route.headers(browser.key(), "Origin", "https://evil.example"));
                    requests += 2;
                    for (var bad : wrong) {
                        node.api(bad).send(call.method(), call.target(), call.body(), route.headers(bad));
                        requests++;
                    }
                    if (route.auth() == EveryRoute.Auth.KEY) {
                        // a key where no door reads one, and a malformed body with a valid key
                        secret.send(call.method(), call.target() + (call.query().isEmpty() ? "?" : "&") + "api_key=" + secret.key(), call.body());
                        secret.send(call.method(), call.target(), "{\"key\": \"" + secret.key());
                        requests += 2;
                    }
                }
            }

            // revoke every issued key, then present each again
            for (var key : issued) {
                assertEquals(204, admin.delete("/v1/keys/" + key[0]).status());
                requests++;
            }
            for (var key : issued) {
                var revoked = node.api(key[1]);
                assertEquals(401, revoked.get("/v1/feedback").status());
                assertEquals(401, revoked.post("/compat/parea/api/parea/v1/feedback", "{\"trace_id\": \"t\", \"score\": 1}").status());
                requests += 2;
            }
            assertEquals(143, node.terminate(), "a graceful stop (its log lines are searched too)");
            output = node.output();
        }

        var found = new ArrayList<String>();
        for (var s : secrets) {
            if (output.contains(s)) {
                found.add(s.substring(0, Math.min(12, s.length())) + "… in: " + lineWith(output, s));
            }
        }
        assertEquals(List.of(), found, "secrets in the server's output");
        long logged = output.lines().filter(l -> l.contains("request_id=")).count();
        assertTrue(logged >= requests, "the output holds the session's request log (" + logged + " lines for " + requests + " requests)");
        System.out.println("SecretsNeverLoggedTest " + store + ": " + secrets.size() + " secrets, " + requests + " requests, "
                + output.lines().count() + " lines of output searched");
    }

    private static String lineWith(String output, String secret) {
        return output.lines().filter(l -> l.contains(secret)).findFirst().orElse("").replace(secret, "<the secret>");
    }
}
