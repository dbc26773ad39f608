package io.feedbackhub.dialect.langfuse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.feedbackhub.api.Credentials;
import io.feedbackhub.api.Cursor;
import io.feedbackhub.api.Door;
import io.feedbackhub.api.HttpFailure;
import io.feedbackhub.api.Json;
import io.feedbackhub.auth.KeyService;
import io.feedbackhub.auth.Principal;
import io.feedbackhub.auth.Role;
import io.feedbackhub.core.ConfigService;
import io.feedbackhub.core.Feedback;
import io.feedbackhub.core.FeedbackConfig;
import io.feedbackhub.core.FeedbackQuery;
import io.feedbackhub.core.FeedbackService;
import io.feedbackhub.core.FieldError;
import io.feedbackhub.core.IdempotencyConflict;
import io.feedbackhub.core.InvalidInput;
import io.feedbackhub.core.NotFound;
import io.feedbackhub.core.NotYours;
import io.feedbackhub.core.Source;
import io.feedbackhub.core.StoreUnavailable;
import io.feedbackhub.dialect.langfuse.ScoreRequest.DataType;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Langfuse's public API for scores under {@code /compat/langfuse}: the official SDKs work with
 * {@code baseUrl = http://HOST/compat/langfuse}, a Feedback Hub secret key as the secret key, and any public key.
 * Scores are feedback records (mapping in {@link ScoreRequest#toDraft}, identity in {@link Scores}); score configs
 * are feedback configs ({@link ScoreConfigs}). Errors come in Langfuse's shapes ({@link LangfuseError}).
 *
 * <p>Credentials: HTTP Basic as the SDKs send it, {@code publicKey:secretKey}. The password is a Feedback Hub
 * secret (or admin) key and decides the tenant; the username may be anything non-empty, and when it is a Feedback
 * Hub key it must belong to the same tenant. With an empty password the username may be a publishable key: the
 * browser case of Langfuse's public-key-only score writes (LangfuseWeb), allowed for score writes only.
 */
public final class LangfuseDialect implements Door {
    private static final Logger log = LoggerFactory.getLogger(LangfuseDialect.class);
    static final String PREFIX = "/compat/langfuse";
    private static final String API = PREFIX + "/api/public";
    static final int MAX_PAGE_SIZE = 100;
    static final int DEFAULT_PAGE_SIZE = 50;
    /** The Langfuse API generation this door speaks, reported by the health check. */
    static final String VERSION = "3.0.0";
    private static final String CREDENTIALS_EXPECTED =
            "HTTP Basic auth: any public key as username, a Feedback Hub secret key as password";

    private final FeedbackService feedback;
    private final ScoreConfigs configs;
    private final KeyService keys;
    private final Credentials credentials;
    private final Scores scores;

    public LangfuseDialect(FeedbackService feedback, ConfigService configs, KeyService keys, Credentials credentials) {
        this.feedback = feedback;
        this.configs = new ScoreConfigs(configs);
        this.keys = keys;
        this.credentials = credentials;
        this.scores = new Scores(feedback);
    }

    @Override
    public String prefix() {
        return PREFIX;
    }

    @Override
    public void register(Javalin app) {
        app.get(API + "/health", this::health);
        app.post(API + "/scores", this::createScore);
        app.post(API + "/ingestion", this::ingest);
        app.get(API + "/scores", this::listV2); // v1 path of the listing, same answer
        app.get(API + "/v2/scores", this::listV2);
        app.get(API + "/scores/{scoreId}", this::getV2);
        app.get(API + "/v2/scores/{scoreId}", this::getV2);
        app.delete(API + "/scores/{scoreId}", this::deleteScore);
        app.get(API + "/v3/scores", this::listV3);
        app.get(API + "/v3/scores/{scoreId}", this::getV3);
        app.get(API + "/score-configs", this::listConfigs);
        app.post(API + "/score-configs", this::createConfig);
        app.get(API + "/score-configs/{configId}", this::getConfig);
        app.patch(API + "/score-configs/{configId}", this::updateConfig);
    }

    // ---------------------------------------------------------------- routes

    /** Langfuse's health check; the store's health is /readyz. */
    private void health(Context ctx) {
        ctx.json(Json.MAPPER.createObjectNode().put("status", "OK").put("version", VERSION));
    }

    private void createScore(Context ctx) {
        var principal = authenticate(ctx);
        var id = writeScore(principal, Json.parse(ctx.body()));
        ctx.json(Json.MAPPER.createObjectNode().put("id", id));
    }

    /**
     * A batch of events, answered 207 with one entry per event: {@code score-create} events are written in order,
     * each on its own (one refused event does not stop the others); other event types (traces, observations) are
     * answered with an error of their own, since Feedback Hub stores scores only.
     */
    private void ingest(Context ctx) {
        var principal = authenticate(ctx);
        var body = Json.parse(ctx.body());
        var batch = body.get("batch");
        if (!(body instanceof ObjectNode) || batch == null || !batch.isArray()) {
            var problem = Json.MAPPER.createObjectNode().put("message", LangfuseError.INVALID_REQUEST_DATA);
            problem.putArray("errors").add(batch == null ? "batch: Required" : "batch: Expected array, received " + batch.getNodeType().name().toLowerCase());
            ctx.status(400).json(problem);
            return;
        }
        var answer = Json.MAPPER.createObjectNode();
        var successes = answer.putArray("successes");
        var errors = answer.putArray("errors");
        for (var event : batch) {
            var eventId = event.path("id").isTextual() ? event.get("id").textValue() : "unknown";
            var type = event.path("type").isTextual() ? event.get("type").textValue() : null;
            if (!"score-create".equals(type)) {
                errors.addObject().put("id", eventId).put("status", 400).put("message", "Event type not accepted")
                        .put("error", "Feedback Hub stores scores only: event type \"" + type + "\" is not accepted;"
                                + " send score-create events (traces and observations stay with your tracing backend)");
                continue;
            }
            try {
                writeScore(principal, event.get("body"));
                successes.addObject().put("id", eventId).put("status", 201);
            } catch (RuntimeException refused) {
                var error = errorOf(refused);
                var item = errors.addObject().put("id", eventId).put("status", error.status()).put("message", error.getMessage());
                var detail = error.body().get("error");
                if (detail != null) {
                    item.set("error", detail);
                }
            }
        }
        ctx.status(207).json(answer);
    }

    private void listV2(Context ctx) {
        var tenant = requireSecret(ctx).tenantId();
        var issues = new LangfuseError.Issues();
        int page = intParam(ctx, "page", 1, Integer.MAX_VALUE / MAX_PAGE_SIZE, 1, issues);
        int limit = intParam(ctx, "limit", 1, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE, issues);
        var configMap = configMap(tenant);
        var filter = v2Filter(ctx, configMap.keySet(), issues);
        var groups = csv(ctx.queryParam("fields"));
        issues.throwIfAny();
        boolean withTrace = groups == null || groups.contains("trace");
        int offset = (page - 1) * limit;

        List<Feedback> items;
        long total;
        if (filter.matchesNothing) {
            items = List.of();
            total = 0;
        } else if (filter.ids != null || filter.hasPredicates()) {
            var all = filter.ids != null ? byIds(tenant, filter) : collect(tenant, filter, Integer.MAX_VALUE);
            total = all.size();
            items = all.subList(Math.min(offset, all.size()), Math.min(offset + limit, all.size()));
        } else {
            total = feedback.count(tenant, filter.query(null, 1));
            items = skipTake(tenant, filter, offset, limit);
        }
        var answer = Json.MAPPER.createObjectNode();
        var data = answer.putArray("data");
        items.forEach(f -> data.add(ScoreJson.v2(f, tenant, configMap, withTrace)));
        answer.putObject("meta").put("page", page).put("limit", limit).put("totalItems", total)
                .put("totalPages", (total + limit - 1) / limit);
        ctx.json(answer);
    }

    private void getV2(Context ctx) {
        var tenant = requireSecret(ctx).tenantId();
        var score = found(tenant, ctx.pathParam("scoreId"));
        ctx.json(ScoreJson.v2(score, tenant, configMap(tenant), false));
    }

    private void deleteScore(Context ctx) {
        var principal = requireSecret(ctx);
        var score = found(principal.tenantId(), ctx.pathParam("scoreId"));
        feedback.delete(principal.actor(), score.id());
        ctx.status(204);
    }

    /** Cursor pages, newest first; the cursor is absent on the last page. */
    private void listV3(Context ctx) {
        var tenant = requireSecret(ctx).tenantId();
        var issues = new LangfuseError.Issues();
        int limit = intParam(ctx, "limit", 1, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE, issues);
        var configMap = configMap(tenant);
        var filter = v3Filter(ctx, configMap.keySet(), issues);
        var groups = v3Groups(ctx, issues);
        issues.throwIfAny();
        var after = Cursor.decode(ctx.queryParam("cursor"));

        var items = new ArrayList<Feedback>();
        String next = null;
        if (filter.matchesNothing) {
            // nothing to read
        } else if (filter.ids != null) {
            var all = byIds(tenant, filter).stream().filter(f -> after == null || f.id().compareTo(after) < 0).toList();
            items.addAll(all.subList(0, Math.min(limit, all.size())));
            next = all.size() > limit ? items.get(items.size() - 1).id() : null;
        } else if (!filter.hasPredicates()) {
            var page = feedback.list(tenant, filter.query(after, limit));
            items.addAll(page.items());
            next = page.nextAfter();
        } else {
            // One more than the page, so that the last page says so by having no cursor.
            var found = collectAfter(tenant, filter, after, limit + 1);
            items.addAll(found.subList(0, Math.min(limit, found.size())));
            next = found.size() > limit ? items.get(items.size() - 1).id() : null;
        }
        var answer = Json.MAPPER.createObjectNode();
        var data = answer.putArray("data");
        items.forEach(f -> data.add(ScoreJson.v3(f, tenant, configMap, groups)));
        var meta = answer.putObject("meta").put("limit", limit);
        if (next != null) {
            meta.put("cursor", Cursor.encode(next));
        }
        ctx.json(answer);
    }

    private void getV3(Context ctx) {
        var tenant = requireSecret(ctx).tenantId();
        var issues = new LangfuseError.Issues();
        var groups = ctx.queryParam("fields") == null ? Set.of("details", "subject", "annotation") : v3Groups(ctx, issues);
        issues.throwIfAny();
        var score = found(tenant, ctx.pathParam("scoreId"));
        ctx.json(ScoreJson.v3(score, tenant, configMap(tenant), groups));
    }

    private void listConfigs(Context ctx) {
        var tenant = requireSecret(ctx).tenantId();
        var issues = new LangfuseError.Issues();
        int page = intParam(ctx, "page", 1, Integer.MAX_VALUE / MAX_PAGE_SIZE, 1, issues);
        int limit = intParam(ctx, "limit", 1, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE, issues);
        issues.throwIfAny();
        var all = configs.list(tenant);
        int from = Math.min((page - 1) * limit, all.size());
        var answer = Json.MAPPER.createObjectNode();
        var data = answer.putArray("data");
        all.subList(from, Math.min(from + limit, all.size())).forEach(c -> data.add(ScoreConfigs.json(c, tenant)));
        answer.putObject("meta").put("page", page).put("limit", limit).put("totalItems", all.size())
                .put("totalPages", (all.size() + limit - 1) / limit);
        ctx.json(answer);
    }

    private void createConfig(Context ctx) {
        var tenant = requireSecret(ctx).tenantId();
        ctx.json(ScoreConfigs.json(configs.create(tenant, Json.parse(ctx.body())), tenant));
    }

    private void getConfig(Context ctx) {
        var tenant = requireSecret(ctx).tenantId();
        var config = configs.find(tenant, ctx.pathParam("configId"))
                .orElseThrow(() -> LangfuseError.notFound("Score config not found"));
        ctx.json(ScoreConfigs.json(config, tenant));
    }

    private void updateConfig(Context ctx) {
        var tenant = requireSecret(ctx).tenantId();
        ctx.json(ScoreConfigs.json(configs.update(tenant, ctx.pathParam("configId"), Json.parse(ctx.body())), tenant));
    }

    // ---------------------------------------------------------------- writing

    private String writeScore(Principal principal, JsonNode body) {
        var tenant = principal.tenantId();
        var issues = new LangfuseError.Issues();
        var request = ScoreRequest.read(body, issues);
        if (request == null) {
            throw LangfuseError.invalid(issues);
        }
        FeedbackConfig config = null;
        if (request.configId() != null) {
            config = configs.find(tenant, request.configId()).orElse(null);
            if (config == null) {
                issues.custom("configId " + request.configId() + " does not name a score config of this project", "configId");
            }
        } else if (request.name() != null) {
            config = configs.find(tenant, request.name()).orElse(null);
        }
        var draft = request.toDraft(config, issues, true);
        issues.throwIfAny();
        credentials.checkEndUser(principal, draft.authorId());
        return scores.write(principal.actor(), request.id(), draft);
    }

    // ---------------------------------------------------------------- reading

    private Feedback found(String tenant, String id) {
        return scores.find(tenant, id, false).orElseThrow(() -> LangfuseError.notFound("Score not found within authorized project"));
    }

    /** The records named by the id filter, newest first, that pass the other filters. */
    private List<Feedback> byIds(String tenant, ScoreFilter filter) {
        var seen = new LinkedHashSet<String>();
        var found = new ArrayList<Feedback>();
        for (var id : filter.ids) {
            scores.find(tenant, id, false).filter(filter::matches).filter(f -> seen.add(f.id())).ifPresent(found::add);
        }
        found.sort(Comparator.comparing(Feedback::id).reversed());
        return found;
    }

    private List<Feedback> collect(String tenant, ScoreFilter filter, int max) {
        return collectAfter(tenant, filter, null, max);
    }

    /** Walks the store's pages after {@code after}, keeping what the in-memory filters accept, up to {@code max}. */
    private List<Feedback> collectAfter(String tenant, ScoreFilter filter, String after, int max) {
        var kept = new ArrayList<Feedback>();
        scan(tenant, filter, after, FeedbackQuery.MAX_LIMIT, f -> {
            if (filter.accepts(f)) {
                kept.add(f);
            }
            return kept.size() < max;
        });
        return kept;
    }

    /** Page/limit over cursor pages: reads past the first {@code skip} rows (O(skip), documented). */
    private List<Feedback> skipTake(String tenant, ScoreFilter filter, int skip, int take) {
        var kept = new ArrayList<Feedback>();
        int[] seen = {0};
        scan(tenant, filter, null, Math.min(FeedbackQuery.MAX_LIMIT, skip + take), f -> {
            if (seen[0]++ >= skip) {
                kept.add(f);
            }
            return kept.size() < take;
        });
        return kept;
    }

    private void scan(String tenant, ScoreFilter filter, String after, int chunk, Predicate<Feedback> visitor) {
        var cursor = after;
        while (true) {
            var page = feedback.list(tenant, filter.query(cursor, chunk));
            for (var f : page.items()) {
                if (!visitor.test(f)) {
                    return;
                }
            }
            if (page.nextAfter() == null) {
                return;
            }
            cursor = page.nextAfter();
        }
    }

    private Map<String, FeedbackConfig> configMap(String tenant) {
        var map = new HashMap<String, FeedbackConfig>();
        configs.list(tenant).forEach(c -> map.put(c.name(), c));
        return map;
    }

    // ---------------------------------------------------------------- filters

    /** GET /api/public/v2/scores's query parameters (fern {@code scores.yml}, {@code GetScoresRequest}). */
    private ScoreFilter v2Filter(Context ctx, Set<String> configNames, LangfuseError.Issues issues) {
        var f = new ScoreFilter();
        f.authorId = ctx.queryParam("userId");
        f.name = ctx.queryParam("name");
        f.createdFrom = instant(ctx, "fromTimestamp", issues);
        f.createdTo = instant(ctx, "toTimestamp", issues);
        f.oneOf(ctx.queryParams("environment"), v -> f.metadata.put(ScoreRequest.ENVIRONMENT, v), ScoreJson::environment);
        f.source = source(ctx.queryParam("source"), issues);
        valueFilter(ctx, f, issues);
        var scoreIds = csv(ctx.queryParam("scoreIds"));
        if (scoreIds != null) {
            f.ids = List.copyOf(scoreIds);
        }
        configFilter(f, csv(ctx.queryParam("configId")), configNames);
        f.threadId = ctx.queryParam("sessionId");
        if (ctx.queryParam("datasetRunId") != null) {
            f.metadata.put(ScoreRequest.DATASET_RUN_ID, ctx.queryParam("datasetRunId"));
        }
        f.traceId = ctx.queryParam("traceId");
        f.oneOf(asList(csv(ctx.queryParam("observationId"))), v -> f.messageId = v, x -> x.target().messageId());
        if (ctx.queryParam("queueId") != null) {
            f.matchesNothing = true; // Feedback Hub has no annotation queues
        }
        dataTypeFilter(f, asList(csv(ctx.queryParam("dataType"))), issues);
        if (!ctx.queryParams("traceTags").isEmpty()) {
            issues.custom("traceTags is not supported: Feedback Hub does not store traces", "traceTags");
        }
        var filter = ctx.queryParam("filter");
        if (filter != null && !filter.isBlank() && !filter.strip().equals("[]")) {
            issues.custom("filter is not supported; use the named query parameters (name, userId, traceId, ...)", "filter");
        }
        return f;
    }

    /** GET /api/public/v3/scores's query parameters (fern {@code scores-v3.yml}): comma-separated lists. */
    private ScoreFilter v3Filter(Context ctx, Set<String> configNames, LangfuseError.Issues issues) {
        var f = new ScoreFilter();
        var ids = asList(csv(ctx.queryParam("id")));
        if (ids != null) {
            f.ids = ids;
        }
        f.oneOf(asList(csv(ctx.queryParam("name"))), v -> f.name = v, Feedback::name);
        var sources = asList(csv(ctx.queryParam("source")));
        if (sources != null) {
            var parsed = sources.stream().map(s -> source(s.toUpperCase(java.util.Locale.ROOT), issues)).toList();
            if (parsed.size() == 1) {
                f.source = parsed.get(0);
            } else {
                f.predicates.add(x -> parsed.contains(x.source()));
            }
        }
        var types = asList(csv(ctx.queryParam("dataType")));
        dataTypeFilter(f, types == null ? null : types.stream().map(t -> t.toUpperCase(java.util.Locale.ROOT)).toList(), issues);
        f.oneOf(asList(csv(ctx.queryParam("environment"))), v -> f.metadata.put(ScoreRequest.ENVIRONMENT, v), ScoreJson::environment);
        configFilter(f, csv(ctx.queryParam("configId")), configNames);
        if (ctx.queryParam("queueId") != null) {
            f.matchesNothing = true;
        }
        f.oneOf(asList(csv(ctx.queryParam("authorUserId"))), v -> f.authorId = v, Feedback::authorId);
        var valueMin = number(ctx, "valueMin", issues);
        var valueMax = number(ctx, "valueMax", issues);
        if ((valueMin != null || valueMax != null) && (types == null || !types.equals(List.of("NUMERIC")))) {
            issues.custom("valueMin and valueMax require dataType=NUMERIC", "dataType");
        }
        f.scoreMin = valueMin;
        f.scoreMax = valueMax;
        var values = asList(csv(ctx.queryParam("value")));
        if (values != null) {
            if (types == null || types.size() != 1 || !List.of("NUMERIC", "BOOLEAN", "CATEGORICAL").contains(types.get(0))) {
                issues.custom("value requires a single dataType of NUMERIC, BOOLEAN or CATEGORICAL", "value");
            } else {
                var type = DataType.valueOf(types.get(0));
                f.predicates.add(x -> values.contains(v3ValueText(x, type)));
            }
        }
        f.oneOf(asList(csv(ctx.queryParam("traceId"))), v -> f.traceId = v, x -> x.target().traceId());
        f.oneOf(asList(csv(ctx.queryParam("sessionId"))), v -> f.threadId = v, x -> x.target().threadId());
        f.oneOf(asList(csv(ctx.queryParam("observationId"))), v -> f.messageId = v, x -> x.target().messageId());
        f.oneOf(asList(csv(ctx.queryParam("experimentId"))), v -> f.metadata.put(ScoreRequest.DATASET_RUN_ID, v),
                x -> x.metadata().get(ScoreRequest.DATASET_RUN_ID));
        f.createdFrom = instant(ctx, "fromTimestamp", issues);
        f.createdTo = instant(ctx, "toTimestamp", issues);
        for (var deferred : List.of("userId", "traceTags")) {
            if (ctx.queryParam(deferred) != null) {
                issues.custom(deferred + " is not supported by the v3 scores API", deferred);
            }
        }
        return f;
    }

    private static String v3ValueText(Feedback f, DataType type) {
        return switch (type) {
            case NUMERIC -> f.score() == null ? null : trimNumber(f.score());
            case BOOLEAN -> String.valueOf("true".equals(f.label()));
            default -> f.label();
        };
    }

    private static String trimNumber(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    private static Set<String> v3Groups(Context ctx, LangfuseError.Issues issues) {
        var groups = csv(ctx.queryParam("fields"));
        if (groups == null) {
            return Set.of();
        }
        for (var g : groups) {
            if (g.equals("trace")) {
                issues.custom("fields=trace is reserved and not yet available", "fields");
            } else if (!List.of("core", "details", "subject", "annotation").contains(g)) {
                issues.custom("Unknown field group: \"" + g + "\". Allowed: core, details, subject, annotation", "fields");
            }
        }
        return groups;
    }

    /**
     * A config id is a config's name: the scores linked to a config are the scores of its name, while that config
     * exists ({@code configNames}).
     */
    private static void configFilter(ScoreFilter f, Set<String> configIds, Set<String> configNames) {
        var ids = asList(configIds);
        if (ids == null) {
            return;
        }
        var live = ids.stream().filter(configNames::contains).toList();
        if (live.isEmpty() || (f.name != null && !live.contains(f.name))) {
            f.matchesNothing = true;
            return;
        }
        f.oneOf(live, v -> f.name = v, Feedback::name);
    }

    private static void dataTypeFilter(ScoreFilter f, List<String> types, LangfuseError.Issues issues) {
        if (types == null) {
            return;
        }
        var parsed = new ArrayList<DataType>();
        for (var t : types) {
            if (DataType.NAMES.contains(t)) {
                parsed.add(DataType.valueOf(t));
            } else {
                issues.enumValue(DataType.NAMES, Json.MAPPER.getNodeFactory().textNode(t), "dataType");
            }
        }
        f.predicates.add(x -> parsed.contains(ScoreJson.dataType(x)));
    }

    /** Langfuse's {@code operator} and {@code value}: a range on the score, exact for every operator but "!=". */
    private static void valueFilter(Context ctx, ScoreFilter f, LangfuseError.Issues issues) {
        var operator = ctx.queryParam("operator");
        var value = number(ctx, "value", issues);
        if (operator == null && value == null) {
            return;
        }
        if (operator == null || value == null) {
            issues.custom("operator and value must be given together", operator == null ? "operator" : "value");
            return;
        }
        switch (operator) {
            case ">=" -> f.scoreMin = value;
            case "<=" -> f.scoreMax = value;
            case ">" -> f.scoreMin = Math.nextUp(value);
            case "<" -> f.scoreMax = Math.nextDown(value);
            case "=" -> {
                f.scoreMin = value;
                f.scoreMax = value;
            }
            case "!=" -> f.predicates.add(x -> x.score() != null && x.score().doubleValue() != value);
            default -> issues.enumValue(List.of("<", ">", "<=", ">=", "!=", "="), Json.MAPPER.getNodeFactory().textNode(operator), "operator");
        }
    }

    private static Source source(String text, LangfuseError.Issues issues) {
        if (text == null) {
            return null;
        }
        return switch (text) {
            case "API" -> Source.API;
            case "ANNOTATION" -> Source.USER;
            case "EVAL" -> Source.MODEL;
            default -> {
                issues.enumValue(List.of("ANNOTATION", "API", "EVAL"), Json.MAPPER.getNodeFactory().textNode(text), "source");
                yield null;
            }
        };
    }

    private static Set<String> csv(String text) {
        if (text == null) {
            return null;
        }
        var values = new LinkedHashSet<String>();
        Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty()).forEach(values::add);
        return values.isEmpty() ? null : values;
    }

    private static List<String> asList(Set<String> values) {
        return values == null ? null : new java.util.ArrayList<>(values); // List.copyOf's contains(null) would throw
    }

    private static int intParam(Context ctx, String name, int min, int max, int fallback, LangfuseError.Issues issues) {
        var text = ctx.queryParam(name);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text.strip());
            if (value >= min && value <= max) {
                return value;
            }
            issues.custom(name + " must be from " + min + " to " + max + ", got " + value, name);
        } catch (NumberFormatException e) {
            issues.custom(name + " must be an integer, got \"" + text + "\"", name);
        }
        return fallback;
    }

    private static Double number(Context ctx, String name, LangfuseError.Issues issues) {
        var text = ctx.queryParam(name);
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            double value = Double.parseDouble(text.strip());
            if (Double.isFinite(value)) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        issues.custom(name + " must be a finite number, got \"" + text + "\"", name);
        return null;
    }

    private static Instant instant(Context ctx, String name, LangfuseError.Issues issues) {
        var text = ctx.queryParam(name);
        if (text == null || text.isBlank()) {
            return null;
        }
        Instant parsed;
        try {
            parsed = Instant.parse(text.strip());
        } catch (DateTimeParseException e) {
            try {
                parsed = java.time.OffsetDateTime.parse(text.strip()).toInstant();
            } catch (DateTimeParseException again) {
                parsed = null;
            }
        }
        // years beyond 0000-9999 parse, but overflow epoch milliseconds further on (a 500 before this check)
        if (parsed == null || !io.feedbackhub.api.QueryParams.plausible(parsed)) {
            issues.custom(name + " must be an ISO 8601 datetime such as 2026-01-31T00:00:00Z, got \"" + text + "\"", name);
            return null;
        }
        return parsed;
    }

    // ---------------------------------------------------------------- credentials

    /** The caller of a score write: a secret key, or (empty password) a publishable key. */
    private Principal authenticate(Context ctx) {
        var basic = basic(ctx);
        if (basic[1].isEmpty()) {
            var principal = credentials.requirePresentedKey(ctx, basic[0], CREDENTIALS_EXPECTED);
            if (principal.role() != Role.PUBLISHABLE) {
                throw LangfuseError.auth(401, "Invalid credentials: put the secret key in the password, not the username");
            }
            return principal;
        }
        var principal = credentials.requirePresentedKey(ctx, basic[1], CREDENTIALS_EXPECTED);
        if (basic[0].startsWith("fh_")) {
            // A Feedback Hub key as public key must be one of the same tenant's, or the pair is a mix-up.
            var username = keys.authenticate(basic[0]);
            if (username.isEmpty() || !username.get().tenantId().equals(principal.tenantId())) {
                throw LangfuseError.auth(401, "Invalid credentials: the public key (username) is not a key of the"
                        + " secret key's tenant; use any other public key, or one of that tenant's publishable keys");
            }
        }
        return principal;
    }

    /** Reads and writes everything in the tenant: a secret or admin key in the password. */
    private Principal requireSecret(Context ctx) {
        var principal = authenticate(ctx);
        if (!principal.role().canRead()) {
            throw LangfuseError.auth(401, "Access denied - need to use basic auth with secret key");
        }
        return principal;
    }

    /** {@code [username, password]} of HTTP Basic auth, or 401 in Langfuse's words. */
    private static String[] basic(Context ctx) {
        var header = ctx.header("Authorization");
        if (header == null || header.isBlank()) {
            throw LangfuseError.auth(401, "No authorization header; expected " + CREDENTIALS_EXPECTED);
        }
        var value = header.strip();
        if (!value.regionMatches(true, 0, "Basic ", 0, 6)) {
            throw LangfuseError.auth(401, "Invalid authorization header: expected " + CREDENTIALS_EXPECTED);
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(value.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw LangfuseError.auth(401, "Invalid authorization header: the Basic credentials are not base64");
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            throw LangfuseError.auth(401, "Invalid authorization header: the public key (username) must not be empty");
        }
        return new String[]{decoded.substring(0, colon), decoded.substring(colon + 1)};
    }

    // ---------------------------------------------------------------- errors

    @Override
    public void respondToFailure(Throwable failure, Context ctx) {
        var error = errorOf(failure);
        if (failure instanceof StoreUnavailable) {
            ctx.header("Retry-After", "5");
        } else if (failure instanceof HttpFailure e && e.retryAfterSeconds() > 0) {
            ctx.header("Retry-After", Long.toString(e.retryAfterSeconds()));
        }
        ctx.status(error.status()).json(error.body());
    }

    /** Every failure as Langfuse would answer it. */
    private static LangfuseError errorOf(Throwable failure) {
        return switch (failure) {
            case LangfuseError e -> e;
            case InvalidInput e -> LangfuseError.invalid(issues(e.errors()));
            case Json.MalformedJson e -> LangfuseError.invalid(new LangfuseError.Issues()
                    .custom("the body is not valid JSON (at character " + e.position() + "): " + e.getMessage()));
            case NotFound e -> LangfuseError.notFound(e.getMessage());
            case NotYours e -> new LangfuseError(403, e.getMessage(), Json.MAPPER.getNodeFactory().textNode("ForbiddenError"));
            case IdempotencyConflict e -> LangfuseError.conflict(e.getMessage());
            case StoreUnavailable e -> new LangfuseError(503, "Service Unavailable: nothing was written, retry later", null);
            case HttpFailure e when e.status() == 401 || e.status() == 403 -> LangfuseError.auth(e.status(), e.getMessage());
            case HttpFailure e when e.status() == 429 -> new LangfuseError(429, e.getMessage(),
                    Json.MAPPER.getNodeFactory().textNode("TooManyRequestsError"));
            case HttpFailure e -> new LangfuseError(e.status(), e.getMessage(),
                    Json.MAPPER.getNodeFactory().textNode(e.status() == 400 ? "InvalidRequestError" : e.title()));
            case HttpResponseException e when e.getStatus() == 404 -> LangfuseError.notFound("Not found: " + e.getMessage());
            case HttpResponseException e when e.getStatus() == 405 -> new LangfuseError(405, "Method not allowed",
                    Json.MAPPER.getNodeFactory().textNode("MethodNotAllowedError"));
            case HttpResponseException e -> new LangfuseError(e.getStatus(), e.getMessage(), null);
            default -> {
                log.error("unexpected failure in the Langfuse door", failure);
                yield new LangfuseError(500, "Internal Server Error", Json.MAPPER.getNodeFactory().textNode("An unknown error occurred"));
            }
        };
    }

    /** Core field errors (native names) as zod issues at the Langfuse field that carried the value. */
    private static LangfuseError.Issues issues(List<FieldError> errors) {
        var issues = new LangfuseError.Issues();
        for (var e : errors) {
            var base = e.field().split("[.\\[]", 2)[0];
            var rest = e.field().substring(base.length());
            var path = new ArrayList<Object>();
            switch (base) {
                case "label", "score", "correction" -> path.add("value");
                case "trace_id" -> path.add("traceId");
                case "message_id" -> path.add("observationId");
                case "thread_id" -> path.add("sessionId");
                case "client_feedback_id" -> path.add("id");
                case "author_id" -> path.addAll(List.of("metadata", "userId"));
                case "data" -> path.add("metadata");
                case "labels" -> path.add("categories");
                case "min" -> path.add("minValue");
                case "max" -> path.add("maxValue");
                default -> path.add(base);
            }
            for (var part : rest.split("[.\\[\\]]")) {
                if (!part.isEmpty()) {
                    path.add(part.chars().allMatch(Character::isDigit) ? (Object) Integer.parseInt(part) : part);
                }
            }
            issues.custom(e.message(), path.toArray());
        }
        return issues;
    }
}
