package io.feedbackhub.web;

import io.feedbackhub.core.Feedback;
import io.feedbackhub.core.FeedbackDraft;
import io.feedbackhub.core.Source;
import io.feedbackhub.core.Target;
import io.feedbackhub.store.BulkLoader;
import io.feedbackhub.testing.Api;
import io.feedbackhub.testing.TestHub;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What the dashboard tests look at: today's feedback written through the native API and through the Contextual AI
 * dialect, over four weeks of history. The history is loaded straight into the store with {@link BulkLoader} (rows
 * and rollups, as the write path makes them) because the API stamps feedback with the time it arrives, and a trend
 * chart of one day shows nothing.
 */
final class DashboardData {
    static final String SUPPORT_BOT = "support-bot";
    static final String SALES = "sales-assistant";
    /** Contextual AI names agents by UUID. */
    static final String CONTEXTUAL_AGENT = "3c90c3cc-0d44-4b50-8888-8dd25736052a";
    static final String REFUND_MESSAGE = "msg-refund-policy";
    static final String REFUND_PROMPT = "How long do refunds take?";
    static final String REFUND_ANSWER = "Refunds take about a month.";
    static final String REFUND_COMMENT = "Refunds take 5 days since March.";
    static final String CONTEXTUAL_COMMENT = "Outdated price in the answer";
    static final int HISTORY_DAYS = 27;
    /** The one retrieved chunk with a registered title: the others show their ids. */
    static final String REFUND_CHUNK = "kb-refunds-2023";
    static final String REFUND_CHUNK_TITLE = "Refund policy (2023)";
    static final String REFUND_CHUNK_URL = "https://kb.example.com/refunds-2023";

    private static final String[] REASONS = {"outdated", "wrong", "too long", "off topic"};
    private static final String[] SURFACES = {"web", "mobile"};
    private static final String[] CHUNKS = {"kb-refunds-2023", "kb-pricing-v4", "kb-shipping"};
    private static final String[] COMMENTS = {"Exactly what I needed", "Did not answer my question", "Great, thanks!", "Too vague"};

    /** Everything in the 30 days before now, as the dashboard's default range shows it. */
    int total;
    int contextual;

    static DashboardData load(TestHub hub) throws Exception {
        var data = new DashboardData();
        data.history(hub);
        data.today(hub.api);
        return data;
    }

    /** Deterministic history: support-bot and sales-assistant, prompt v1 until two weeks ago, then v2 (a bit worse). */
    private void history(TestHub hub) throws Exception {
        var random = new Random(7);
        var tenant = hub.defaultTenantId();
        var dataDir = Path.of(hub.environment(Map.of()).get("FEEDBACK_HUB_DATA_DIR"));
        var today = Instant.now().truncatedTo(ChronoUnit.DAYS);
        try (var loader = BulkLoader.open("jdbc:sqlite:" + dataDir.resolve("feedback-hub.db").toAbsolutePath())) {
            loader.agent(tenant, SUPPORT_BOT, "Support bot", today.minus(Duration.ofDays(HISTORY_DAYS + 1)).toEpochMilli());
            loader.agent(tenant, SALES, "Sales assistant", today.minus(Duration.ofDays(HISTORY_DAYS + 1)).toEpochMilli());
            for (int day = HISTORY_DAYS; day >= 1; day--) {
                var version = day > 13 ? "v1" : "v2";
                int count = 14 + random.nextInt(14) + (HISTORY_DAYS - day) / 3;
                for (int i = 0; i < count; i++) {
                    var at = today.minus(Duration.ofDays(day)).plusSeconds(8 * 3600 + random.nextInt(12 * 3600));
                    var agent = random.nextDouble() < 0.7 ? SUPPORT_BOT : SALES;
                    boolean positive = random.nextDouble() < ("v1".equals(version) ? 0.80 : 0.62);
                    var chunk = random.nextDouble() < 0.25 ? CHUNKS[random.nextInt(CHUNKS.length)] : null;
                    var reasons = positive ? List.<String>of() : List.of(REASONS[random.nextInt(REASONS.length)]);
                    var comment = random.nextDouble() < 0.3 ? COMMENTS[(positive ? 0 : 1) + 2 * random.nextInt(2)] : null;
                    var target = new Target(agent, "t-" + UUID.randomUUID(), uuid7(at), null, null, chunk);
                    var content = FeedbackDraft.builder(target).label(positive ? "thumbs_up" : "thumbs_down")
                            .score(positive ? 1.0 : 0.0).comment(comment).reasons(reasons)
                            .sourceSurface(SURFACES[random.nextInt(SURFACES.length)]).authorId("u-" + random.nextInt(400))
                            .source(Source.USER).metadata(Map.of("prompt_version", version)).build();
                    loader.feedback(Feedback.of(uuid7(at), tenant, content, at, at, 1, null, "history"));
                    total++;
                }
                loader.commit();
            }
            loader.finish();
        }
    }

    /** Today: feedback through the native API (one vote changed, with its message registered) and through a dialect. */
    private void today(Api api) {
        expect(200, api.put("/v1/contents/" + REFUND_CHUNK, """
                {"title": "%s", "source_url": "%s"}""".formatted(REFUND_CHUNK_TITLE, REFUND_CHUNK_URL)));
        expect(200, api.put("/v1/messages/" + REFUND_MESSAGE, """
                {"prompt": "%s", "content": "%s", "model": "gpt-4o"}""".formatted(REFUND_PROMPT, REFUND_ANSWER)));
        var vote = """
                {"agent_id": "%s", "message_id": "%s", "author_id": "alice", "source_surface": "web", "label": "%s",
                 "metadata": {"prompt_version": "v2"}%s}""";
        expect(201, api.post("/v1/feedback", vote.formatted(SUPPORT_BOT, REFUND_MESSAGE, "thumbs_up", "")));
        expect(200, api.post("/v1/feedback", vote.formatted(SUPPORT_BOT, REFUND_MESSAGE, "thumbs_down",
                ", \"reasons\": [\"outdated\"], \"comment\": \"%s\", \"correction\": \"Refunds take 5 days.\"".formatted(REFUND_COMMENT))));
        total++;
        var items = new ArrayList<String>();
        for (int i = 0; i < 6; i++) {
            items.add("""
                    {"agent_id": "%s", "message_id": "msg-today-%d", "author_id": "u-%d", "label": "%s", "source_surface": "mobile",
                     "metadata": {"prompt_version": "v2"}}""".formatted(SALES, i, i, i % 3 == 0 ? "thumbs_down" : "thumbs_up"));
        }
        expect(200, api.post("/v1/feedback/batch", "{\"items\": [" + String.join(",", items) + "]}"));
        total += items.size();

        // The Contextual AI dialect, as its SDK sends it: same store, same stats.
        var contextual = List.of(
                "{\"message_id\": \"%s\", \"feedback\": \"thumbs_down\", \"explanation\": \"%s\"}".formatted(UUID.randomUUID(), CONTEXTUAL_COMMENT),
                "{\"message_id\": \"%s\", \"feedback\": \"thumbs_up\"}".formatted(UUID.randomUUID()),
                "{\"message_id\": \"%s\", \"feedback\": \"thumbs_up\", \"explanation\": \"Clear steps\"}".formatted(UUID.randomUUID()));
        for (var body : contextual) {
            expect(200, api.post("/compat/contextual/v1/agents/" + CONTEXTUAL_AGENT + "/feedback", body));
        }
        this.contextual = contextual.size();
        total += contextual.size();
    }

    private static void expect(int status, Api.Response response) {
        assertEquals(status, response.status(), response.body());
    }

    /** A UUIDv7 of the given instant, so that the listing (newest id first) orders history by time. */
    static String uuid7(Instant at) {
        var random = UUID.randomUUID();
        long msb = (at.toEpochMilli() << 16) | 0x7000L | (random.getMostSignificantBits() & 0x0FFFL);
        long lsb = (random.getLeastSignificantBits() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }
}
