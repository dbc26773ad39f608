package io.feedbackhub.webhooks;

import io.feedbackhub.auth.Role;
import io.feedbackhub.testing.Api;
import io.feedbackhub.testing.HubTest;
import io.feedbackhub.testing.TestHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.feedbackhub.webhooks.Receiver.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With the default settings no webhook reaches an internal address (no SSRF): such URLs are refused when an endpoint
 * is created, and a URL that points inside later is refused again at delivery. Endpoints that keep failing are
 * disabled, and say why. Only secret and admin keys manage webhooks.
 */
@HubTest
class WebhookSafetyTest {
    @Parameter
    TestHub hub;
    Api api;

    @BeforeParameterizedClassInvocation
    void start() {
        api = hub.api;
    }

    @Test
    void urls_that_reach_loopback_private_link_local_or_metadata_addresses_are_refused() {
        var refused = List.of("http://127.0.0.1:8080/hook", "http://localhost/hook", "http://[::1]/hook", "http://10.1.2.3/hook",
                "http://172.16.0.1/hook", "http://192.168.1.10/hook", "http://169.254.169.254/latest/meta-data/",
                "http://[fd00:ec2::254]/latest/meta-data/", "http://0.0.0.0/hook", "http://[::ffff:127.0.0.1]/hook",
                "http://100.100.100.200/latest/meta-data/", "http://[fe80::1]/hook", "ftp://93.184.215.14/hook",
                "file:///etc/passwd", "https://user:pass@93.184.215.14/hook", "not a url");
        var answers = new ArrayList<String>();

        for (var url : refused) {
            var r = api.post("/v1/webhooks", "{\"url\": \"%s\"}".formatted(url));
            if (r.status() != 422 || !r.json().get("errors").get(0).get("field").asText().equals("url")) {
                answers.add(url + " -> " + r);
            }
        }
        var publicAddress = api.post("/v1/webhooks", "{\"url\": \"https://93.184.215.14/hook\"}");

        assertEquals(List.of(), answers, "every internal or non-http URL is refused, naming the url field");
        assertEquals(201, publicAddress.status(), publicAddress.body());
        assertEquals(204, api.delete("/v1/webhooks/" + publicAddress.json().get("id").asText()).status());
    }

    @Test
    void a_url_that_points_inside_by_the_time_of_delivery_is_refused_then_too() throws Exception {
        try (var receiver = Receiver.start()) {
            var created = api.post("/v1/webhooks", "{\"url\": \"https://93.184.215.14/hook\", \"filter\": {\"agent_id\": \"inside\"}}").json();
            var id = created.get("id").asText();
            // as if its DNS name had been re-pointed at an internal address after creation
            try (var c = java.sql.DriverManager.getConnection(jdbcUrl()); var s = c.prepareStatement("UPDATE webhook_endpoints SET url = ? WHERE id = ?")) {
                s.setString(1, receiver.url());
                s.setString(2, id);
                assertEquals(1, s.executeUpdate());
            }

            api.post("/v1/feedback", "{\"agent_id\": \"inside\", \"message_id\": \"m-inside\", \"label\": \"thumbs_up\"}");

            eventually(Duration.ofSeconds(30), "a refused attempt is recorded", () -> {
                var items = api.get("/v1/webhooks/" + id + "/deliveries").json().get("items");
                return items.size() == 1 && items.get(0).get("attempts").size() >= 1;
            });
            var attempt = api.get("/v1/webhooks/" + id + "/deliveries").json().get("items").get(0).get("attempts").get(0);
            assertTrue(attempt.get("error").asText().contains("loopback"), attempt.toString());
            assertTrue(attempt.get("status_code").isNull());
            assertEquals(List.of(), receiver.received(), "nothing was sent");
        }
    }

    private String jdbcUrl() {
        var env = hub.environment(Map.of());
        return env.containsKey("FEEDBACK_HUB_DATABASE_URL") ? env.get("FEEDBACK_HUB_DATABASE_URL")
                : "jdbc:sqlite:" + java.nio.file.Path.of(env.get("FEEDBACK_HUB_DATA_DIR")).resolve("feedback-hub.db");
    }

    @Test
    void only_secret_and_admin_keys_manage_webhooks_and_alerts() {
        var browser = api.withKey(hub.issueKey(Role.PUBLISHABLE, List.of("*")));
        var admin = api.withKey(TestHub.ADMIN_KEY);

        assertEquals(403, browser.get("/v1/webhooks", "Origin", "https://x.example").status());
        assertEquals(403, browser.post("/v1/alerts", "{\"condition\": \"rate(thumbs_down) > 0.2\"}", "Origin", "https://x.example").status());
        assertEquals(401, api.withKey(null).get("/v1/webhooks").status());
        assertEquals(200, admin.get("/v1/webhooks").status());
        assertEquals(200, admin.get("/v1/alerts").status());
    }

    @Test
    void an_endpoint_that_accepts_nothing_for_the_configured_time_is_disabled_and_says_why() {
        try (var receiver = Receiver.start();
             var quick = TestHub.start(hub.kind(), Map.of("FEEDBACK_HUB_WEBHOOK_ALLOW_PRIVATE", "true",
                     "FEEDBACK_HUB_WEBHOOK_RETRY_DELAYS", "100ms,100ms,100ms,100ms,100ms,100ms,100ms,100ms,100ms,100ms,100ms,100ms,100ms,100ms,100ms,100ms,100ms,100ms,100ms,100ms",
                     "FEEDBACK_HUB_WEBHOOK_DISABLE_AFTER", "1s"))) {
            receiver.answerEvery(500);
            var id = quick.api.post("/v1/webhooks", "{\"url\": \"%s\"}".formatted(receiver.url())).json().get("id").asText();

            quick.api.post("/v1/feedback", "{\"message_id\": \"m-1\", \"label\": \"thumbs_up\"}");

            eventually(Duration.ofSeconds(30), "disabled", () -> !quick.api.get("/v1/webhooks/" + id).json().get("enabled").asBoolean());
            var endpoint = quick.api.get("/v1/webhooks/" + id).json();
            assertTrue(endpoint.get("disabled_reason").asText().contains("HTTP 500"), endpoint.toString());
            assertFalse(endpoint.get("failing_since").isNull());
            assertEquals(1, endpoint.get("pending_deliveries").asInt(), "the undelivered event waits for the endpoint to be enabled again");

            receiver.answerEvery(200);
            var enabled = quick.api.patch("/v1/webhooks/" + id, "{\"enabled\": true}").json();
            assertTrue(enabled.get("disabled_reason").isNull());
            eventually(Duration.ofSeconds(30), "delivered after re-enabling", () -> receiver.accepted().size() == 1);
        }
    }
}
