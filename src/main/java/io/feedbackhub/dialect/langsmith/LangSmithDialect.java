package io.feedbackhub.dialect.langsmith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.feedbackhub.auth.EndUserToken;
import io.feedbackhub.auth.PresignedFeedbackTokens;
import io.feedbackhub.auth.Principal;
import io.feedbackhub.core.AuthorScope;
import io.feedbackhub.core.Feedback;
import io.feedbackhub.core.FeedbackDraft;
import io.feedbackhub.core.FeedbackField;
import io.feedbackhub.core.FeedbackFilter;
import io.feedbackhub.core.FeedbackQuery;
import io.feedbackhub.core.FeedbackService;
import io.feedbackhub.core.FieldError;
import io.feedbackhub.core.Ids;
import io.feedbackhub.core.InvalidInput;
import io.feedbackhub.core.NotFound;
import io.feedbackhub.core.WriteOutcome;
import io.feedbackhub.dialect.FastApiErrors;
import io.feedbackhub.context.TraceRecorder;
import io.feedbackhub.http.Cors;
import io.feedbackhub.http.Credentials.Source;
import io.feedbackhub.http.Access;
import io.feedbackhub.http.Credentials;
import io.feedbackhub.http.RouteTable;
import io.feedbackhub.http.WriteGate;
import io.feedbackhub.http.Door;
import io.feedbackhub.http.HttpFailure;
import io.feedbackhub.http.QueryParameters;
import io.feedbackhub.http.UnreadableRequest;
import io.feedbackhub.json.Json;
import io.javalin.http.Context;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * LangSmith's feedback API under {@code /compat/langsmith}: the official SDKs work with
 * {@code apiUrl = http://HOST/compat/langsmith} and a Feedback Hub secret key as the API key ({@code x-api-key}).
 * Feedback maps onto records as {@link LangSmithFeedback} describes; errors are FastAPI's ({@code detail}).
 *
 * <p>Ids: the SDKs choose each feedback's id (a UUID) and read, update and delete by it. That id is the record's
 * client_feedback_id, so a retried create replays (same values) or is refused with 409 (other values), and every
 * route finds the record by it. Records written elsewhere without such an id are known by their own (UUIDv7) id.
 */
public final class LangSmithDialect implements Door {
    static final String PREFIX = "/compat/langsmith";
    static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofHours(3);
    private static final int MAX_TOKENS_PER_REQUEST = 100;
    static final Duration MAX_TOKEN_LIFETIME = Duration.ofDays(30);
    static final int MAX_PAGE_SIZE = 100;
    /** The LangSmith API version this door answers as, in GET /info (the SDKs compare it with their minimums). */
    static final String VERSION = "0.18.0";
    private static final Source[] KEY_HEADERS = {Source.X_API_KEY, Source.AUTHORIZATION};

    /** Native field names in core errors → LangSmith's. */
    private static final Map<String, String> VENDOR_NAMES = Map.of(
            "name", "key",
            "message_id", "run_id",
            "agent_id", "session_id",
            "label", "value",
            "data", "value",
            "author_id", "feedback_source",
            "client_feedback_id", "id");

    private final FeedbackService feedback;
    private final Credentials credentials;
    private final WriteGate gate;
    private final PresignedFeedbackTokens tokens;
    private final Clock clock;
    private final Supplier<String> publicUrl;
    private final RunRoutes runs;

    /** {@code publicUrl}: the hub's base URL as its clients reach it (FEEDBACK_HUB_PUBLIC_URL), without a trailing slash. */
    public LangSmithDialect(FeedbackService feedback, Credentials credentials, WriteGate gate, PresignedFeedbackTokens tokens, Clock clock,
                              Supplier<String> publicUrl, TraceRecorder traced) {
        this.runs = new RunRoutes(traced);
        this.publicUrl = publicUrl;
        this.feedback = feedback;
        this.credentials = credentials;
        this.gate = gate;
        this.tokens = tokens;
        this.clock = clock;
    }

    @Override
    public String prefix() {
        return PREFIX;
    }

    /** A token URL needs no key: the token in it is the credential ({@link #usable}). */
    @Override
    public void declare(RouteTable routes) {
        routes.get(PREFIX + "/info", Access.OPEN, this::info)
                .post(PREFIX + "/feedback", Access.ANY_CALLER, this::create)
                .get(PREFIX + "/feedback", Access.SECRET, this::list)
                .post(PREFIX + "/feedback/tokens", Access.SECRET, this::createTokens)
                .get(PREFIX + "/feedback/tokens/{token}", Access.OPEN, this::submitByQuery)
                .post(PREFIX + "/feedback/tokens/{token}", Access.OPEN, this::submitByBody)
                .get(PREFIX + "/feedback/{feedback_id}", Access.SECRET, this::read)
                .patch(PREFIX + "/feedback/{feedback_id}", Access.SECRET, this::update)
                .delete(PREFIX + "/feedback/{feedback_id}", Access.SECRET, this::delete)
                .post(PREFIX + "/runs", Access.SECRET, runs::create)
                .patch(PREFIX + "/runs/{run_id}", Access.SECRET, runs::update)
                .post(PREFIX + "/runs/batch", Access.SECRET, runs::batch)
                .post(PREFIX + "/runs/multipart", Access.SECRET, runs::multipart);
    }

    @Override
    public Principal authenticate(Context ctx) {
        return credentials.require(ctx, KEY_HEADERS);
    }

    // ---------------------------------------------------------------- routes

    /**
     * What the SDKs ask before writing: this server takes feedback as plain JSON ({@code use_multipart_endpoint}
     * false keeps the SDK off the run-ingestion endpoint it would otherwise batch feedback through), so traced runs
     * come as JSON to /runs/batch; /runs/multipart is there for SDKs that use it regardless ({@link RunRoutes}).
     */
    private void info(Context ctx) {
        var info = Json.object().put("version", VERSION);
        info.putNull("license_expiration_time");
        info.putObject("batch_ingest_config").put("use_multipart_endpoint", false).put("scale_up_qsize_trigger", 1000)
                .put("scale_up_nthreads_limit", 16).put("scale_down_nempty_trigger", 4).put("size_limit", 100)
                .put("size_limit_bytes", 20_971_520);
        info.putObject("instance_flags").put("ch_query_enabled", true).put("sdb_query_enabled", false)
                .put("dataset_examples_multipart_enabled", false).put("gzip_body_enabled", false)
                .put("zstd_compression_enabled", false);
        ctx.json(info);
    }

    private void create(Context ctx) {
        var draft = LangSmithFeedback.readCreate(Json.parse(ctx.body()));
        var outcome = feedback.upsert(gate.admit(Credentials.caller(ctx)), draft);
        if (outcome instanceof WriteOutcome.Replayed replayed && replayed.feedback().deleted()) {
            throw new HttpFailure(409, "Conflict", "feedback " + draft.clientFeedbackId() + " was deleted; create new feedback under a new id");
        }
        ctx.json(LangSmithFeedback.json(outcome.feedback(), draft.clientFeedbackId()));
    }

    private void read(Context ctx) {
        var tenant = Credentials.caller(ctx).tenantId();
        var id = feedbackId(ctx);
        ctx.json(LangSmithFeedback.json(found(tenant, id), id));
    }

    private void update(Context ctx) {
        var principal = Credentials.caller(ctx);
        var id = feedbackId(ctx);
        var current = found(principal.tenantId(), id);
        var patch = LangSmithFeedback.readPatch(Json.parse(ctx.body()), current);
        ctx.json(LangSmithFeedback.json(feedback.patch(gate.admit(principal), current.id(), patch), id));
    }

    private void delete(Context ctx) {
        var principal = Credentials.caller(ctx);
        var current = found(principal.tenantId(), feedbackId(ctx));
        feedback.delete(gate.admit(principal), current.id());
        ctx.json(Json.object());
    }

    /**
     * GET /feedback: a JSON array, newest first, paged by offset and limit (the SDK pages until a short page).
     * Filters: run, key, source, session and user (each repeatable), has_comment, has_score, min_created_at,
     * max_created_at.
     */
    private void list(Context ctx) {
        var tenant = Credentials.caller(ctx).tenantId();
        var errors = new ArrayList<FieldError>();
        int offset = intParam(ctx, "offset", 0, Integer.MAX_VALUE, 0, errors);
        int limit = intParam(ctx, "limit", 1, MAX_PAGE_SIZE, MAX_PAGE_SIZE, errors);
        var sources = ctx.queryParams("source").stream().map(s -> LangSmithFeedback.sourceType(Json.text(s))).toList();
        var hasComment = bool(ctx, "has_comment", errors);
        var hasScore = bool(ctx, "has_score", errors);
        var createdFrom = instant(ctx, "min_created_at", errors);
        var maxCreated = instant(ctx, "max_created_at", errors);
        if (!errors.isEmpty()) {
            throw new InvalidInput(errors);
        }
        var filter = FeedbackFilter.ALL.oneOf(FeedbackField.MESSAGE_ID, ctx.queryParams("run"))
                .oneOf(FeedbackField.NAME, ctx.queryParams("key"))
                .oneOf(FeedbackField.AGENT_ID, ctx.queryParams("session"))
                .oneOf(FeedbackField.AUTHOR_ID, ctx.queryParams("user"))
                .sources(sources)
                .present(FeedbackField.COMMENT, hasComment)
                .present(FeedbackField.SCORE, hasScore)
                .createdBetween(createdFrom, maxCreated == null ? null : maxCreated.plusMillis(1));
        var answer = Json.array();
        feedback.list(tenant, FeedbackQuery.of(filter, limit).at(offset)).items()
                .forEach(f -> answer.add(LangSmithFeedback.json(f, null)));
        ctx.json(answer);
    }

    /**
     * POST /feedback/tokens: one token ({@code {run_id, feedback_key, expires_in | expires_at}}) or a list of
     * them; each answer is {@code {id, url, expires_at}}, the URL being where the holder sends feedback.
     */
    private void createTokens(Context ctx) {
        var principal = Credentials.caller(ctx);
        var body = Json.parse(ctx.body());
        if (!body.isArray()) {
            ctx.json(issue(ctx, principal, List.of(tokenRequest(body, ""))).get(0));
            return;
        }
        // An empty list would mint nothing and answer as if it had: refused, so a client bug does not pass silently.
        if (body.isEmpty() || body.size() > MAX_TOKENS_PER_REQUEST) {
            throw new InvalidInput(FieldError.of("", "1 to " + MAX_TOKENS_PER_REQUEST + " tokens per request, got " + body.size()));
        }
        // every item is checked before any token is stored, and all are stored in one transaction: a bad item or a
        // failed insert leaves nothing half minted
        var requests = new ArrayList<PresignedFeedbackTokens.Grant>();
        var errors = new ArrayList<FieldError>();
        for (int i = 0; i < body.size(); i++) {
            try {
                requests.add(tokenRequest(body.get(i), "[" + i + "]"));
            } catch (InvalidInput e) {
                errors.addAll(e.errors());
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInput(errors);
        }
        ArrayNode answer = Json.array();
        answer.addAll(issue(ctx, principal, requests));
        ctx.json(answer);
    }

    private PresignedFeedbackTokens.Grant tokenRequest(JsonNode request, String at) {
        var errors = new ArrayList<FieldError>();
        if (!(request instanceof ObjectNode o)) {
            throw new InvalidInput(new FieldError(at, "Input should be a valid dictionary", "model_attributes_type"));
        }
        var runId = LangSmithFeedback.uuid(o, "run_id", errors);
        if (!o.hasNonNull("run_id")) {
            errors.add(new FieldError(at + "run_id", "Field required", "missing"));
        }
        var key = o.path("feedback_key");
        if (!key.isTextual() || key.textValue().isEmpty() || key.textValue().length() > LangSmithFeedback.MAX_KEY_LENGTH) {
            errors.add(new FieldError(at + "feedback_key", key.isMissingNode() || key.isNull() ? "Field required"
                    : "must be a string of 1 to " + LangSmithFeedback.MAX_KEY_LENGTH + " characters", key.isMissingNode() || key.isNull() ? "missing" : "string_type"));
        }
        var expiresAt = expiry(o, clock.instant(), at, errors);
        if (!errors.isEmpty()) {
            throw new InvalidInput(errors);
        }
        return new PresignedFeedbackTokens.Grant(runId, key.textValue(), expiresAt);
    }

    private List<ObjectNode> issue(Context ctx, Principal principal, List<PresignedFeedbackTokens.Grant> grants) {
        return tokens.mint(principal.tenantId(), principal.keyId(), grants).stream().map(minted -> {
            // From the configured public URL: the Host header is the client's to choose, and a URL built from it
            // would send the token's holder (and the token) wherever that client pointed it.
            var url = publicUrl.get() + PREFIX + "/feedback/tokens/" + minted.id();
            return Json.object().put("id", minted.id()).put("url", url)
                    .put("expires_at", minted.expiresAt().toString());
        }).toList();
    }

    /** {@code expires_at} (ISO) or {@code expires_in} ({@code {days, hours, minutes}}); 3 hours when neither. */
    private static Instant expiry(ObjectNode o, Instant now, String at, List<FieldError> errors) {
        Instant expiresAt = now.plus(DEFAULT_TOKEN_LIFETIME);
        var absolute = o.get("expires_at");
        var relative = o.get("expires_in");
        if (absolute != null && !absolute.isNull()) {
            try {
                expiresAt = absolute.isTextual() ? OffsetDateTime.parse(absolute.textValue()).toInstant() : null;
            } catch (DateTimeParseException e) {
                expiresAt = null;
            }
            if (expiresAt == null) {
                errors.add(new FieldError(at + "expires_at", "Input should be a valid datetime", "datetime_parsing"));
                return now;
            }
        } else if (relative != null && !relative.isNull()) {
            if (!relative.isObject()) {
                errors.add(new FieldError(at + "expires_in", "Input should be a valid dictionary", "dict_type"));
                return now;
            }
            try {
                var lifetime = Duration.ofDays(relative.path("days").asLong(0)).plusHours(relative.path("hours").asLong(0))
                        .plusMinutes(relative.path("minutes").asLong(0)).plusSeconds(relative.path("seconds").asLong(0));
                expiresAt = now.plus(lifetime);
            } catch (ArithmeticException | java.time.DateTimeException outOfRange) {
                errors.add(FieldError.of(at + "expires_in", "is too large: a token lives at most " + MAX_TOKEN_LIFETIME.toDays() + " days"));
                return now;
            }
        }
        if (!expiresAt.isAfter(now) || expiresAt.isAfter(now.plus(MAX_TOKEN_LIFETIME))) {
            errors.add(FieldError.of(at + (absolute != null && !absolute.isNull() ? "expires_at" : "expires_in"),
                    "a token must expire in the future and within " + MAX_TOKEN_LIFETIME.toDays() + " days"));
        }
        return expiresAt;
    }

    /** GET on a token URL: {@code score}, {@code value}, {@code comment} and {@code correction} as query parameters. */
    private void submitByQuery(Context ctx) {
        var token = usable(ctx);
        var errors = new ArrayList<FieldError>();
        Double score = null;
        var scoreText = ctx.queryParam("score");
        if (scoreText != null && !scoreText.isBlank()) {
            score = switch (scoreText.strip().toLowerCase(Locale.ROOT)) {
                case "true" -> 1.0;
                case "false" -> 0.0;
                default -> {
                    try {
                        var parsed = Double.parseDouble(scoreText.strip());
                        if (Double.isFinite(parsed)) {
                            yield parsed;
                        }
                    } catch (NumberFormatException ignored) {
                        // reported below
                    }
                    errors.add(new FieldError("query.score", "Input should be a valid number", "float_type"));
                    yield null;
                }
            };
        }
        if (!errors.isEmpty()) {
            throw new InvalidInput(errors);
        }
        var value = ctx.queryParam("value") == null ? null : Json.text(ctx.queryParam("value"));
        var correction = ctx.queryParam("correction") == null ? null : Json.text(ctx.queryParam("correction"));
        record(ctx, token, LangSmithFeedback.fromToken(token, score, value, ctx.queryParam("comment"), correction, null));
    }

    /** POST on a token URL: {@code {score, value, comment, correction, metadata}}. */
    private void submitByBody(Context ctx) {
        var token = usable(ctx);
        var body = Json.parse(ctx.body());
        if (!(body instanceof ObjectNode o)) {
            throw new InvalidInput(new FieldError("", "Input should be a valid dictionary or object to extract fields from",
                    "model_attributes_type"));
        }
        var errors = new ArrayList<FieldError>();
        var score = LangSmithFeedback.score(o.get("score"), "score", errors);
        var comment = o.get("comment");
        if (comment != null && !comment.isNull() && !comment.isTextual()) {
            errors.add(new FieldError("comment", "Input should be a valid string", "string_type"));
        }
        var correction = o.get("correction");
        if (correction != null && !correction.isNull() && !correction.isTextual() && !correction.isObject()) {
            errors.add(new FieldError("correction", "Input should be a valid dictionary or string", "dict_type"));
        }
        var metadata = o.get("metadata");
        if (metadata != null && !metadata.isNull() && !metadata.isObject()) {
            errors.add(new FieldError("metadata", "Input should be a valid dictionary", "dict_type"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInput(errors);
        }
        record(ctx, token, LangSmithFeedback.fromToken(token, score, o.get("value"),
                comment == null || comment.isNull() ? null : comment.textValue(), correction,
                metadata instanceof ObjectNode m ? m : null));
    }

    /**
     * Writes as the key that created the token (its tenant, and its rights on the token's run and key only), under
     * the per end user limit of browser writes.
     */
    private void record(Context ctx, PresignedFeedbackTokens.Token token, FeedbackDraft draft) {
        // The holder acts as its own author on the token's run and key only (LangSmithFeedback.holderAuthor).
        var scope = new AuthorScope(draft.authorId(), null, token.runId(), token.feedbackKey());
        var holder = Principal.of(new EndUserToken(token.tenantId(), token.createdByKey(), scope, token.expiresAt(), false, List.of()));
        var outcome = feedback.upsert(gate.admit(holder), draft);
        ctx.json(LangSmithFeedback.json(outcome.feedback(), null));
    }

    /** A token URL is a credential: guesses are throttled per client address like wrong keys. */
    private PresignedFeedbackTokens.Token usable(Context ctx) {
        var presented = ctx.pathParam("token");
        credentials.checkGuesses(ctx);
        var token = tokens.find(presented).orElseThrow(() -> {
            credentials.guessFailed(ctx);
            return new NotFound("feedback token", presented);
        });
        if (tokens.expired(token)) {
            throw HttpFailure.forbidden("this feedback token expired at " + token.expiresAt());
        }
        return token;
    }

    // ---------------------------------------------------------------- lookups

    /** The record a LangSmith id names: the record created under it, else the record with that id. */
    private Feedback found(String tenant, String id) {
        return feedback.findByClientId(tenant, id, false).orElseThrow(() -> new NotFound("feedback", id));
    }

    /** The path's id, which must be a UUID (FastAPI's 422 otherwise), lower-cased as the SDKs write it. */
    private static String feedbackId(Context ctx) {
        var id = ctx.pathParam("feedback_id");
        if (!Ids.isUuid(id)) {
            throw new InvalidInput(new FieldError("path.feedback_id", "Input should be a valid UUID, got \"" + id + "\"", "uuid_parsing"));
        }
        return id.toLowerCase(Locale.ROOT);
    }

    private static int intParam(Context ctx, String name, int min, int max, int fallback, List<FieldError> errors) {
        var text = ctx.queryParam(name);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text.strip());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        errors.add(new FieldError("query." + name, "Input should be an integer from " + min + " to " + max
                + ", got \"" + text + "\"", "int_parsing"));
        return fallback;
    }

    /** A pydantic boolean, or null when absent. */
    private static Boolean bool(Context ctx, String name, List<FieldError> errors) {
        var text = ctx.queryParam(name);
        if (text == null || text.isBlank()) {
            return null;
        }
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> {
                errors.add(new FieldError("query." + name, "Input should be a valid boolean", "bool_parsing"));
                yield null;
            }
        };
    }

    private static Instant instant(Context ctx, String name, List<FieldError> errors) {
        var text = ctx.queryParam(name);
        if (text == null || text.isBlank()) {
            return null;
        }
        Instant parsed;
        try {
            parsed = OffsetDateTime.parse(text.strip()).toInstant();
        } catch (DateTimeParseException e) {
            try {
                parsed = Instant.parse(text.strip() + "Z");
            } catch (DateTimeParseException again) {
                parsed = null;
            }
        }
        // years beyond 0000-9999 parse, but overflow epoch milliseconds further on (a 500 before this check)
        if (parsed == null || !QueryParameters.plausible(parsed)) {
            errors.add(new FieldError("query." + name, "Input should be a valid datetime", "datetime_parsing"));
            return null;
        }
        return parsed;
    }

    /** The {@code langsmith} JS client (Stainless-generated transport) in a browser, with its workspace header. */
    @Override
    public Cors cors() {
        return Cors.of(KEY_HEADERS, Stream.concat(Stream.of("X-Tenant-Id"), Cors.STAINLESS_HEADERS.stream()).toList(),
                "GET", "POST", "PATCH", "DELETE");
    }

    @Override
    public UnreadableRequest unreadable(int status, String title, String reason) {
        return FastApiErrors.unreadable(reason);
    }

    @Override
    public void respondToFailure(Throwable failure, Context ctx) {
        FastApiErrors.respond(failure, ctx, VENDOR_NAMES);
    }
}
