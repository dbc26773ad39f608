package io.feedbackhub.dialect.langsmith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.feedbackhub.core.FieldError;
import io.feedbackhub.core.InvalidInput;
import io.feedbackhub.context.TraceRecorder;
import io.feedbackhub.http.Credentials;
import io.feedbackhub.json.Json;
import io.javalin.http.Context;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The run-ingestion routes the LangSmith SDKs call while tracing: {@code POST /runs}, {@code PATCH /runs/{run_id}},
 * {@code POST /runs/batch} ({@code {post: [...], patch: [...]}}) and {@code POST /runs/multipart}. Each answers 202
 * with LangSmith's {@code {"message": ...}} once every run is recorded ({@link Runs}); a request with a malformed run
 * is refused whole with FastAPI's 422 before anything is written.
 */
final class RunRoutes {
    private final Runs runs;

    RunRoutes(TraceRecorder calls) {
        this.runs = new Runs(calls);
    }

    void create(Context ctx) {
        var checked = Runs.check(List.of(Json.parse(ctx.body())), "body", null);
        record(ctx, checked, List.of());
        accepted(ctx, "Run created");
    }

    void update(Context ctx) {
        var checked = Runs.check(List.of(Json.parse(ctx.body())), "body", ctx.pathParam("run_id"));
        record(ctx, List.of(), checked);
        accepted(ctx, "Run updated");
    }

    /** The SDKs' batch: creates first, then updates (the JS SDK already folds a run's patch into its post). */
    void batch(Context ctx) {
        var body = Json.parse(ctx.body());
        if (!(body instanceof ObjectNode)) {
            throw new InvalidInput(FieldError.of("body", "Input should be a valid dictionary or object to extract fields from"));
        }
        var posts = Runs.check(array(body, "post"), "body.post", null);
        var patches = Runs.check(array(body, "patch"), "body.patch", null);
        record(ctx, posts, patches);
        accepted(ctx, "Runs batch ingested");
    }

    /**
     * The multipart shape (langsmith JS {@code Client._serializeRunParts}, Python {@code multipart_ingest}): a part
     * {@code post.<id>} or {@code patch.<id>} with the run without its big fields, and parts
     * {@code <post|patch>.<id>.<field>} (inputs, outputs, events, extra, error, serialized) with each of them as JSON;
     * {@code feedback.<id>} and {@code attachment.<id>.<name>} parts are accepted and not stored (feedback goes to
     * POST /feedback, which the same SDKs call when /info says so).
     */
    void multipart(Context ctx) {
        if (!ctx.isMultipartFormData()) {
            throw new InvalidInput(FieldError.of("body", "Expected multipart/form-data with post.<run id> and patch.<run id> parts"));
        }
        var posts = new LinkedHashMap<String, ObjectNode>();
        var patches = new LinkedHashMap<String, ObjectNode>();
        var errors = new ArrayList<FieldError>();
        for (var part : parts(ctx).entrySet()) {
            var name = part.getKey();
            var pieces = name.split("\\.", 3);
            if (pieces.length < 2 || !(pieces[0].equals("post") || pieces[0].equals("patch"))) {
                continue; // feedback.<id>, attachment.<id>.<name>
            }
            var runs = pieces[0].equals("post") ? posts : patches;
            var run = runs.computeIfAbsent(pieces[1], id -> Json.object().put("id", id));
            for (var value : part.getValue()) {
                var parsed = Json.parse(value); // an unreadable part is refused like an unreadable body
                if (pieces.length == 3) {
                    run.set(pieces[2], parsed);
                } else if (parsed instanceof ObjectNode fields) {
                    fields.properties().forEach(e -> {
                        if (!e.getKey().equals("id")) {
                            run.set(e.getKey(), e.getValue());
                        }
                    });
                } else {
                    errors.add(FieldError.of(name, "must be a JSON object"));
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInput(errors);
        }
        var checkedPosts = Runs.check(new ArrayList<>(posts.values()), "post", null);
        var checkedPatches = Runs.check(new ArrayList<>(patches.values()), "patch", null);
        record(ctx, checkedPosts, checkedPatches);
        accepted(ctx, "Runs ingested");
    }

    /** The parts by name, read with Jetty's multipart parser from the body (Javalin's form map needs the raw request). */
    private static Map<String, List<String>> parts(Context ctx) {
        var parts = new LinkedHashMap<String, List<String>>();
        try {
            var stream = new org.eclipse.jetty.server.MultiPartFormInputStream(new java.io.ByteArrayInputStream(ctx.bodyAsBytes()),
                    ctx.contentType(), new jakarta.servlet.MultipartConfigElement(System.getProperty("java.io.tmpdir")), null);
            for (var part : stream.getParts()) {
                try (var in = part.getInputStream()) {
                    parts.computeIfAbsent(part.getName(), k -> new ArrayList<>())
                            .add(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
                }
            }
            stream.deleteParts();
        } catch (java.io.IOException | IllegalStateException e) {
            throw new InvalidInput(FieldError.of("body", "unreadable multipart/form-data: " + e.getMessage()));
        }
        return parts;
    }

    private void record(Context ctx, List<ObjectNode> posts, List<ObjectNode> patches) {
        var tenant = Credentials.caller(ctx).tenantId();
        posts.forEach(run -> runs.record(tenant, run, true));
        patches.forEach(run -> runs.record(tenant, run, false));
    }

    private static List<JsonNode> array(JsonNode body, String name) {
        var node = body.get(name);
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new InvalidInput(FieldError.of("body." + name, "Input should be a valid list"));
        }
        var items = new ArrayList<JsonNode>();
        node.forEach(items::add);
        return items;
    }

    private static void accepted(Context ctx, String message) {
        ctx.status(202).json(Json.object().put("message", message));
    }
}
