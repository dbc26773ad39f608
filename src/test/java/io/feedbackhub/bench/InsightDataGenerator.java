package io.feedbackhub.bench;

import io.feedbackhub.auth.KeyService;
import io.feedbackhub.auth.Role;
import io.feedbackhub.core.CacheVersions;
import io.feedbackhub.core.ChatThread;
import io.feedbackhub.core.Feedback;
import io.feedbackhub.core.FeedbackRules;
import io.feedbackhub.core.Message;
import io.feedbackhub.core.Source;
import io.feedbackhub.core.Target;
import io.feedbackhub.store.BulkLoader;
import io.feedbackhub.store.Database;
import io.feedbackhub.store.JdbcCacheVersions;
import io.feedbackhub.store.JdbcKeyStore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;

/**
 * Generates realistic feedback for the insight benchmarks and loads it with {@link BulkLoader}: five tenants of
 * unequal size, six agents each with their model and prompt versions rolled out over 90 days, a daily and weekly
 * rhythm, reasons and comments mostly on bad answers, corrections, retrieval chunks, registered messages with
 * prompts and answers. Deterministic for a seed. Writes the tenants' secret keys to {@code keys.properties}.
 *
 * <p>Usage: {@code InsightDataGenerator <jdbc-url | sqlite-data-dir> <rows> <out-dir> [seed]}
 */
public final class InsightDataGenerator {
    static final int DAYS = 90;
    static final String MAIN_KEY = "fh_secret_insight_bench_0123456789abcdef";
    static final double[] TENANT_SHARES = {0.40, 0.25, 0.15, 0.12, 0.08};
    static final String[] AGENTS = {"support-bot", "sales-assistant", "docs-search", "onboarding", "billing-helper", "code-reviewer"};
    static final double[] AGENT_WEIGHTS = {0.35, 0.15, 0.2, 0.1, 0.12, 0.08};
    static final String[] MODELS = {"gpt-4o", "claude-3-5-sonnet", "llama-3-70b", "gpt-4o-mini"};
    static final String[] LOCALES = {"en", "de", "fr", "es", "ja"};
    static final double[] LOCALE_WEIGHTS = {0.55, 0.12, 0.1, 0.13, 0.1};
    static final String[] SURFACES = {"web", "mobile", "slack", "api"};
    static final double[] SURFACE_WEIGHTS = {0.6, 0.25, 0.1, 0.05};
    static final String[] BAD_REASONS = {"incorrect", "outdated", "too_long", "too_short", "off_topic", "hallucination",
            "missing_source", "formatting", "rude", "slow"};
    static final String[] GOOD_REASONS = {"accurate", "fast", "clear", "well_sourced"};
    static final String[] CATEGORIES = {"billing", "technical", "account", "general"};
    static final String[] TOPICS = {"refund", "invoice", "password", "API key", "webhook", "export", "plan upgrade",
            "SSO login", "data retention", "rate limit", "team invite", "billing address"};
    static final String[] NEGATIVE_COMMENTS = {"This is not what the documentation says about the %s.",
            "Wrong: the %s works differently since last month.", "Too vague, I still do not know how to handle the %s.",
            "It invented a setting for the %s that does not exist.", "The link about the %s is broken.",
            "Answer ignored my question about the %s, very frustrating"};
    static final String[] POSITIVE_COMMENTS = {"Exactly what I needed for the %s, thanks!", "Clear steps for the %s.",
            "Saved me a support ticket about the %s."};

    private final Random random;
    private final Instant end;
    private final Instant start;

    InsightDataGenerator(long seed, Instant end) {
        this.random = new Random(seed);
        this.end = end;
        this.start = end.minus(Duration.ofDays(DAYS));
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: InsightDataGenerator <jdbc:postgresql:... | sqlite-data-dir> <rows> <out-dir> [seed]");
            System.exit(2);
        }
        long rows = Long.parseLong(args[1].replace("_", ""));
        var outDir = Path.of(args[2]);
        long seed = args.length > 3 ? Long.parseLong(args[3]) : 20261123L;
        Files.createDirectories(outDir);
        boolean postgres = args[0].startsWith("jdbc:postgresql:");
        Database database = postgres ? Database.postgres(args[0], 2, java.time.Duration.ofHours(1)) : Database.sqlite(Path.of(args[0]), 2, java.time.Duration.ofHours(1));
        database.migrate();
        var keys = new KeyService(new JdbcKeyStore(database, new JdbcCacheVersions(database)), CacheVersions.NONE, Clock.systemUTC());
        var bootstrap = keys.bootstrap(Optional.empty(), Optional.of(MAIN_KEY));
        if (bootstrap.isEmpty()) {
            throw new IllegalStateException("the database is not empty; the generator needs a fresh one");
        }
        var tenants = new ArrayList<String>();
        var secrets = new LinkedHashMap<String, String>();
        tenants.add(keys.tenants().getFirst().id());
        secrets.put("tenant.0.key", MAIN_KEY);
        for (int t = 1; t < TENANT_SHARES.length; t++) {
            var tenant = keys.createTenant("bench-tenant-" + t);
            tenants.add(tenant.id());
            secrets.put("tenant." + t + ".key", keys.issue(tenant.id(), Role.SECRET, "bench", List.of()).secret());
        }
        database.close();

        var end = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
        var generator = new InsightDataGenerator(seed, end);
        var url = postgres ? args[0] : "jdbc:sqlite:" + Path.of(args[0]).resolve("feedback-hub.db").toAbsolutePath();
        long began = System.nanoTime();
        try (var loader = BulkLoader.open(url)) {
            generator.generate(loader, tenants, rows);
            long loaded = System.nanoTime();
            System.out.printf("loaded %,d feedback in %.1f s (%.0f rows/s); rebuilding indexes%n", loader.rows(),
                    (loaded - began) / 1e9, loader.rows() / ((loaded - began) / 1e9));
            loader.finish();
            System.out.printf("indexes rebuilt and statistics refreshed in %.1f s%n", (System.nanoTime() - loaded) / 1e9);
        }
        var properties = new StringBuilder();
        secrets.forEach((k, v) -> properties.append(k).append('=').append(v).append('\n'));
        for (int t = 0; t < tenants.size(); t++) {
            properties.append("tenant.").append(t).append(".id=").append(tenants.get(t)).append('\n');
            properties.append("tenant.").append(t).append(".share=").append(TENANT_SHARES[t]).append('\n');
        }
        properties.append("rows=").append(rows).append("\nend=").append(end).append("\nseed=").append(seed).append('\n');
        Files.writeString(outDir.resolve("keys.properties"), properties);
    }

    /** Hour by hour in time order; one transaction per hour. */
    void generate(BulkLoader loader, List<String> tenants, long rows) throws Exception {
        var tenantStates = new ArrayList<TenantState>();
        for (var id : tenants) {
            var state = new TenantState(id);
            for (int a = 0; a < AGENTS.length; a++) {
                loader.agent(id, state.agentIds[a], AGENTS[a], start.toEpochMilli());
            }
            tenantStates.add(state);
        }
        int hours = (int) Duration.between(start, end).toHours();
        var weights = new double[hours];
        double sum = 0;
        for (int h = 0; h < hours; h++) {
            var at = start.plus(Duration.ofHours(h)).atZone(ZoneOffset.UTC);
            double daily = 0.25 + Math.max(0, Math.sin(Math.PI * (at.getHour() - 6) / 16.0)); // busy 07:00-21:00 UTC
            double weekly = at.getDayOfWeek().getValue() >= 6 ? 0.55 : 1.0;
            double growth = 0.7 + 0.6 * h / hours; // adoption grows over the quarter
            weights[h] = daily * weekly * growth;
            sum += weights[h];
        }
        long written = 0;
        double carry = 0;
        long progressEvery = Math.max(1, rows / 20);
        long nextProgress = progressEvery;
        for (int h = 0; h < hours; h++) {
            double exact = rows * weights[h] / sum + carry;
            long count = h == hours - 1 ? rows - written : Math.round(exact);
            carry = exact - count;
            var hourStart = start.plus(Duration.ofHours(h));
            for (long i = 0; i < count; i++) {
                var state = tenantStates.get(pick(TENANT_SHARES));
                one(loader, state, hourStart.plusMillis(random.nextInt(3_600_000)), h / 24);
            }
            loader.commit();
            written += count;
            if (written >= nextProgress) {
                System.out.printf("  %,d rows (%d%%)%n", written, written * 100 / rows);
                nextProgress += progressEvery;
            }
        }
    }

    private void one(BulkLoader loader, TenantState t, Instant at, int day) throws Exception {
        int agent = pick(AGENT_WEIGHTS);
        var agentId = t.agentIds[agent];
        // A second judgment of the previous answer (helpfulness after the reaction) by the same person.
        boolean again = t.lastMessage != null && t.lastAgent == agent && random.nextDouble() < 0.06;
        String threadId;
        String messageId;
        String author;
        String name;
        if (again) {
            threadId = t.lastThread;
            messageId = t.lastMessage;
            author = t.lastAuthor;
            name = "reaction".equals(t.lastName) ? "helpfulness" : "reaction";
            t.lastMessage = null; // at most two judgments per message and author
        } else {
            if (t.lastThread == null || t.lastAgent != agent || random.nextDouble() < 0.35) {
                threadId = uuid7(at);
                author = "u-" + random.nextInt(50_000);
                var thread = new ChatThread(threadId, agentId, random.nextBoolean() ? null : "Question about the " + topic(), Map.of(), at, at);
                loader.thread(t.id, thread);
            } else {
                threadId = t.lastThread;
                author = t.lastAuthor;
            }
            messageId = uuid7(at);
            name = random.nextDouble() < 0.85 ? "reaction" : "helpfulness";
        }
        var version = promptVersion(day);
        var model = day >= 45 && random.nextDouble() < 0.2 ? MODELS[(agent + 1) % MODELS.length] : MODELS[agent % MODELS.length];
        var locale = LOCALES[pick(LOCALE_WEIGHTS)];
        double good = 0.62 + 0.03 * agent + 0.025 * (version.charAt(1) - '1') - (model.equals(MODELS[agent % MODELS.length]) ? 0 : 0.03)
                - ("ja".equals(locale) ? 0.05 : 0);
        var topic = topic();
        if (!again && random.nextDouble() < 0.85) {
            var prompt = "How do I change the " + topic + " for my account? We are on the " + (random.nextBoolean() ? "team" : "business") + " plan.";
            var answer = "To change the " + topic + ", open Settings, choose " + topic + " and follow the steps. "
                    + "Changes apply within a few minutes; admins receive an e-mail confirmation. See the help center article "
                    + random.nextInt(900) + " for details.";
            loader.message(t.id, new Message(messageId, threadId, "assistant", prompt, answer, model,
                    Map.of("latency_ms", Integer.toString(300 + random.nextInt(4000))), at, at));
        }

        String label = null;
        Double score;
        boolean bad;
        if (name.equals("reaction")) {
            double r = random.nextDouble();
            label = r < 0.02 ? "flagged" : r < 0.02 + good * 0.98 ? "thumbs_up" : "thumbs_down";
            bad = !label.equals("thumbs_up");
            score = FeedbackRules.scoreOfLabel(label); // what the service sets when a reaction comes without a score
        } else {
            int stars = Math.min(5, Math.max(1, (int) Math.round(1 + 4 * good + random.nextGaussian() * 1.1)));
            score = (stars - 1) / 4.0;
            bad = stars <= 2;
        }
        var reasons = new ArrayList<String>();
        if (bad && random.nextDouble() < 0.7) {
            reasons.add(BAD_REASONS[Math.min(BAD_REASONS.length - 1, (int) Math.abs(random.nextGaussian() * 3.5))]);
            if (random.nextDouble() < 0.3) {
                var second = BAD_REASONS[random.nextInt(BAD_REASONS.length)];
                if (!reasons.contains(second)) {
                    reasons.add(second);
                }
            }
        } else if (!bad && random.nextDouble() < 0.1) {
            reasons.add(GOOD_REASONS[random.nextInt(GOOD_REASONS.length)]);
        }
        String comment = null;
        if (random.nextDouble() < (bad ? 0.3 : 0.08)) {
            var templates = bad ? NEGATIVE_COMMENTS : POSITIVE_COMMENTS;
            comment = templates[random.nextInt(templates.length)].formatted(topic);
        }
        String correction = bad && random.nextDouble() < 0.05
                ? "The " + topic + " is changed under Settings > Billing, not Settings > Account, and only owners can do it. "
                + "It takes effect at the next invoice." : null;
        String contentId = AGENTS[agent].equals("docs-search") && random.nextDouble() < 0.6
                ? "chunk-" + (int) Math.min(4999, Math.abs(random.nextGaussian() * 1200)) : null;
        var metadata = Map.of("prompt_version", version, "model", model, "locale", locale);
        var target = new Target(agentId, threadId, messageId, null, null, contentId);
        var source = random.nextDouble() < 0.95 ? Source.USER : Source.API;
        var data = random.nextDouble() < 0.05 ? "{\"ui_version\":\"2." + random.nextInt(5) + "\"}" : null;
        var category = random.nextDouble() < 0.3 ? CATEGORIES[random.nextInt(CATEGORIES.length)] : null;
        var surface = SURFACES[pick(SURFACE_WEIGHTS)];
        loader.feedback(new Feedback(uuid7(at), t.id, target, name, label, score, comment, reasons, correction, data, category,
                surface, author, source, null, metadata, at, at, 1, null, null));
        t.lastAgent = agent;
        t.lastThread = threadId;
        t.lastAuthor = author;
        if (!again) {
            t.lastMessage = messageId;
            t.lastName = name;
        }
    }

    /** v1 until day 35, v2 from day 25 to 65, v3 from day 55, v4 a 10 % canary over the last ten days. */
    private String promptVersion(int day) {
        var active = new ArrayList<String>();
        if (day < 35) {
            active.add("v1");
        }
        if (day >= 25 && day < 65) {
            active.add("v2");
        }
        if (day >= 55) {
            active.add("v3");
        }
        if (day >= 80 && random.nextDouble() < 0.1) {
            return "v4";
        }
        return active.get(random.nextInt(active.size()));
    }

    private String topic() {
        return TOPICS[random.nextInt(TOPICS.length)];
    }

    private int pick(double[] weights) {
        double r = random.nextDouble();
        for (int i = 0; i < weights.length - 1; i++) {
            r -= weights[i];
            if (r < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    /** A UUIDv7 of the given time, so that ids sort by creation time as the service's do. */
    private String uuid7(Instant at) {
        long high = (at.toEpochMilli() << 16) | 0x7000L | random.nextInt(0x1000);
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }

    private static final class TenantState {
        final String id;
        final String[] agentIds = new String[AGENTS.length];
        int lastAgent = -1;
        String lastThread;
        String lastMessage;
        String lastAuthor;
        String lastName;

        TenantState(String id) {
            this.id = id;
            for (int a = 0; a < AGENTS.length; a++) {
                agentIds[a] = AGENTS[a];
            }
        }
    }
}
