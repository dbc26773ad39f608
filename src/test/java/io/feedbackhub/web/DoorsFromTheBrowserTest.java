package io.feedbackhub.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.sun.net.httpserver.HttpServer;
import io.feedbackhub.auth.Role;
import io.feedbackhub.testing.Api;
import io.feedbackhub.testing.NeedsBrowser;
import io.feedbackhub.testing.StoreKind;
import io.feedbackhub.testing.TestHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every door from a real Chromium page on another origin than the hub's, holding a publishable key, as a browser app
 * calls it: the page's {@code fetch()} goes through Chromium's own CORS checks (the preflight, the allowed request
 * headers each vendor's client sends, the exposed headers), so a door whose preflight were a 404 or whose allow list
 * missed a header would fail here with a TypeError, not a status. A page on an origin the key does not allow is
 * refused with the door's 403, which it can read, and nothing is written. LangfuseWeb, the Langfuse browser SDK,
 * runs as shipped (npm {@code langfuse}, served from src/test/js/node_modules). SQLite only, for the reason given on
 * {@link DashboardBrowserTest}.
 */
@NeedsBrowser
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DoorsFromTheBrowserTest {
    static final Path NODE_MODULES = Path.of("src/test/js/node_modules");

    TestHub hub;
    Chromium chromium;
    HttpServer allowedApp;
    HttpServer otherApp;
    BrowserContext context;
    final List<String> pageErrors = new ArrayList<>();

    @BeforeAll
    void start() throws IOException {
        hub = TestHub.start(StoreKind.SQLITE);
        chromium = Chromium.launch();
        allowedApp = appServer();
        otherApp = appServer();
    }

    /** An app's own origin (127.0.0.1 on a port of its own; the hub is localhost): an empty page and the SDK files. */
    static HttpServer appServer() throws IOException {
        var server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        var files = Map.of(
                "/js/langfuse.mjs", NODE_MODULES.resolve("langfuse/lib/index.mjs"),
                "/js/langfuse-core.mjs", NODE_MODULES.resolve("langfuse-core/lib/index.mjs"),
                "/js/mustache.mjs", NODE_MODULES.resolve("mustache/mustache.mjs"));
        server.createContext("/", exchange -> {
            var path = exchange.getRequestURI().getPath();
            byte[] bytes;
            String type;
            if (files.containsKey(path)) {
                bytes = Files.readAllBytes(files.get(path));
                type = "text/javascript";
            } else {
                bytes = """
                        <!doctype html><html><head><script type="importmap">
                        {"imports": {"langfuse": "/js/langfuse.mjs", "langfuse-core": "/js/langfuse-core.mjs", "mustache": "/js/mustache.mjs"}}
                        </script></head><body>an app</body></html>""".getBytes(StandardCharsets.UTF_8);
                type = "text/html; charset=utf-8";
            }
            exchange.getResponseHeaders().set("Content-Type", type);
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        return server;
    }

    @AfterAll
    void stop() {
        allowedApp.stop(0);
        otherApp.stop(0);
        chromium.close();
        hub.close();
    }

    @BeforeEach
    void openBrowser() {
        context = chromium.newContext();
        pageErrors.clear();
    }

    @AfterEach
    void closeBrowser() {
        context.close();
        assertEquals(List.of(), pageErrors, "uncaught errors in the app's page");
    }

    static String origin(HttpServer server) {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    Page pageOn(HttpServer server) {
        var page = context.newPage();
        page.onPageError(pageErrors::add);
        page.navigate(origin(server) + "/");
        return page;
    }

    // ---------------------------------------------------------------- one browser write per door

    /** One write as a browser app sends it through a door, and how to find what it wrote through the native API. */
    record Call(String door, String method, String path, Map<String, String> headers, String body, String nativeQuery) {
    }

    /** A write to every door with {@code key}, each on a fresh target, with the headers its vendor's client sends. */
    List<Call> oneWritePerDoor(String key) {
        var calls = new ArrayList<Call>();
        var json = "application/json";
        var message = UUID.randomUUID().toString();
        calls.add(new Call("native", "POST", "/v1/feedback", Map.of("Authorization", "Bearer " + key, "Content-Type", json),
                "{\"message_id\": \"%s\", \"label\": \"thumbs_up\"}".formatted(message), "message_id=" + message));
        var thread = "thread-" + UUID.randomUUID();
        var interaction = "interaction-" + UUID.randomUUID();
        calls.add(new Call("scale", "PUT", "/compat/scale/v4/threads/%s/messages/%s/feedback".formatted(thread, interaction),
                Map.of("x-api-key", key, "Content-Type", json, "X-Stainless-Lang", "js", "X-Stainless-Retry-Count", "0",
                        "x-selected-account-id", "acct-1"),
                """
                {"chat_thread_id": "%s", "application_interaction_id": "%s", "sentiment": "positive", "description": "from a page"}"""
                        .formatted(thread, interaction), "message_id=" + interaction));
        var contextualMessage = UUID.randomUUID().toString();
        calls.add(new Call("contextual", "POST", "/compat/contextual/v1/agents/%s/feedback".formatted(UUID.randomUUID()),
                Map.of("Authorization", "Bearer " + key, "Content-Type", json, "X-Stainless-OS", "Unknown"),
                "{\"message_id\": \"%s\", \"feedback\": \"thumbs_down\", \"explanation\": \"from a page\"}".formatted(contextualMessage),
                "message_id=" + contextualMessage));
        var virtuousMessage = UUID.randomUUID().toString();
        calls.add(new Call("virtuous", "POST", "/compat/virtuous/api/v1/feedback", Map.of("vai_token", key, "Content-Type", json),
                """
                {"clientFeedbackId": "%s", "kind": "reaction", "messageId": "%s", "threadId": "%s", "reaction": "thumbs_up"}"""
                        .formatted(UUID.randomUUID(), virtuousMessage, UUID.randomUUID()), "message_id=" + virtuousMessage));
        var chat = UUID.randomUUID().toString();
        calls.add(new Call("devic", "POST", "/compat/devic/api/v1/assistants/default/chats/%s/feedback".formatted(chat),
                Map.of("Authorization", "Bearer " + key, "Content-Type", json),
                "{\"messageId\": \"msg-1\", \"feedback\": true}", "thread_id=" + chat));
        var pareaTrace = UUID.randomUUID().toString();
        calls.add(new Call("parea", "POST", "/compat/parea/api/parea/v1/feedback", Map.of("x-api-key", key, "Content-Type", json),
                "{\"trace_id\": \"%s\", \"score\": 0.75}".formatted(pareaTrace), "trace_id=" + pareaTrace));
        var langfuseTrace = "trace-" + UUID.randomUUID();
        calls.add(new Call("langfuse", "POST", "/compat/langfuse/api/public/scores",
                Map.of("Authorization", "Basic " + Base64.getEncoder().encodeToString((key + ":").getBytes(StandardCharsets.UTF_8)),
                        "Content-Type", json, "X-Langfuse-Sdk-Name", "langfuse-js", "X-Langfuse-Public-Key", key),
                "{\"traceId\": \"%s\", \"name\": \"quality\", \"value\": 0.5}".formatted(langfuseTrace), "trace_id=" + langfuseTrace));
        var run = UUID.randomUUID().toString();
        calls.add(new Call("langsmith", "POST", "/compat/langsmith/feedback",
                Map.of("x-api-key", key, "Content-Type", json, "X-Stainless-Runtime", "browser:chrome"),
                "{\"run_id\": \"%s\", \"key\": \"rating\", \"score\": 1}".formatted(run), "message_id=" + run));
        return calls;
    }

    /** The page's own fetch() of {@code call}: status, body and what CORS lets it read of the headers. */
    @SuppressWarnings("unchecked")
    Map<String, Object> fetchFrom(Page page, Call call) {
        var request = new LinkedHashMap<String, Object>();
        request.put("url", hub.baseUrl() + call.path());
        request.put("method", call.method());
        request.put("headers", call.headers());
        request.put("body", call.body());
        return (Map<String, Object>) page.evaluate("""
                async r => {
                  try {
                    const res = await fetch(r.url, {method: r.method, headers: r.headers, body: r.body});
                    return {status: res.status, body: await res.text(), requestId: res.headers.get('X-Request-Id')};
                  } catch (e) {
                    return {status: -1, body: String(e), requestId: null};
                  }
                }""", request);
    }

    JsonNode nativeItems(String query) {
        var listed = hub.api.get("/v1/feedback?" + query);
        assertEquals(200, listed.status(), listed.body());
        return listed.json().get("items");
    }

    @Test
    void a_page_on_an_allowed_origin_writes_through_every_door_with_a_publishable_key() {
        var key = hub.issueKey(Role.PUBLISHABLE, List.of(origin(allowedApp)));
        var page = pageOn(allowedApp);

        for (var call : oneWritePerDoor(key)) {
            var answer = fetchFrom(page, call);

            var status = ((Number) answer.get("status")).intValue();
            assertTrue(status >= 200 && status < 300, call.door() + ": " + answer);
            assertTrue(answer.get("requestId") instanceof String id && !id.isEmpty(),
                    call.door() + ": the page reads the exposed X-Request-Id: " + answer);
            assertEquals(1, nativeItems(call.nativeQuery()).size(), call.door() + " stored the write: " + answer);
        }
    }

    @Test
    void a_page_on_another_origin_is_refused_at_every_door_and_writes_nothing() {
        var key = hub.issueKey(Role.PUBLISHABLE, List.of(origin(allowedApp)));
        var page = pageOn(otherApp);

        for (var call : oneWritePerDoor(key)) {
            var answer = fetchFrom(page, call);

            assertEquals(403, ((Number) answer.get("status")).intValue(), call.door() + ": " + answer);
            assertTrue(answer.get("body").toString().contains("origin"), call.door() + " says why: " + answer);
            assertEquals(0, nativeItems(call.nativeQuery()).size(), call.door() + " wrote nothing");
        }
    }

    @Test
    void every_door_answers_the_preflight_with_the_headers_its_clients_send() {
        var doors = Map.of(
                "/compat/scale/v4/threads/t/messages/m/feedback", List.of("x-api-key", "x-selected-account-id", "x-stainless-lang"),
                "/compat/contextual/v1/agents/a/feedback", List.of("authorization", "x-stainless-retry-count"),
                "/compat/virtuous/api/v1/feedback", List.of("authorization", "x-api-key", "vai_token"),
                "/compat/devic/api/v1/agents/threads/t/feedback", List.of("authorization"),
                "/compat/parea/api/parea/v1/feedback", List.of("x-api-key", "x-user-id"),
                "/compat/langfuse/api/public/ingestion", List.of("authorization", "x-langfuse-sdk-name", "x-langfuse-sdk-version",
                        "x-langfuse-sdk-variant", "x-langfuse-sdk-integration", "x-langfuse-public-key"),
                "/compat/langsmith/feedback", List.of("x-api-key", "x-tenant-id", "x-stainless-package-version"),
                "/v1/feedback", List.of("authorization", "x-api-key"));
        doors.forEach((path, headers) -> {
            var preflight = hub.api.send("OPTIONS", path, null, "Origin", origin(otherApp), "Access-Control-Request-Method", "POST",
                    "Access-Control-Request-Headers", String.join(",", headers) + ",content-type");

            assertEquals(204, preflight.status(), path + " " + preflight.body());
            assertEquals(origin(otherApp), preflight.header("Access-Control-Allow-Origin"), path);
            var allowed = preflight.header("Access-Control-Allow-Headers").toLowerCase();
            for (var header : headers) {
                assertTrue(List.of(allowed.split(", ")).contains(header), path + " allows " + header + ": " + allowed);
            }
            assertFalse(allowed.contains("*"), "Authorization is never covered by a wildcard");
        });
    }

    // ---------------------------------------------------------------- Langfuse's browser SDK

    @Test
    void langfuse_web_records_a_score_with_its_public_key_from_an_allowed_origin() {
        var key = hub.issueKey(Role.PUBLISHABLE, List.of(origin(allowedApp)));
        var trace = "trace-" + UUID.randomUUID();
        var page = pageOn(allowedApp);

        var result = page.evaluate("""
                async ([baseUrl, publicKey, traceId]) => {
                  const { LangfuseWeb } = await import('langfuse');
                  const langfuse = new LangfuseWeb({ publicKey, baseUrl });
                  const failures = [];
                  langfuse.on('error', e => failures.push(String(e)));
                  await langfuse.score({ traceId, name: 'user-feedback', value: 1, comment: 'from LangfuseWeb' });
                  return failures;
                }""", List.of(hub.baseUrl() + "/compat/langfuse", key, trace));

        assertEquals(List.of(), result, "the SDK reported no failure");
        var stored = nativeItems("trace_id=" + trace);
        assertEquals(1, stored.size(), stored.toString());
        assertEquals("user-feedback", stored.get(0).get("name").asText());
        assertEquals(1.0, stored.get(0).get("score").asDouble());
        assertEquals("from LangfuseWeb", stored.get(0).get("comment").asText());
    }

    @Test
    void a_bearer_public_key_writes_scores_but_reads_nothing() {
        var key = hub.issueKey(Role.PUBLISHABLE, List.of("*"));
        var browser = new Api(hub.baseUrl(), null);
        var trace = "trace-" + UUID.randomUUID();

        var written = browser.post("/compat/langfuse/api/public/scores",
                "{\"traceId\": \"%s\", \"name\": \"quality\", \"value\": 0.5}".formatted(trace), "Authorization", "Bearer " + key);
        var read = browser.get("/compat/langfuse/api/public/v2/scores", "Authorization", "Bearer " + key);
        var secretAsBearer = browser.post("/compat/langfuse/api/public/scores",
                "{\"traceId\": \"%s\", \"name\": \"quality\", \"value\": 0.5}".formatted(trace), "Authorization", "Bearer " + TestHub.SECRET_KEY);

        assertEquals(200, written.status(), written.body());
        assertEquals(401, read.status(), read.body());
        assertEquals(401, secretAsBearer.status(), secretAsBearer.body());
        assertTrue(secretAsBearer.json().get("message").asText().contains("HTTP Basic"), secretAsBearer.body());
        assertEquals(1, nativeItems("trace_id=" + trace).size());
    }
}
