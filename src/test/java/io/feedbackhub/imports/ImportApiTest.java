package io.feedbackhub.imports;

import com.fasterxml.jackson.databind.JsonNode;
import io.feedbackhub.auth.Role;
import io.feedbackhub.testing.Api;
import io.feedbackhub.testing.HubTest;
import io.feedbackhub.testing.TestHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import static io.feedbackhub.testing.Ids.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** History comes in: created_at from a secret key, the Langfuse ingestion timestamp, and POST /v1/import. */
// a small body limit: the import must stream past it
@HubTest(environment = {"FEEDBACK_HUB_MAX_BODY_BYTES=32768"})
class ImportApiTest {
    @Parameter
    TestHub hub;
    Api api;

    @BeforeParameterizedClassInvocation
    void start() {
        api = hub.api;
    }

    static final String SHOP = "https://shop.example";

    JsonNode stats(Api who, String query) {
        var response = who.get("/v1/stats?" + query);
        assertEquals(200, response.status(), response.body());
        return response.json();
    }

    Api.Response importLines(Api who, String query, String body) {
        return who.post("/v1/import" + query, body, "Content-Type", "application/x-ndjson");
    }

    // --- the order of history

    @Test
    void a_file_newest_first_leaves_the_newest_judgment_current_and_old_history_never_replaces_a_live_vote() {
        var target = hub.otherTenant();
        var message = unique("m");
        var live = unique("m");
        assertEquals(201, target.post("/v1/feedback", """
                {"message_id": "%s", "author_id": "u-1", "label": "thumbs_up"}""".formatted(live)).status());

        var response = importLines(target, "?format=native", """
                {"message_id": "%1$s", "author_id": "u-1", "label": "thumbs_down", "created_at": "2024-05-02T10:00:00Z"}
                {"message_id": "%1$s", "author_id": "u-1", "label": "thumbs_up", "created_at": "2024-05-01T10:00:00Z"}
                {"message_id": "%2$s", "author_id": "u-1", "label": "thumbs_down", "created_at": "2024-05-03T10:00:00Z"}
                """.formatted(message, live));

        assertEquals(200, response.status(), response.body());
        assertEquals(1, response.json().get("created").asInt(), response.body());
        assertEquals(2, response.json().get("replayed").asInt(), "the older lines add nothing: " + response.body());
        var imported = target.get("/v1/feedback?message_id=" + message).json().get("items");
        assertEquals(1, imported.size(), imported.toString());
        assertEquals("thumbs_down", imported.get(0).get("label").asText(), "the newest of the file, though it came first");
        assertEquals(java.time.Instant.parse("2024-05-02T10:00:00Z"), java.time.Instant.parse(imported.get(0).get("created_at").asText()));
        var kept = target.get("/v1/feedback?message_id=" + live).json().get("items");
        assertEquals("thumbs_up", kept.get(0).get("label").asText(), "today's vote stays: " + kept);
        assertEquals(1, kept.get(0).get("revision").asInt());
    }

    @Test
    void a_file_oldest_first_keeps_every_version_in_order() {
        var target = hub.otherTenant();
        var message = unique("m");

        var response = importLines(target, "?format=native", """
                {"message_id": "%1$s", "author_id": "u-1", "label": "thumbs_up", "created_at": "2024-05-01T10:00:00Z"}
                {"message_id": "%1$s", "author_id": "u-1", "label": "thumbs_down", "created_at": "2024-05-02T10:00:00Z"}
                {"message_id": "%1$s", "author_id": "u-1", "label": "thumbs_up", "comment": "fixed", "created_at": "2024-05-03T10:00:00Z"}
                """.formatted(message));

        assertEquals(200, response.status(), response.body());
        assertEquals(1, response.json().get("created").asInt(), response.body());
        assertEquals(2, response.json().get("updated").asInt(), response.body());
        var current = target.get("/v1/feedback?message_id=" + message).json().get("items").get(0);
        assertEquals(3, current.get("revision").asInt(), current.toString());
        assertEquals("fixed", current.get("comment").asText());
        assertEquals(java.time.Instant.parse("2024-05-03T10:00:00Z"), java.time.Instant.parse(current.get("updated_at").asText()),
                "changed when that judgment was given");
    }

    // --- created_at on the native API

    @Test
    void a_secret_key_dates_feedback_in_the_past_and_it_counts_in_its_own_hour() {
        var agent = unique("agent");

        var response = api.post("/v1/feedback", """
                {"agent_id": "%s", "message_id": "%s", "label": "thumbs_up", "created_at": "2024-03-01T10:15:30.5+01:00"}"""
                .formatted(agent, unique("m")));

        assertEquals(201, response.status(), response.body());
        assertEquals("2024-03-01T09:15:30.500Z", response.json().get("created_at").asText());
        assertEquals("2024-03-01T09:15:30.500Z", api.get("/v1/feedback/" + response.json().get("id").asText()).json()
                .get("created_at").asText());
        var inItsHour = stats(api, "agent_id=" + agent + "&from=2024-03-01T09:00:00Z&to=2024-03-01T10:00:00Z");
        var hourAfter = stats(api, "agent_id=" + agent + "&from=2024-03-01T10:00:00Z&to=2024-03-01T11:00:00Z");
        assertEquals(1, inItsHour.get("overall").get("total").asInt(), inItsHour.toString());
        assertEquals(0, hourAfter.get("overall").get("total").asInt(), hourAfter.toString());
        var byDay = stats(api, "agent_id=" + agent + "&from=2024-02-01T00:00:00Z&to=2024-04-01T00:00:00Z&group_by=day");
        assertEquals("2024-03-01", byDay.get("groups").get(0).get("key").get("day").asText(), byDay.toString());
    }

    @Test
    void created_at_before_2000_or_more_than_five_minutes_ahead_is_refused_and_nothing_is_written() {
        var agent = unique("agent");
        var ahead = Instant.now().plus(10, ChronoUnit.MINUTES).toString();

        var early = api.post("/v1/feedback", """
                {"agent_id": "%s", "message_id": "m-1", "label": "thumbs_up", "created_at": "1999-12-31T23:59:59Z"}""".formatted(agent));
        var future = api.post("/v1/feedback", """
                {"agent_id": "%s", "message_id": "m-2", "label": "thumbs_up", "created_at": "%s"}""".formatted(agent, ahead));
        var notADate = api.post("/v1/feedback", """
                {"agent_id": "%s", "message_id": "m-3", "label": "thumbs_up", "created_at": "yesterday"}""".formatted(agent));
        var slightlyAhead = api.post("/v1/feedback", """
                {"agent_id": "%s", "message_id": "m-4", "label": "thumbs_up", "created_at": "%s"}"""
                .formatted(agent, Instant.now().plus(1, ChronoUnit.MINUTES)));

        assertEquals(422, early.status(), early.body());
        assertTrue(early.body().contains("created_at") && early.body().contains("2000-01-01"), early.body());
        assertEquals(422, future.status(), future.body());
        assertTrue(future.body().contains("5 minutes"), future.body());
        assertEquals(422, notADate.status(), notADate.body());
        assertEquals(201, slightlyAhead.status(), "clock skew of a minute is allowed: " + slightlyAhead.body());
        assertEquals(1, stats(api, "agent_id=" + agent).get("overall").get("total").asInt());
    }

    @Test
    void a_publishable_key_may_not_date_its_feedback() {
        var browser = api.withKey(hub.issueKey(Role.PUBLISHABLE, List.of(SHOP)));
        var agent = unique("agent");

        var response = browser.post("/v1/feedback", """
                {"agent_id": "%s", "message_id": "%s", "label": "thumbs_up", "created_at": "2024-03-01T10:00:00Z"}"""
                .formatted(agent, unique("m")), "Origin", SHOP);

        assertEquals(422, response.status(), response.body());
        assertTrue(response.body().contains("secret key"), response.body());
        assertEquals(0, stats(api, "agent_id=" + agent).get("overall").get("total").asInt());
    }

    // --- the Langfuse ingestion timestamp

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    String ingestion(String traceId, String timestamp) {
        return """
                {"batch": [{"id": "%s", "type": "score-create", "timestamp": "%s",
                  "body": {"id": "%s", "traceId": "%s", "name": "helpful", "value": 1, "dataType": "NUMERIC"}}]}"""
                .formatted(UUID.randomUUID(), timestamp, UUID.randomUUID(), traceId);
    }

    JsonNode onlyFeedbackOfTrace(String traceId) {
        var items = api.get("/v1/feedback?trace_id=" + traceId).json().get("items");
        assertEquals(1, items.size(), items.toString());
        return items.get(0);
    }

    @Test
    void the_langfuse_ingestion_timestamp_dates_a_secret_keys_score_and_a_browser_keys_is_ignored() {
        var secretTrace = unique("trace");
        var browserTrace = unique("trace");
        var before = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        var secret = api.post("/compat/langfuse/api/public/ingestion", ingestion(secretTrace, "2023-06-01T08:30:00.000Z"),
                "Authorization", basic("pk-lf-any", TestHub.SECRET_KEY));
        var browser = api.post("/compat/langfuse/api/public/ingestion", ingestion(browserTrace, "2023-06-01T08:30:00.000Z"),
                "Authorization", basic(hub.issueKey(Role.PUBLISHABLE, List.of(SHOP)), ""), "Origin", SHOP);
        var tooEarly = api.post("/compat/langfuse/api/public/ingestion", ingestion(unique("trace"), "1990-01-01T00:00:00Z"),
                "Authorization", basic("pk-lf-any", TestHub.SECRET_KEY));

        assertEquals(207, secret.status(), secret.body());
        assertEquals(1, secret.json().get("successes").size(), secret.body());
        assertEquals("2023-06-01T08:30:00Z", onlyFeedbackOfTrace(secretTrace).get("created_at").asText());
        assertEquals(1, browser.json().get("successes").size(), browser.body());
        assertTrue(!Instant.parse(onlyFeedbackOfTrace(browserTrace).get("created_at").asText()).isBefore(before),
                "a browser key's timestamp is not trusted: the score is dated when it arrived");
        assertEquals(400, tooEarly.json().get("errors").get(0).get("status").asInt(), tooEarly.body());
        assertTrue(tooEarly.body().contains("2000-01-01"), tooEarly.body());
    }

    // --- POST /v1/import

    /** Feedback of several kinds, names, scales and days on a registered conversation, in a tenant of its own. */
    Api aTenantWithHistory(String agent) {
        var source = hub.otherTenant();
        var thread = unique("t");
        assertEquals(200, source.put("/v1/threads/" + thread, """
                {"agent_id": "%s", "title": "Refunds"}""".formatted(agent)).status());
        var bodies = new ArrayList<String>();
        for (int i = 0; i < 60; i++) {
            var message = unique("m");
            assertEquals(200, source.put("/v1/messages/" + message, """
                    {"thread_id": "%s", "role": "assistant", "prompt": "Question %d", "content": "Answer %d", "model": "gpt-x",
                     "metadata": {"prompt_version": "v%d"}}""".formatted(thread, i, i, i % 2)).status());
            var day = "2024-0" + (1 + i % 3) + "-1" + (i % 10) + "T0" + (i % 10) + ":20:00Z";
            bodies.add("""
                    {"agent_id": "%s", "thread_id": "%s", "message_id": "%s", "author_id": "u-%d", "label": "%s",
                     "reasons": %s, "comment": %s, "metadata": {"prompt_version": "v%d"}, "created_at": "%s"}""".formatted(
                    agent, thread, message, i, i % 3 == 0 ? "thumbs_down" : "thumbs_up",
                    i % 3 == 0 ? "[\"outdated\"]" : "[]", i % 4 == 0 ? "\"meh\"" : "null", i % 2, day));
            bodies.add("""
                    {"agent_id": "%s", "thread_id": "%s", "message_id": "%s", "author_id": "judge", "name": "accuracy",
                     "score": %s, "source": "model", "created_at": "%s"}""".formatted(agent, thread, message, (i % 5) / 4.0, day));
        }
        for (int from = 0; from < bodies.size(); from += 20) {
            var chunk = bodies.subList(from, Math.min(bodies.size(), from + 20));
            var written = source.post("/v1/feedback/batch", "{\"items\": [" + String.join(",", chunk) + "]}");
            assertEquals(200, written.status(), written.body());
            written.json().get("results").forEach(r -> assertEquals(201, r.get("status").asInt(), r.toString()));
        }
        return source;
    }

    static final List<String> STATS_QUERIES = List.of("", "group_by=day", "group_by=name", "group_by=label",
            "group_by=reason", "group_by=metadata.prompt_version", "name=accuracy&group_by=month", "group_by=day&group_by=label");

    @Test
    void an_export_imported_into_an_empty_tenant_answers_the_same_stats_and_a_rerun_adds_nothing() {
        var agent = unique("agent");
        var source = aTenantWithHistory(agent);
        var export = source.get("/v1/export?format=jsonl");
        assertEquals(200, export.status());
        var target = hub.otherTenant();

        var first = importLines(target, "", export.body());
        var again = importLines(target, "?format=native", export.body());

        assertEquals(200, first.status(), first.body());
        assertEquals("{\"read\":120,\"created\":120,\"updated\":0,\"replayed\":0,\"failed\":0,\"errors\":[],\"errors_omitted\":0,"
                + "\"stopped_at_line\":null}", first.body());
        assertEquals(120, again.json().get("replayed").asInt(), again.body());
        assertEquals(0, again.json().get("created").asInt(), again.body());
        assertTrue(export.body().length() > 32768, "the body is larger than the hub's body limit");
        for (var query : STATS_QUERIES) {
            var q = "agent_id=" + agent + "&from=2024-01-01T00:00:00Z&to=2024-04-01T00:00:00Z" + (query.isEmpty() ? "" : "&" + query);
            assertEquals(stats(source, q), stats(target, q), q);
        }
        var reExport = target.get("/v1/export?format=jsonl").body();
        assertEquals(120, reExport.lines().count());
        assertTrue(reExport.contains("\"prompt\":\"Question 7\""), "threads and messages came along");
    }

    static String langfuseScore(String id, String traceId, String name, String valueFields, String timestamp) {
        return """
                {"id": "%s", "projectId": "p1", "traceId": "%s", "observationId": null, "sessionId": null, "name": "%s",
                 %s, "source": "ANNOTATION", "authorUserId": "annotator-1", "comment": null, "metadata": {},
                 "configId": "cfg-of-another-project", "queueId": null, "environment": "default",
                 "timestamp": "%s", "createdAt": "%s", "updatedAt": "%s"}""".formatted(id, traceId, name, valueFields,
                timestamp, timestamp, timestamp).replace("\n", " ");
    }

    static String langSmithFeedback(String id, String runId, String key, String scoreAndValue, String createdAt) {
        return """
                {"id": "%s", "created_at": "%s", "modified_at": "%s", "run_id": "%s", "trace_id": "%s", "key": "%s",
                 %s, "comment": "from langsmith", "correction": null, "feedback_group_id": null,
                 "comparative_experiment_id": null, "session_id": null, "extra": null,
                 "feedback_source": {"type": "app", "metadata": {}, "user_id": "ls-user-1", "user_name": "Ann"}}"""
                .formatted(id, createdAt, createdAt, runId, runId, key, scoreAndValue, createdAt).replace("\n", " ");
    }

    @Test
    void langfuse_and_langsmith_exports_import_line_by_line_with_bad_lines_reported_by_number() {
        var target = hub.otherTenant();
        var trace = unique("trace");
        var run = UUID.randomUUID().toString();
        var lines = List.of(
                langfuseScore("lf-1", trace, "quality", "\"value\": 0.75, \"dataType\": \"NUMERIC\"", "2024-05-01T12:00:00.000Z"),
                langfuseScore("lf-2", trace, "tone", "\"value\": 1, \"stringValue\": \"friendly\", \"dataType\": \"CATEGORICAL\"",
                        "2024-05-01T12:05:00.000Z"),
                langfuseScore("lf-3", trace, "correct", "\"value\": 0, \"stringValue\": \"False\", \"dataType\": \"BOOLEAN\"",
                        "2024-05-01T12:10:00.000Z"),
                "{not json",
                langSmithFeedback(UUID.randomUUID().toString(), run, "user_score", "\"score\": 1, \"value\": null",
                        "2024-05-02T09:00:00.123456+00:00"),
                langSmithFeedback("not-a-uuid", run, "user_score", "\"score\": 1", "2024-05-02T09:00:00"),
                "",
                langSmithFeedback(UUID.randomUUID().toString(), run, "correctness", "\"score\": true, \"value\": \"good\"",
                        "2024-05-02T10:00:00"),
                "[1, 2]");

        var first = importLines(target, "", String.join("\n", lines) + "\n");
        var again = importLines(target, "", String.join("\n", lines));

        assertEquals(200, first.status(), first.body());
        var summary = first.json();
        assertEquals(8, summary.get("read").asInt(), "the blank line is not counted: " + summary);
        assertEquals(5, summary.get("created").asInt(), summary.toString());
        assertEquals(3, summary.get("failed").asInt(), summary.toString());
        var errors = summary.get("errors");
        assertEquals(4, errors.get(0).get("line").asInt());
        assertTrue(errors.get(0).get("message").asText().startsWith("not JSON"), errors.toString());
        assertEquals(6, errors.get(1).get("line").asInt());
        assertTrue(errors.get(1).get("message").asText().contains("UUID"), errors.toString());
        assertEquals(9, errors.get(2).get("line").asInt());
        assertEquals(5, again.json().get("replayed").asInt(), again.body());
        assertEquals(0, again.json().get("created").asInt(), again.body());

        var scores = target.get("/v1/feedback?trace_id=" + trace).json().get("items");
        assertEquals(3, scores.size());
        var byName = new java.util.HashMap<String, JsonNode>();
        scores.forEach(s -> byName.put(s.get("name").asText(), s));
        assertEquals(0.75, byName.get("quality").get("score").asDouble());
        assertEquals("2024-05-01T12:00:00Z", byName.get("quality").get("created_at").asText());
        assertEquals("friendly", byName.get("tone").get("label").asText());
        assertEquals("false", byName.get("correct").get("label").asText());
        assertEquals("annotator-1", byName.get("quality").get("author_id").asText());
        assertEquals("langfuse:lf-1", byName.get("quality").get("client_feedback_id").asText());
        assertEquals("user", byName.get("quality").get("source").asText(), "ANNOTATION is a person's judgment");
        var runFeedback = target.get("/v1/feedback?message_id=" + run).json().get("items");
        assertEquals(2, runFeedback.size(), runFeedback.toString());
        var userScore = runFeedback.get(0).get("name").asText().equals("user_score") ? runFeedback.get(0) : runFeedback.get(1);
        assertEquals("2024-05-02T09:00:00.123Z", userScore.get("created_at").asText());
        assertEquals("ls-user-1", userScore.get("author_id").asText());
        assertEquals(1.0, userScore.get("score").asDouble());
    }

    @Test
    void a_json_array_file_and_a_langfuse_listing_page_import_item_by_item() {
        var target = hub.otherTenant();
        var trace = unique("trace");
        var uiExport = "[\n  " + langfuseScore("lf-a1", trace, "quality", "\"value\": 0.25, \"dataType\": \"NUMERIC\"",
                "2024-07-01T10:00:00Z") + ",\n  42,\n  " + langfuseScore("lf-a2", trace, "speed", "\"value\": 1, \"dataType\": \"NUMERIC\"",
                "2024-07-01T11:00:00Z") + "\n]\n";
        var pageTrace = unique("trace");
        var page = "{\"data\": [" + langfuseScore("lf-p1", pageTrace, "quality", "\"value\": 0.5", "2024-07-02T10:00:00Z") + ", "
                + langfuseScore("lf-p2", pageTrace, "tone", "\"value\": \"calm\", \"dataType\": \"CATEGORICAL\"", "2024-07-02T10:00:00Z")
                + "], \"meta\": {\"page\": 1, \"limit\": 50, \"totalItems\": 2, \"totalPages\": 1}}";

        var array = importLines(target, "", uiExport);
        var pageLine = importLines(target, "?format=langfuse", page + "\n");

        assertEquals(200, array.status(), array.body());
        assertEquals(3, array.json().get("read").asInt(), array.body());
        assertEquals(2, array.json().get("created").asInt(), array.body());
        assertEquals(3, array.json().get("errors").get(0).get("line").asInt(), "the 42 starts on line 3: " + array.body());
        assertEquals(2, target.get("/v1/feedback?trace_id=" + trace).json().get("items").size());
        assertEquals(2, pageLine.json().get("created").asInt(), pageLine.body());
        var pageItems = target.get("/v1/feedback?trace_id=" + pageTrace + "&name=tone").json().get("items");
        assertEquals("calm", pageItems.get(0).get("label").asText(), "a v3 score carries its category in value");
    }

    @Test
    void a_lone_surrogate_in_an_imported_line_is_refused_so_two_authors_never_share_a_slot() {
        var target = hub.otherTenant();
        var message = unique("m");
        var lines = """
                {"name": "helpful", "message_id": "%1$s", "label": "thumbs_up", "author_id": "\\ud800"}
                {"name": "helpful", "message_id": "%1$s", "label": "thumbs_down", "author_id": "\\udfff"}
                {"name": "helpful", "message_id": "%1$s", "label": "thumbs_up", "author_id": "whole"}
                """.formatted(message);

        var response = importLines(target, "", lines);

        assertEquals(200, response.status(), response.body());
        assertEquals(2, response.json().get("failed").asInt(), response.body());
        assertTrue(response.json().get("errors").get(0).get("message").asText().contains("surrogate"), response.body());
        var items = target.get("/v1/feedback?message_id=" + message).json().get("items");
        assertEquals(1, items.size(), items.toString());
        assertEquals("whole", items.get(0).get("author_id").asText());
    }

    @Test
    void a_refused_line_leaves_the_thread_it_names_as_it_was() {
        var target = hub.otherTenant();
        var thread = unique("t");
        assertEquals(200, target.put("/v1/threads/" + thread, """
                {"agent_id": "support-bot", "title": "Keep me"}""").status());

        var response = importLines(target, "", """
                {"name": "not a name", "message_id": "%s", "label": "thumbs_up", "thread": {"id": "%s", "agent_id": "other"}}
                """.formatted(unique("m"), thread));

        assertEquals(422, response.status(), response.body());
        var after = target.get("/v1/threads/" + thread).json();
        assertEquals("support-bot", after.get("agent_id").asText(), after.toString());
        assertEquals("Keep me", after.get("title").asText(), after.toString());
    }

    @Test
    void a_file_of_which_nothing_can_be_imported_an_unknown_format_and_a_browser_key_are_refused() {
        var target = hub.otherTenant();
        var langfuseLine = langfuseScore("lf-9", unique("trace"), "quality", "\"value\": 0.5", "2024-05-01T12:00:00Z");

        var asNative = importLines(target, "?format=native", langfuseLine);
        var unknown = importLines(target, "?format=csv", langfuseLine);
        var empty = importLines(target, "", "\n\n");
        var browser = api.withKey(hub.issueKey(Role.PUBLISHABLE, List.of(SHOP)))
                .post("/v1/import", langfuseLine, "Origin", SHOP);

        assertEquals(422, asNative.status(), "no line could be imported: " + asNative.body());
        assertTrue(asNative.body().contains("\"field\":\"line 1\""), asNative.body());
        assertEquals(422, unknown.status(), unknown.body());
        assertEquals(422, empty.status(), empty.body());
        assertTrue(unknown.body().contains("native, langfuse, langsmith"), unknown.body());
        assertTrue(browser.status() == 401 || browser.status() == 403, browser.toString());
        assertEquals(0, target.get("/v1/feedback").json().get("items").size());
    }
}
