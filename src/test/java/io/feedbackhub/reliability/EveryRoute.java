package io.feedbackhub.reliability;

import io.feedbackhub.app.FeedbackHub.Route;
import io.feedbackhub.testing.TestHub;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * How to call every route the server serves, native and every /compat door: the path parameters and a valid body
 * filled from an {@link Ids} set, the door's error shape, and what a browser (publishable) key may do there. The
 * isolation matrix and the fuzzer walk the server's own route list and look each route up here; a served route
 * missing from this table fails them, so a new route cannot go unexercised.
 */
final class EveryRoute {
    /** Whose error shape a route answers in. */
    enum Door {
        /** problem+json. */
        NATIVE,
        /** FastAPI's {"detail": ...} (Scale, Contextual, VirtuousAI, Parea). */
        FASTAPI,
        /** Devic's {success: false, statusCode, message, error}. */
        DEVIC,
        /** Langfuse's {"message": ..., "error"?: ...}. */
        LANGFUSE,
        /** No key, no tenant data: health, metrics, documents, CORS preflight. */
        PUBLIC
    }

    /** What a publishable key (a browser) may do through a route. */
    enum Browser {
        /** Create feedback (or register what a write is about); never change what another key wrote. */
        CREATES,
        /** Change or remove feedback, its own only. */
        CHANGES_OWN,
        /** Nothing: reads, registry, configs, keys, stats, exports, purge. */
        REFUSED,
        /** Mints a browser's identity (an anonymous id): publishable keys only, and nothing is stored. */
        MINTS_IDENTITY,
        /** No key at all: the capability in the path decides (LangSmith feedback tokens). */
        NO_KEY,
        PUBLIC
    }

    /** How a route's caller presents a key. */
    enum Auth {
        /** Authorization: Bearer KEY (every door also reads X-API-Key or its vendor's header; see Credentials). */
        KEY,
        /** Langfuse's HTTP Basic: any public key as user, the secret key as password; a publishable key as user alone. */
        BASIC,
        NONE
    }

    record Call(String method, String path, String query, String body) {
        String target() {
            return query.isEmpty() ? path : path + "?" + query;
        }

        @Override
        public String toString() {
            return method + " " + target() + (body == null ? "" : " " + body);
        }
    }

    /**
     * One route: its params from ids (name → value, filled URL-encoded into the template), one or more bodies (null
     * for none), a query, and the names of the query parameters the route reads (for the fuzzer).
     */
    record Entry(String method, String template, Door door, Browser browser, Auth auth, Function<Ids, Map<String, String>> params,
                 List<Function<Ids, String>> bodies, Function<Ids, String> query, List<String> queryNames) {
        Route route() {
            return new Route(method, template);
        }

        /** One call per body variant. */
        List<Call> calls(Ids ids) {
            var calls = new ArrayList<Call>();
            for (var body : bodies) {
                calls.add(new Call(method, path(params.apply(ids)), query.apply(ids), body.apply(ids)));
            }
            return calls;
        }

        /** The template with these parameter values, URL-encoded as a client would send them. */
        String path(Map<String, String> values) {
            var m = PARAM.matcher(template);
            var out = new StringBuilder();
            while (m.find()) {
                var value = values.get(m.group(1));
                if (value == null) {
                    throw new IllegalStateException(method + " " + template + ": no value for {" + m.group(1) + "}");
                }
                m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(encode(value)));
            }
            m.appendTail(out);
            return out.toString().replace("/*", "/feedback");
        }

        List<String> paramNames() {
            var names = new ArrayList<String>();
            var m = PARAM.matcher(template);
            while (m.find()) {
                names.add(m.group(1));
            }
            return names;
        }

        boolean hasBody() {
            return bodies.getFirst().apply(Ids.fresh()) != null;
        }

        /** Whether the route reaches a tenant's data (every route but health, documents and the dashboard). */
        boolean tenantScoped() {
            return browser != Browser.PUBLIC;
        }

        /** The headers that present {@code key} the way this route's clients do, plus these extra name/value pairs. */
        String[] headers(String key, String... extra) {
            var all = new ArrayList<String>();
            switch (auth) {
                case KEY -> all.addAll(List.of("Authorization", "Bearer " + key));
                case BASIC -> all.addAll(List.of("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                        (key.startsWith("fh_pub_") ? key + ":" : "pk-lf-any:" + key).getBytes(StandardCharsets.UTF_8))));
                case NONE -> all.addAll(List.of("no-auth", "1"));
            }
            for (int i = 0; i + 1 < extra.length; i += 2) {
                if (extra[i + 1] != null) {
                    all.add(extra[i]);
                    all.add(extra[i + 1]);
                }
            }
            return all.toArray(String[]::new);
        }
    }

    static final Pattern PARAM = Pattern.compile("\\{([^}]+)}");

    /** Routes whose body may be left out altogether (an empty body is then not a malformed one). */
    static final java.util.Set<String> OPTIONAL_BODY = java.util.Set.of("POST /v1/webhooks/{id}/rotate-secret");

    /** A fixed stats range around the run, so that two calls a moment apart ask the same question. */
    static final String RANGE = "from=" + java.time.Instant.now().minus(java.time.Duration.ofDays(1)).truncatedTo(java.time.temporal.ChronoUnit.HOURS)
            + "&to=" + java.time.Instant.now().plus(java.time.Duration.ofDays(1)).truncatedTo(java.time.temporal.ChronoUnit.HOURS);

    private static final List<String> FEEDBACK_FILTERS = List.of("agent_id", "thread_id", "message_id", "trace_id", "content_id",
            "name", "label", "score_min", "score_max", "author_id", "source", "created_from", "created_to", "cursor", "limit",
            "metadata.model");
    private static final List<String> STATS_PARAMS = List.of("agent_id", "name", "label", "source_surface", "from", "to", "tz",
            "group_by", "metadata.model");
    private static final List<String> COMPARE_PARAMS = List.of("a.agent_id", "b.agent_id", "a.from", "a.to", "b.from", "b.to",
            "a.metadata.model", "b.metadata.model", "name", "label", "from", "to", "source_surface");

    /** Webhook receivers in these tests: a closed local port (the tests allow private addresses for it). */
    static final String WEBHOOK_URL = "http://127.0.0.1:9/feedback-hook";
    /** What every hub of these tests needs besides the defaults: webhooks to WEBHOOK_URL. */
    /**
     * The per end user limit counts a browser key's writes per client address, and every request here comes from
     * 127.0.0.1: it is off, as the per-key limit is (api/EndUserLimitOnEveryDoorTest covers it at every door).
     */
    static final String WEBHOOKS_TO_LOOPBACK = "FEEDBACK_HUB_WEBHOOK_ALLOW_PRIVATE=true";
    static final String NO_END_USER_LIMIT = "FEEDBACK_HUB_END_USER_RATE_LIMIT_PER_MINUTE=0";
    static final Map<String, String> ENVIRONMENT = TestHub.settings(WEBHOOKS_TO_LOOPBACK, NO_END_USER_LIMIT);
    private static final List<String> LANGFUSE_FILTERS = List.of("page", "limit", "traceId", "name", "userId", "source", "dataType",
            "fromTimestamp", "toTimestamp", "configId", "environment", "scoreIds", "operator", "value", "observationId", "sessionId");

    static final String SCALE = "/compat/scale/v4/threads/{thread_id}/messages/{application_interaction_id}/feedback";
    static final String DEVIC_CHAT = "/compat/devic/api/v1/assistants/{identifier}/chats/{chatUid}/feedback";
    static final String DEVIC_THREAD = "/compat/devic/api/v1/agents/threads/{threadId}/feedback";

    static final List<Entry> ALL = List.of(
            // native: feedback
            entry("POST", "/v1/feedback", Door.NATIVE, Browser.CREATES, none(), List.of(EveryRoute::nativeFeedback), noQuery(), List.of()),
            entry("POST", "/v1/feedback/batch", Door.NATIVE, Browser.CREATES, none(),
                    List.of(ids -> "{\"items\": [" + nativeFeedback(ids) + "]}"), noQuery(), List.of()),
            entry("GET", "/v1/feedback", Door.NATIVE, Browser.REFUSED, none(), noBody(),
                    ids -> "message_id=" + ids.get("message") + "&author_id=" + enc(ids.get("author")) + "&limit=1000", FEEDBACK_FILTERS),
            entry("GET", "/v1/feedback/{id}", Door.NATIVE, Browser.REFUSED, one("id", "feedback"), noBody(), noQuery(), List.of()),
            entry("PATCH", "/v1/feedback/{id}", Door.NATIVE, Browser.CHANGES_OWN, one("id", "feedback"),
                    List.of(ids -> "{\"comment\": \"changed by the caller\", \"label\": \"thumbs_down\"}"), noQuery(), List.of()),
            entry("DELETE", "/v1/feedback/{id}", Door.NATIVE, Browser.CHANGES_OWN, one("id", "feedback"), noBody(), noQuery(), List.of()),
            entry("GET", "/v1/feedback/{id}/history", Door.NATIVE, Browser.REFUSED, one("id", "feedback"), noBody(), noQuery(), List.of()),
            entry("POST", "/v1/authors/{author_id}/purge", Door.NATIVE, Browser.REFUSED, one("author_id", "author"), noBody(), noQuery(), List.of()),
            // native: registry
            entry("PUT", "/v1/agents/{id}", Door.NATIVE, Browser.REFUSED, one("id", "agent"),
                    List.of(ids -> "{\"name\": \"named by the caller\", \"metadata\": {\"team\": \"caller\"}}"), noQuery(), List.of()),
            entry("GET", "/v1/agents/{id}", Door.NATIVE, Browser.REFUSED, one("id", "agent"), noBody(), noQuery(), List.of()),
            entry("GET", "/v1/agents", Door.NATIVE, Browser.REFUSED, none(), noBody(), ids -> "limit=1000", List.of("cursor", "limit")),
            entry("PUT", "/v1/threads/{id}", Door.NATIVE, Browser.REFUSED, one("id", "thread"),
                    List.of(ids -> "{\"agent_id\": \"" + ids.get("agent") + "\", \"title\": \"titled by the caller\"}"), noQuery(), List.of()),
            entry("GET", "/v1/threads/{id}", Door.NATIVE, Browser.REFUSED, one("id", "thread"), noBody(), noQuery(), List.of()),
            entry("GET", "/v1/threads", Door.NATIVE, Browser.REFUSED, none(), noBody(),
                    ids -> "agent_id=" + ids.get("agent") + "&limit=1000", List.of("agent_id", "cursor", "limit")),
            entry("PUT", "/v1/messages/{id}", Door.NATIVE, Browser.REFUSED, one("id", "message"),
                    List.of(ids -> "{\"thread_id\": \"" + ids.get("thread") + "\", \"content\": \"written by the caller\"}"), noQuery(), List.of()),
            entry("GET", "/v1/messages/{id}", Door.NATIVE, Browser.REFUSED, one("id", "message"), noBody(), noQuery(), List.of()),
            entry("GET", "/v1/messages", Door.NATIVE, Browser.REFUSED, none(), noBody(),
                    ids -> "thread_id=" + ids.get("thread") + "&limit=1000", List.of("thread_id", "cursor", "limit")),
            entry("PUT", "/v1/contents/{id}", Door.NATIVE, Browser.REFUSED, one("id", "content"),
                    List.of(ids -> "{\"title\": \"titled by the caller\", \"source_url\": \"https://caller.example/doc\"}"), noQuery(), List.of()),
            entry("GET", "/v1/contents/{id}", Door.NATIVE, Browser.REFUSED, one("id", "content"), noBody(), noQuery(), List.of()),
            entry("GET", "/v1/contents", Door.NATIVE, Browser.REFUSED, none(), noBody(),
                    ids -> "ids=" + ids.get("content") + "&limit=1000", List.of("ids", "cursor", "limit")),
            // the seeded texts all begin "private-to-the-owner-": another tenant's search must find none of them
            entry("GET", "/v1/search", Door.NATIVE, Browser.REFUSED, none(), noBody(),
                    ids -> "q=private+owner&agent_id=" + ids.get("agent") + "&limit=100",
                    List.of("q", "agent_id", "thread_id", "created_from", "created_to", "cursor", "limit")),
            // native: context settings (keep-if-judged sampling)
            entry("GET", "/v1/settings/context", Door.NATIVE, Browser.REFUSED, none(), noBody(), noQuery(), List.of()),
            entry("PUT", "/v1/settings/context", Door.NATIVE, Browser.REFUSED, none(),
                    List.of(ids -> "{\"keep_if_judged\": false, \"window_seconds\": 86400}"), noQuery(), List.of()),
            // native: feedback configs
            entry("PUT", "/v1/feedback-configs/{name}", Door.NATIVE, Browser.REFUSED, one("name", "config"),
                    List.of(ids -> "{\"type\": \"numeric\", \"min\": 0, \"max\": 5, \"description\": \"set by the caller\"}"), noQuery(), List.of()),
            entry("GET", "/v1/feedback-configs/{name}", Door.NATIVE, Browser.REFUSED, one("name", "config"), noBody(), noQuery(), List.of()),
            entry("GET", "/v1/feedback-configs", Door.NATIVE, Browser.REFUSED, none(), noBody(), noQuery(), List.of()),
            entry("DELETE", "/v1/feedback-configs/{name}", Door.NATIVE, Browser.REFUSED, one("name", "config"), noBody(), noQuery(), List.of()),
            // native: keys (admin)
            entry("POST", "/v1/keys", Door.NATIVE, Browser.REFUSED, none(),
                    List.of(ids -> "{\"role\": \"secret\", \"name\": \"issued by the caller\"}"), noQuery(), List.of()),
            entry("GET", "/v1/keys", Door.NATIVE, Browser.REFUSED, none(), noBody(), noQuery(), List.of()),
            entry("PATCH", "/v1/keys/{id}", Door.NATIVE, Browser.REFUSED, one("id", "key"),
                    List.of(ids -> "{\"allowed_origins\": [\"https://changed.example\"]}"), noQuery(), List.of()),
            entry("DELETE", "/v1/keys/{id}", Door.NATIVE, Browser.REFUSED, one("id", "key"), noBody(), noQuery(), List.of()),
            entry("GET", "/v1/audit", Door.NATIVE, Browser.REFUSED, none(), noBody(), noQuery(),
                    List.of("actor_id", "method", "route", "target_id", "since", "until", "limit", "cursor")),
            // native: end-user tokens (secret keys mint them for browsers)
            entry("POST", "/v1/tokens", Door.NATIVE, Browser.REFUSED, none(),
                    List.of(ids -> "{\"author_id\": \"" + ids.get("author") + "\", \"thread_id\": \"" + ids.get("thread")
                            + "\", \"message_id\": \"" + ids.get("message") + "\"}"), noQuery(), List.of()),
            // native: anonymous ids (publishable keys mint them for their browsers; nothing is stored)
            entry("POST", "/v1/anonymous-id", Door.NATIVE, Browser.MINTS_IDENTITY, none(), noBody(), noQuery(), List.of()),
            // native: insight
            entry("GET", "/v1/stats", Door.NATIVE, Browser.REFUSED, none(), noBody(),
                    ids -> "agent_id=" + ids.get("agent") + "&group_by=label&" + RANGE, STATS_PARAMS),
            entry("GET", "/v1/stats/compare", Door.NATIVE, Browser.REFUSED, none(), noBody(),
                    ids -> "a.agent_id=" + ids.get("agent") + "&b.agent_id=" + ids.get("devicAssistant") + "&" + RANGE, COMPARE_PARAMS),
            entry("GET", "/v1/stats/consistency", Door.NATIVE, Browser.REFUSED, none(), noBody(), noQuery(), List.of()),
            entry("GET", "/v1/stats/agreement", Door.NATIVE, Browser.REFUSED, none(), noBody(), ids -> "name=helpfulness",
                    List.of("name", "source", "agent_id", "created_from", "created_to")),
            entry("GET", "/v1/stats/judge", Door.NATIVE, Browser.REFUSED, none(), noBody(), ids -> "name=helpfulness&judge_source=model",
                    List.of("name", "judge_source", "agent_id", "created_from", "created_to")),
            entry("GET", "/v1/export", Door.NATIVE, Browser.REFUSED, none(), noBody(),
                    ids -> "agent_id=" + ids.get("agent") + "&format=jsonl",
                    concat(FEEDBACK_FILTERS.stream().filter(n -> !n.equals("cursor") && !n.equals("limit")).toList(), List.of("format"))),
            entry("POST", "/v1/import", Door.NATIVE, Browser.REFUSED, none(), List.of(EveryRoute::nativeFeedback),
                    ids -> "format=native", List.of("format")),
            // native: OTLP trace export (OTLP JSON; the protobuf, gzip and span cases are in context.OtlpTracesTest)
            entry("POST", "/v1/otel/v1/traces", Door.NATIVE, Browser.REFUSED, none(), List.of(ids -> "{\"resourceSpans\": []}"),
                    noQuery(), List.of()),
            // native: webhooks and alert rules
            entry("POST", "/v1/webhooks", Door.NATIVE, Browser.REFUSED, none(),
                    List.of(ids -> "{\"url\": \"" + WEBHOOK_URL + "\", \"events\": [\"feedback.created\"], \"description\": \"by the caller\"}"),
                    noQuery(), List.of()),
            entry("GET", "/v1/webhooks", Door.NATIVE, Browser.REFUSED, none(), noBody(), noQuery(), List.of()),
            entry("GET", "/v1/webhooks/{id}", Door.NATIVE, Browser.REFUSED, one("id", "webhook"), noBody(), noQuery(), List.of()),
            entry("PATCH", "/v1/webhooks/{id}", Door.NATIVE, Browser.REFUSED, one("id", "webhook"),
                    List.of(ids -> "{\"description\": \"changed by the caller\", \"enabled\": false}"), noQuery(), List.of()),
            entry("DELETE", "/v1/webhooks/{id}", Door.NATIVE, Browser.REFUSED, one("id", "webhook"), noBody(), noQuery(), List.of()),
            entry("POST", "/v1/webhooks/{id}/rotate-secret", Door.NATIVE, Browser.REFUSED, one("id", "webhook"),
                    List.of(ids -> "{\"grace_period\": \"1h\"}"), noQuery(), List.of()),
            entry("POST", "/v1/webhooks/{id}/test", Door.NATIVE, Browser.REFUSED, one("id", "webhook"), noBody(), noQuery(), List.of()),
            entry("GET", "/v1/webhooks/{id}/deliveries", Door.NATIVE, Browser.REFUSED, one("id", "webhook"), noBody(),
                    ids -> "limit=100", List.of("status", "limit", "cursor")),
            entry("GET", "/v1/webhooks/{id}/deliveries/{event_id}", Door.NATIVE, Browser.REFUSED, deliveryParams(), noBody(), noQuery(), List.of()),
            entry("POST", "/v1/webhooks/{id}/deliveries/{event_id}/resend", Door.NATIVE, Browser.REFUSED, deliveryParams(), noBody(),
                    noQuery(), List.of()),
            entry("POST", "/v1/alerts", Door.NATIVE, Browser.REFUSED, none(),
                    List.of(ids -> "{\"description\": \"by the caller\", \"filter\": {\"agent_id\": \"" + ids.get("agent")
                            + "\"}, \"condition\": \"rate(thumbs_down) > 0.5\"}"), noQuery(), List.of()),
            entry("GET", "/v1/alerts", Door.NATIVE, Browser.REFUSED, none(), noBody(), noQuery(), List.of()),
            entry("GET", "/v1/alerts/{id}", Door.NATIVE, Browser.REFUSED, one("id", "alert"), noBody(), noQuery(), List.of()),
            entry("PATCH", "/v1/alerts/{id}", Door.NATIVE, Browser.REFUSED, one("id", "alert"),
                    List.of(ids -> "{\"description\": \"changed by the caller\", \"enabled\": false}"), noQuery(), List.of()),
            entry("DELETE", "/v1/alerts/{id}", Door.NATIVE, Browser.REFUSED, one("id", "alert"), noBody(), noQuery(), List.of()),
            entry("GET", "/v1/alerts/{id}/history", Door.NATIVE, Browser.REFUSED, one("id", "alert"), noBody(), ids -> "limit=10", List.of("limit")),
            entry("POST", "/v1/review-queues", Door.NATIVE, Browser.REFUSED, none(),
                    List.of(ids -> "{\"name\": \"by the caller\", \"form\": [\"helpfulness\"]}"), noQuery(), List.of()),
            entry("GET", "/v1/review-queues", Door.NATIVE, Browser.REFUSED, none(), noBody(), noQuery(), List.of()),
            entry("GET", "/v1/review-queues/{id}", Door.NATIVE, Browser.REFUSED, one("id", "reviewQueue"), noBody(), noQuery(), List.of()),
            entry("POST", "/v1/review-queues/{id}/items", Door.NATIVE, Browser.REFUSED, one("id", "reviewQueue"),
                    List.of(ids -> "{\"items\": [{\"message_id\": \"" + ids.get("message") + "-by-the-caller\"}]}"), noQuery(), List.of()),
            entry("GET", "/v1/review-queues/{id}/items/{item_id}", Door.NATIVE, Browser.REFUSED, reviewItemParams(), noBody(), noQuery(), List.of()),
            entry("POST", "/v1/review-queues/{id}/next", Door.NATIVE, Browser.REFUSED, one("id", "reviewQueue"),
                    List.of(ids -> "{\"reviewer_id\": \"by-the-caller\"}"), noQuery(), List.of()),
            entry("POST", "/v1/review-queues/{id}/items/{item_id}/reviews", Door.NATIVE, Browser.REFUSED, reviewItemParams(),
                    List.of(ids -> "{\"reviewer_id\": \"by-the-caller\", \"answers\": [{\"name\": \"helpfulness\", \"label\": \"good\"}]}"),
                    noQuery(), List.of()),
            entry("POST", "/v1/review-queues/{id}/items/{item_id}/release", Door.NATIVE, Browser.REFUSED, reviewItemParams(),
                    List.of(ids -> "{\"reviewer_id\": \"by-the-caller\"}"), noQuery(), List.of()),
            entry("POST", "/v1/review-queues/{id}/items/{item_id}/skip", Door.NATIVE, Browser.REFUSED, reviewItemParams(),
                    List.of(ids -> "{\"reviewer_id\": \"by-the-caller\"}"), noQuery(), List.of()),
            entry("GET", "/v1/review-queues/{id}/disagreements", Door.NATIVE, Browser.REFUSED, one("id", "reviewQueue"), noBody(),
                    ids -> "name=helpfulness", List.of("name")),
            entry("POST", "/v1/review-queues/{id}/items/{item_id}/resolution", Door.NATIVE, Browser.REFUSED, reviewItemParams(),
                    List.of(ids -> "{\"adjudicator_id\": \"by-the-caller\", \"name\": \"helpfulness\", \"label\": \"bad\"}"),
                    noQuery(), List.of()),
            entry("GET", "/v1/review-queues/{id}/agreement", Door.NATIVE, Browser.REFUSED, one("id", "reviewQueue"), noBody(),
                    ids -> "name=helpfulness", List.of("name")),
            entry("POST", "/v1/review-queues/{id}/filters", Door.NATIVE, Browser.REFUSED, one("id", "reviewQueue"),
                    List.of(ids -> "{\"feedback\": {\"name\": \"helpfulness\"}, \"sample\": {\"rate\": 0.5, \"seed\": \"s\"}}"), noQuery(), List.of()),
            entry("GET", "/v1/review-queues/{id}/filters", Door.NATIVE, Browser.REFUSED, one("id", "reviewQueue"), noBody(), noQuery(), List.of()),
            entry("DELETE", "/v1/review-queues/{id}/filters/{filter_id}", Door.NATIVE, Browser.REFUSED,
                    ids -> Map.of("id", ids.get("reviewQueue"), "filter_id", ids.get("reviewFilter")), noBody(), noQuery(), List.of()),
            entry("GET", "/v1/review-queues/{id}/win-rates", Door.NATIVE, Browser.REFUSED, one("id", "reviewQueue"), noBody(),
                    ids -> "name=helpfulness&by=model", List.of("name", "by")),
            // Langfuse (HTTP Basic; a publishable key as the user writes scores only)
            entry("GET", "/compat/langfuse/api/public/health", Door.LANGFUSE, Browser.PUBLIC, none(), noBody(), noQuery(), List.of()),
            entry("POST", "/compat/langfuse/api/public/scores", Door.LANGFUSE, Browser.CREATES, none(),
                    List.of(body("{\"id\": \"%s\", \"traceId\": \"%s\", \"name\": \"quality\", \"value\": 0.5, \"comment\": \"by the caller\"}",
                            "lfScore", "trace")), noQuery(), List.of()),
            entry("POST", "/compat/langfuse/api/public/ingestion", Door.LANGFUSE, Browser.CREATES, none(),
                    List.of(body("{\"batch\": [{\"id\": \"%s\", \"type\": \"score-create\", \"timestamp\": \"2026-01-01T00:00:00Z\", "
                            + "\"body\": {\"id\": \"%s\", \"traceId\": \"%s\", \"name\": \"quality\", \"value\": 0.5}}]}", "lfEvent", "lfScore", "trace")),
                    noQuery(), List.of()),
            entry("POST", "/compat/langfuse/api/public/otel/v1/traces", Door.LANGFUSE, Browser.REFUSED, none(),
                    List.of(ids -> "{\"resourceSpans\": []}"), noQuery(), List.of()),
            entry("GET", "/compat/langfuse/api/public/scores", Door.LANGFUSE, Browser.REFUSED, none(), noBody(),
                    ids -> "traceId=" + ids.get("trace"), LANGFUSE_FILTERS),
            entry("GET", "/compat/langfuse/api/public/v2/scores", Door.LANGFUSE, Browser.REFUSED, none(), noBody(),
                    ids -> "traceId=" + ids.get("trace"), LANGFUSE_FILTERS),
            entry("GET", "/compat/langfuse/api/public/v3/scores", Door.LANGFUSE, Browser.REFUSED, none(), noBody(),
                    ids -> "traceId=" + ids.get("trace"), LANGFUSE_FILTERS),
            entry("GET", "/compat/langfuse/api/public/scores/{scoreId}", Door.LANGFUSE, Browser.REFUSED, one("scoreId", "lfScore"), noBody(),
                    noQuery(), List.of()),
            entry("GET", "/compat/langfuse/api/public/v2/scores/{scoreId}", Door.LANGFUSE, Browser.REFUSED, one("scoreId", "lfScore"), noBody(),
                    noQuery(), List.of()),
            entry("GET", "/compat/langfuse/api/public/v3/scores/{scoreId}", Door.LANGFUSE, Browser.REFUSED, one("scoreId", "lfScore"), noBody(),
                    noQuery(), List.of()),
            entry("DELETE", "/compat/langfuse/api/public/scores/{scoreId}", Door.LANGFUSE, Browser.REFUSED, one("scoreId", "lfScore"), noBody(),
                    noQuery(), List.of()),
            entry("GET", "/compat/langfuse/api/public/score-configs", Door.LANGFUSE, Browser.REFUSED, none(), noBody(),
                    ids -> "limit=100", List.of("page", "limit")),
            entry("POST", "/compat/langfuse/api/public/score-configs", Door.LANGFUSE, Browser.REFUSED, none(),
                    List.of(body("{\"name\": \"%s\", \"dataType\": \"NUMERIC\", \"minValue\": 0, \"maxValue\": 1}", "lfConfig")),
                    noQuery(), List.of()),
            entry("GET", "/compat/langfuse/api/public/score-configs/{configId}", Door.LANGFUSE, Browser.REFUSED, one("configId", "lfConfig"),
                    noBody(), noQuery(), List.of()),
            entry("PATCH", "/compat/langfuse/api/public/score-configs/{configId}", Door.LANGFUSE, Browser.REFUSED, one("configId", "lfConfig"),
                    List.of(ids -> "{\"description\": \"changed by the caller\"}"), noQuery(), List.of()),
            // LangSmith
            entry("GET", "/compat/langsmith/info", Door.FASTAPI, Browser.PUBLIC, none(), noBody(), noQuery(), List.of()),
            entry("POST", "/compat/langsmith/feedback", Door.FASTAPI, Browser.CREATES, none(),
                    List.of(body("{\"id\": \"%s\", \"run_id\": \"%s\", \"key\": \"rating\", \"score\": 1, \"comment\": \"by the caller\"}",
                            "lsFeedback", "lsRun")), noQuery(), List.of()),
            entry("GET", "/compat/langsmith/feedback", Door.FASTAPI, Browser.REFUSED, none(), noBody(),
                    ids -> "run=" + ids.get("lsRun"), List.of("run", "key", "source", "session", "user", "has_comment", "has_score",
                            "min_created_at", "max_created_at", "offset", "limit")),
            entry("GET", "/compat/langsmith/feedback/{feedback_id}", Door.FASTAPI, Browser.REFUSED, one("feedback_id", "lsFeedback"), noBody(),
                    noQuery(), List.of()),
            entry("PATCH", "/compat/langsmith/feedback/{feedback_id}", Door.FASTAPI, Browser.REFUSED, one("feedback_id", "lsFeedback"),
                    List.of(ids -> "{\"comment\": \"changed by the caller\"}"), noQuery(), List.of()),
            entry("DELETE", "/compat/langsmith/feedback/{feedback_id}", Door.FASTAPI, Browser.REFUSED, one("feedback_id", "lsFeedback"), noBody(),
                    noQuery(), List.of()),
            entry("POST", "/compat/langsmith/feedback/tokens", Door.FASTAPI, Browser.REFUSED, none(),
                    List.of(ids -> "{\"run_id\": \"" + ids.get("lsRun") + "\", \"feedback_key\": \"rating\", \"expires_at\": \""
                            + java.time.Instant.now().plus(java.time.Duration.ofDays(7)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + "\"}"),
                    noQuery(), List.of()),
            // a feedback token is a capability of its own: whoever holds it may submit (seed of LangSmith); tenants
            // never see each other's tokens, so both sides of the matrix use tokens that exist nowhere
            entry("GET", "/compat/langsmith/feedback/tokens/{token}", Door.FASTAPI, Browser.NO_KEY, one("token", "lsToken"), noBody(),
                    ids -> "score=1", List.of("score", "value", "comment", "correction")),
            entry("POST", "/compat/langsmith/feedback/tokens/{token}", Door.FASTAPI, Browser.NO_KEY, one("token", "lsToken"),
                    List.of(ids -> "{\"score\": 1, \"comment\": \"by the caller\"}"), noQuery(), List.of()),
            // LangSmith tracing (runs recorded as messages)
            entry("POST", "/compat/langsmith/runs", Door.FASTAPI, Browser.REFUSED, none(),
                    List.of(body("{\"id\": \"%s\", \"name\": \"answer\", \"run_type\": \"llm\", \"inputs\": {\"q\": \"by the caller\"}}", "lsRun")),
                    noQuery(), List.of()),
            entry("PATCH", "/compat/langsmith/runs/{run_id}", Door.FASTAPI, Browser.REFUSED, one("run_id", "lsRun"),
                    List.of(ids -> "{\"outputs\": {\"output\": \"by the caller\"}}"), noQuery(), List.of()),
            entry("POST", "/compat/langsmith/runs/batch", Door.FASTAPI, Browser.REFUSED, none(),
                    List.of(body("{\"post\": [{\"id\": \"%s\", \"name\": \"answer\", \"run_type\": \"llm\"}], \"patch\": []}", "lsRun")),
                    noQuery(), List.of()),
            entry("POST", "/compat/langsmith/runs/multipart", Door.FASTAPI, Browser.REFUSED, none(),
                    List.of(ids -> "{}"), noQuery(), List.of()),
            // Scale
            entry("PUT", SCALE, Door.FASTAPI, Browser.CREATES, scaleParams(),
                    List.of(ids -> """
                            {"chat_thread_id": "%s", "application_interaction_id": "%s", "sentiment": "positive", "description": "by the caller"}"""
                            .formatted(ids.get("scaleThread"), ids.get("scaleMessage"))), noQuery(), List.of()),
            entry("DELETE", SCALE, Door.FASTAPI, Browser.CHANGES_OWN, scaleParams(), noBody(), noQuery(), List.of()),
            // Contextual: a thumb, and the undo ("removed") that goes through the same route
            entry("POST", "/compat/contextual/v1/agents/{agent_id}/feedback", Door.FASTAPI, Browser.CREATES, one("agent_id", "agent"),
                    List.of(ids -> "{\"message_id\": \"" + ids.get("contextualMessage") + "\", \"feedback\": \"thumbs_down\", \"explanation\": \"by the caller\"}",
                            ids -> "{\"message_id\": \"" + ids.get("contextualMessage") + "\", \"feedback\": \"removed\"}"),
                    noQuery(), List.of()),
            // VirtuousAI
            entry("POST", "/compat/virtuous/api/v1/feedback", Door.FASTAPI, Browser.CREATES, none(),
                    List.of(ids -> """
                            {"clientFeedbackId": "%s", "kind": "reaction", "messageId": "%s", "threadId": "%s", "reaction": "thumbs_up", "comment": "by the caller"}"""
                            .formatted(ids.get("virtuousClientId"), ids.get("virtuousMessage"), ids.get("thread"))), noQuery(), List.of()),
            entry("GET", "/compat/virtuous/api/v1/feedback/threads/{thread_id}/reactions", Door.FASTAPI, Browser.REFUSED,
                    one("thread_id", "thread"), noBody(), noQuery(), List.of()),
            entry("GET", "/compat/virtuous/api/v1/feedback/{feedback_item_id}", Door.FASTAPI, Browser.REFUSED,
                    one("feedback_item_id", "virtuousItem"), noBody(), noQuery(), List.of()),
            entry("PATCH", "/compat/virtuous/api/v1/feedback/{feedback_item_id}", Door.FASTAPI, Browser.CHANGES_OWN,
                    one("feedback_item_id", "virtuousItem"),
                    List.of(ids -> "{\"kind\": \"reaction\", \"reaction\": \"thumbs_down\", \"comment\": \"changed by the caller\"}"), noQuery(), List.of()),
            entry("DELETE", "/compat/virtuous/api/v1/feedback/{feedback_item_id}", Door.FASTAPI, Browser.CHANGES_OWN,
                    one("feedback_item_id", "virtuousItem"), noBody(), noQuery(), List.of()),
            // Devic
            entry("POST", DEVIC_CHAT, Door.DEVIC, Browser.CREATES, devicChatParams(),
                    List.of(ids -> "{\"messageId\": \"" + ids.get("devicMessage") + "\", \"feedback\": false, \"feedbackComment\": \"by the caller\"}"),
                    noQuery(), List.of()),
            entry("GET", DEVIC_CHAT, Door.DEVIC, Browser.REFUSED, devicChatParams(), noBody(), noQuery(), List.of()),
            entry("POST", DEVIC_THREAD, Door.DEVIC, Browser.CREATES, one("threadId", "devicThread"),
                    List.of(ids -> "{\"messageId\": \"" + ids.get("devicMessage") + "\", \"feedback\": true}"), noQuery(), List.of()),
            entry("GET", DEVIC_THREAD, Door.DEVIC, Browser.REFUSED, one("threadId", "devicThread"), noBody(), noQuery(), List.of()),
            // Parea
            entry("POST", "/compat/parea/api/parea/v1/feedback", Door.FASTAPI, Browser.CREATES, none(),
                    List.of(ids -> "{\"trace_id\": \"" + ids.get("trace") + "\", \"score\": 0.25, \"comment\": \"by the caller\"}"), noQuery(), List.of()),
            entry("POST", "/compat/parea/api/parea/v1/project", Door.FASTAPI, Browser.CREATES, none(),
                    List.of(ids -> "{\"name\": \"" + ids.get("project") + "\"}"), noQuery(), List.of()),
            entry("POST", "/compat/parea/api/parea/v1/trace_log", Door.FASTAPI, Browser.REFUSED, none(),
                    List.of(ids -> "{\"trace_id\": \"" + ids.get("trace") + "\", \"output\": \"by the caller\"}"), noQuery(), List.of()),
            entry("PUT", "/compat/parea/api/parea/v1/trace_log", Door.FASTAPI, Browser.REFUSED, none(),
                    List.of(ids -> "{\"trace_id\": \"" + ids.get("trace") + "\", \"field_name_to_value_map\": {\"output\": \"by the caller\"}}"),
                    noQuery(), List.of()),
            // public: no key, no tenant data
            entry("GET", "/healthz", Door.PUBLIC, Browser.PUBLIC, none(), noBody(), noQuery(), List.of()),
            entry("GET", "/readyz", Door.PUBLIC, Browser.PUBLIC, none(), noBody(), noQuery(), List.of()),
            entry("GET", "/metrics", Door.PUBLIC, Browser.PUBLIC, none(), noBody(), noQuery(), List.of()),
            entry("GET", "/openapi.json", Door.PUBLIC, Browser.PUBLIC, none(), noBody(), noQuery(), List.of()),
            entry("GET", "/docs", Door.PUBLIC, Browser.PUBLIC, none(), noBody(), noQuery(), List.of()),
            entry("OPTIONS", "/v1/*", Door.PUBLIC, Browser.PUBLIC, none(), noBody(), noQuery(), List.of()),
            // each door's CORS preflight: no key, but a refusal there (a bad query string) is in that door's shape
            entry("OPTIONS", "/compat/scale/*", Door.FASTAPI, Browser.PUBLIC, none(), noBody(), noQuery(), List.of()),
            entry("OPTIONS", "/compat/contextual/v1/*", Door.FASTAPI, Browser.PUBLIC, none(), noBody(), noQuery(), List.of()),
            entry("OPTIONS", "/compat/virtuous/*", Door.FASTAPI, Browser.PUBLIC, none(), noBody(), noQuery(), List.of()),
            entry("OPTIONS", "/compat/devic/*", Door.DEVIC, Browser.PUBLIC, none(), noBody(), noQuery(), List.of()),
            entry("OPTIONS", "/compat/parea/*", Door.FASTAPI, Browser.PUBLIC, none(), noBody(), noQuery(), List.of()),
            entry("OPTIONS", "/compat/langfuse/*", Door.LANGFUSE, Browser.PUBLIC, none(), noBody(), noQuery(), List.of()),
            entry("OPTIONS", "/compat/langsmith/*", Door.FASTAPI, Browser.PUBLIC, none(), noBody(), noQuery(), List.of()),
            entry("GET", "/", Door.PUBLIC, Browser.PUBLIC, none(), noBody(), noQuery(), List.of()),
            entry("GET", "/assets/{file}", Door.PUBLIC, Browser.PUBLIC, ids -> Map.of("file", "dashboard.css"), noBody(), noQuery(), List.of()),
            // native: people and sign-in
            entry("POST", "/v1/auth/login", Door.NATIVE, Browser.PUBLIC, none(),
                    List.of(ids -> "{\"email\": \"" + ids.get("author") + "@example.com\", \"password\": \"not the password 1\"}"), noQuery(), List.of()),
            entry("POST", "/v1/auth/logout", Door.NATIVE, Browser.REFUSED, none(), noBody(), noQuery(), List.of()),
            entry("GET", "/v1/me", Door.NATIVE, Browser.REFUSED, none(), noBody(), noQuery(), List.of()),
            entry("GET", "/v1/users", Door.NATIVE, Browser.REFUSED, none(), noBody(), noQuery(), List.of()),
            entry("POST", "/v1/users", Door.NATIVE, Browser.REFUSED, none(),
                    List.of(ids -> "{\"email\": \"invited-" + ids.get("author") + "@example.com\", \"role\": \"viewer\"}"), noQuery(), List.of()),
            entry("PATCH", "/v1/users/{id}", Door.NATIVE, Browser.REFUSED, one("id", "person"),
                    List.of(ids -> "{\"role\": \"editor\"}"), noQuery(), List.of()),
            entry("DELETE", "/v1/users/{id}", Door.NATIVE, Browser.REFUSED, one("id", "person"), noBody(), noQuery(), List.of()),
            entry("GET", "/v1/invitations", Door.NATIVE, Browser.REFUSED, none(), noBody(), noQuery(), List.of()),
            entry("POST", "/v1/invitations", Door.NATIVE, Browser.REFUSED, none(),
                    List.of(ids -> "{\"email\": \"invited-" + ids.get("author") + "@example.com\", \"role\": \"viewer\"}"), noQuery(), List.of()),
            entry("POST", "/v1/invitations/{token}/accept", Door.NATIVE, Browser.PUBLIC, one("token", "invitation"),
                    List.of(ids -> "{\"name\": \"Ada\", \"password\": \"a long enough password\"}"), noQuery(), List.of()),
            // native: project settings
            entry("GET", "/v1/settings", Door.NATIVE, Browser.REFUSED, none(), noBody(), noQuery(), List.of()),
            entry("PATCH", "/v1/settings", Door.NATIVE, Browser.REFUSED, none(),
                    List.of(ids -> "{\"time_zone\": \"UTC\"}"), noQuery(), List.of()),
            // native: your own account (a session's person; an API key has none and is answered 422)
            entry("POST", "/v1/me/password", Door.NATIVE, Browser.REFUSED, none(),
                    List.of(ids -> "{\"current_password\": \"not the password 1\", \"new_password\": \"a long enough password\"}"), noQuery(), List.of()),
            entry("GET", "/v1/me/sessions", Door.NATIVE, Browser.REFUSED, none(), noBody(), noQuery(), List.of()),
            entry("DELETE", "/v1/me/sessions/{id}", Door.NATIVE, Browser.REFUSED, one("id", "person"), noBody(), noQuery(), List.of()),
            // native: single sign-on (no credential: the signed sign-in cookie and the provider's code are the proof;
            // 404 problem+json on a hub without FEEDBACK_HUB_OIDC_ISSUER, signin/SingleSignOnTest covers the flow)
            entry("GET", "/v1/auth/methods", Door.NATIVE, Browser.PUBLIC, none(), noBody(), noQuery(), List.of()),
            entry("GET", "/v1/auth/oidc/start", Door.NATIVE, Browser.PUBLIC, none(), noBody(), noQuery(), List.of()),
            entry("GET", "/v1/auth/oidc/callback", Door.NATIVE, Browser.PUBLIC, none(), noBody(),
                    ids -> "code=" + enc(ids.get("author")) + "&state=" + enc(ids.get("author")), List.of("code", "state", "error", "error_description")),
            entry("GET", "/widget.js", Door.PUBLIC, Browser.PUBLIC, none(), noBody(), noQuery(), List.of()));

    private EveryRoute() {
    }

    /** The table's entry for a served route; empty when the table does not know it (the caller fails). */
    static Optional<Entry> of(Route route) {
        return ALL.stream().filter(e -> e.route().equals(route)).findFirst();
    }

    /**
     * The served routes, each with its entry; fails naming every served route the table cannot exercise and every
     * table entry the server no longer serves.
     */
    static List<Entry> forServed(List<Route> served) {
        var unknown = served.stream().filter(r -> of(r).isEmpty()).toList();
        var gone = ALL.stream().map(Entry::route).filter(r -> !served.contains(r)).toList();
        if (!unknown.isEmpty() || !gone.isEmpty()) {
            throw new AssertionError("the route table of reliability/EveryRoute is out of date: served but unknown to it "
                    + unknown + ", known to it but not served " + gone + "; describe every route there (params, body, door, "
                    + "what a browser key may do) so that the isolation matrix and the fuzzer cover it");
        }
        return ALL; // in the table's order: a create comes before the change and the undo of what it created
    }

    static String nativeFeedback(Ids ids) {
        return """
                {"agent_id": "%s", "thread_id": "%s", "message_id": "%s", "author_id": "%s", "client_feedback_id": "%s", \
                "label": "thumbs_up", "comment": "by the caller"}""".formatted(ids.get("agent"), ids.get("thread"), ids.get("message"),
                ids.get("author"), ids.get("clientFeedbackId"));
    }

    static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Path segment encoding: like a query value, but a space is %20, not +. */
    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static Entry entry(String method, String template, Door door, Browser browser, Function<Ids, Map<String, String>> params,
                               List<Function<Ids, String>> bodies, Function<Ids, String> query, List<String> queryNames) {
        var auth = browser == Browser.PUBLIC || browser == Browser.NO_KEY ? Auth.NONE : door == Door.LANGFUSE ? Auth.BASIC : Auth.KEY;
        return new Entry(method, template, door, browser, auth, params, bodies, query, queryNames);
    }

    private static Function<Ids, String> body(String template, String... idNames) {
        return ids -> {
            var values = new Object[idNames.length];
            for (int i = 0; i < idNames.length; i++) {
                values[i] = ids.get(idNames[i]);
            }
            return template.formatted(values);
        };
    }

    private static Function<Ids, Map<String, String>> none() {
        return ids -> Map.of();
    }

    private static Function<Ids, Map<String, String>> one(String param, String idName) {
        return ids -> Map.of(param, ids.get(idName));
    }

    private static Function<Ids, Map<String, String>> reviewItemParams() {
        return ids -> Map.of("id", ids.get("reviewQueue"), "item_id", ids.get("reviewItem"));
    }

    private static Function<Ids, Map<String, String>> deliveryParams() {
        return ids -> Map.of("id", ids.get("webhook"), "event_id", ids.get("delivery"));
    }

    private static Function<Ids, Map<String, String>> scaleParams() {
        return ids -> Map.of("thread_id", ids.get("scaleThread"), "application_interaction_id", ids.get("scaleMessage"));
    }

    private static Function<Ids, Map<String, String>> devicChatParams() {
        return ids -> Map.of("identifier", ids.get("devicAssistant"), "chatUid", ids.get("devicChat"));
    }

    private static List<Function<Ids, String>> noBody() {
        return List.of(ids -> null);
    }

    private static Function<Ids, String> noQuery() {
        return ids -> "";
    }

    private static List<String> concat(List<String> a, List<String> b) {
        var all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
