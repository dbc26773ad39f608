package io.feedbackhub.app;

import io.feedbackhub.context.ContextSettings;
import io.feedbackhub.core.Durations;
import io.feedbackhub.signin.OidcSettings;
import io.feedbackhub.webhooks.WebhookSettings;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * Every setting, read once at start-up from FEEDBACK_HUB_* environment variables, over an optional
 * properties file named by FEEDBACK_HUB_CONFIG_FILE (same keys). Start-up fails on a bad value, naming
 * the variable; an unknown FEEDBACK_HUB_* variable or file key stops it too, naming the closest known one.
 */
public record Config(
        String host,
        int port,
        Path dataDir,
        Optional<String> databaseUrl,
        Optional<String> initAdminKey,
        Optional<String> initSecretKey,
        int dbPoolSize,
        int writerThreads,
        int writeBatchMax,
        long maxBodyBytes,
        int shutdownTimeoutSeconds,
        int rateLimitPerSecond,
        int rateLimitBurst,
        int endUserRateLimitPerMinute,
        java.time.Duration endUserTokenTtl,
        java.time.Duration storeTimeout,
        WebhookSettings webhooks,
        Optional<String> publicUrl,
        int authFailuresPerMinute,
        DevicConversations devicConversations,
        HttpTimeouts httpTimeouts,
        boolean benchRoutes,
        java.time.Duration auditRetention,
        SignIn signIn,
        OidcSettings oidc,
        ContextSettings context) {

    /**
     * People's sign-in: a session ends after {@code sessionIdle} unused or {@code sessionAbsolute} after sign-in,
     * whichever comes first; an invitation link works for {@code invitationTtl}; failed sign-ins are limited to
     * {@code loginFailuresPerMinute} per email and per client address.
     */
    public record SignIn(java.time.Duration sessionIdle, java.time.Duration sessionAbsolute, java.time.Duration invitationTtl,
                         int loginFailuresPerMinute) {
        public static final int DEFAULT_LOGIN_FAILURES_PER_MINUTE = 10;

        String describe() {
            return "session_idle=" + sessionIdle.toSeconds() + "s session_absolute=" + sessionAbsolute.toSeconds() + "s invitation_ttl="
                    + invitationTtl.toSeconds() + "s login_failures_per_minute=" + loginFailuresPerMinute;
        }
    }

    /**
     * How long a client may take: {@code idle} without sending or reading a byte (Jetty's idle timeout), {@code header}
     * for a whole request head, {@code body} for a whole request body. A slow client holds a connection and a buffer.
     */
    public record HttpTimeouts(java.time.Duration idle, java.time.Duration header, java.time.Duration body) {
        /** Jetty's own default; far above a healthy client's pause between two packets. */
        public static final java.time.Duration DEFAULT_IDLE = java.time.Duration.ofSeconds(30);
        /** A head is a few hundred bytes, sent at once by any real client. */
        public static final java.time.Duration DEFAULT_HEADER = java.time.Duration.ofSeconds(10);
        /** 2 MiB (the largest body) at 70 KB/s, a slow mobile link. */
        public static final java.time.Duration DEFAULT_BODY = java.time.Duration.ofSeconds(30);

        String describe() {
            return "idle_timeout=" + idle.toSeconds() + "s header_timeout=" + header.toSeconds() + "s body_timeout=" + body.toSeconds() + "s";
        }
    }

    public static final String DEFAULT_HOST = "0.0.0.0";
    public static final int DEFAULT_PORT = 8080;
    public static final String DEFAULT_DATA_DIR = "./data";
    public static final int DEFAULT_DB_POOL_SIZE = 16;
    /** SQLite has one writer at a time anyway; PostgreSQL gains from a few concurrent batches. */
    public static final int DEFAULT_WRITER_THREADS_SQLITE = 1;
    public static final int DEFAULT_WRITER_THREADS_POSTGRES = 4;
    public static final int DEFAULT_WRITE_BATCH_MAX = 256;
    /** Connections the pool must keep beyond the writers' for reads. */
    public static final int MIN_READ_CONNECTIONS = 1;
    /** 1000 batch items of about 2 KiB each. */
    public static final long DEFAULT_MAX_BODY_BYTES = 2 * 1024 * 1024;
    public static final int DEFAULT_SHUTDOWN_TIMEOUT_SECONDS = 30;
    /** Per API key and node; generous for a backend, a brake for a leaked key. 0 switches it off. */
    public static final int DEFAULT_RATE_LIMIT_PER_SECOND = 1000;
    public static final int DEFAULT_RATE_LIMIT_BURST = 2000;
    /** Browser writes per end user and publishable key: far above any human clicking. */
    public static final int DEFAULT_END_USER_RATE_LIMIT_PER_MINUTE = 60;
    /** End-user tokens live an hour unless POST /v1/tokens asks otherwise: long enough for a chat session, short if leaked. */
    public static final java.time.Duration DEFAULT_END_USER_TOKEN_TTL = java.time.Duration.ofHours(1);

    /**
     * Failed authentication attempts per client address and minute before 429: far above a person mistyping a key,
     * far below what guessing needs.
     */
    public static final int DEFAULT_AUTH_FAILURES_PER_MINUTE = 30;
    /**
     * A store call (its wait for a connection included) that takes longer is answered 503 with Retry-After: a few
     * seconds, far above a healthy call's milliseconds, well below the 30 s after which clients and proxies give up.
     */
    public static final java.time.Duration DEFAULT_STORE_TIMEOUT = java.time.Duration.ofSeconds(5);

    /** Audit entries are kept this long: past a yearly access review, as SOC 2 and ISO 27001 auditors ask. */
    public static final java.time.Duration DEFAULT_AUDIT_RETENTION = java.time.Duration.ofDays(400);

    public boolean usesPostgres() {
        return databaseUrl.isPresent();
    }

    public static Config fromEnvironment() {
        return from(System.getenv());
    }

    public static Config from(Map<String, String> environment) {
        var file = environment.get("FEEDBACK_HUB_CONFIG_FILE");
        Map<String, String> fileValues = file != null && !file.isBlank() ? readFile(Path.of(file)) : Map.of();
        var given = new HashMap<>(fileValues);
        var environmentNames = new HashSet<String>();
        environment.forEach((k, v) -> {
            if (k.startsWith("FEEDBACK_HUB_") && v != null && !v.isBlank()) {
                given.put(k, v);
                environmentNames.add(k);
            }
        });
        var values = new GivenSettings(given);
        var config = read(values);
        values.refuseUnknown(environmentNames, GivenSettings.ENVIRONMENT_ONLY, "");
        values.refuseUnknown(fileValues.keySet(), Set.of(), " in FEEDBACK_HUB_CONFIG_FILE " + file);
        return config;
    }

    private static Config read(Map<String, String> values) {
        var databaseUrl = Optional.ofNullable(values.get("FEEDBACK_HUB_DATABASE_URL"));
        databaseUrl.ifPresent(url -> {
            if (!url.startsWith("jdbc:postgresql:")) {
                throw new IllegalArgumentException("FEEDBACK_HUB_DATABASE_URL must be a PostgreSQL JDBC URL (jdbc:postgresql://host:port/db), got "
                        + url.replaceAll("password=[^&]*", "password=***"));
            }
        });
        int defaultWriters = databaseUrl.isPresent() ? DEFAULT_WRITER_THREADS_POSTGRES : DEFAULT_WRITER_THREADS_SQLITE;
        int poolSize = integer(values, "FEEDBACK_HUB_DB_POOL_SIZE", DEFAULT_DB_POOL_SIZE, 2, 1000);
        int writers = integer(values, "FEEDBACK_HUB_WRITER_THREADS", defaultWriters, 1, 64);
        requirePoolForWritersAndReads(poolSize, writers);
        long maxBodyBytes = integer(values, "FEEDBACK_HUB_MAX_BODY_BYTES", (int) DEFAULT_MAX_BODY_BYTES, 1024, 64 * 1024 * 1024);
        return new Config(
                values.getOrDefault("FEEDBACK_HUB_HOST", DEFAULT_HOST),
                integer(values, "FEEDBACK_HUB_PORT", DEFAULT_PORT, 0, 65535),
                Path.of(values.getOrDefault("FEEDBACK_HUB_DATA_DIR", DEFAULT_DATA_DIR)),
                databaseUrl,
                Optional.ofNullable(values.get("FEEDBACK_HUB_INIT_ADMIN_KEY")),
                Optional.ofNullable(values.get("FEEDBACK_HUB_INIT_SECRET_KEY")),
                poolSize,
                writers,
                integer(values, "FEEDBACK_HUB_WRITE_BATCH_MAX", DEFAULT_WRITE_BATCH_MAX, 1, 10_000),
                maxBodyBytes,
                integer(values, "FEEDBACK_HUB_SHUTDOWN_TIMEOUT_SECONDS", DEFAULT_SHUTDOWN_TIMEOUT_SECONDS, 1, 3600),
                integer(values, "FEEDBACK_HUB_RATE_LIMIT_PER_SECOND", DEFAULT_RATE_LIMIT_PER_SECOND, 0, 10_000_000),
                integer(values, "FEEDBACK_HUB_RATE_LIMIT_BURST", DEFAULT_RATE_LIMIT_BURST, 0, 10_000_000),
                integer(values, "FEEDBACK_HUB_END_USER_RATE_LIMIT_PER_MINUTE", DEFAULT_END_USER_RATE_LIMIT_PER_MINUTE, 0, 1_000_000),
                duration(values, "FEEDBACK_HUB_END_USER_TOKEN_TTL", DEFAULT_END_USER_TOKEN_TTL,
                        java.time.Duration.ofMinutes(1), java.time.Duration.ofDays(1)),
                duration(values, "FEEDBACK_HUB_STORE_TIMEOUT", DEFAULT_STORE_TIMEOUT,
                        java.time.Duration.ofSeconds(1), java.time.Duration.ofMinutes(10)),
                WebhookSettings.from(values),
                publicUrl(values),
                integer(values, "FEEDBACK_HUB_AUTH_FAILURES_PER_MINUTE", DEFAULT_AUTH_FAILURES_PER_MINUTE, 0, 1_000_000),
                DevicConversations.from(values.get(DevicConversations.VARIABLE)),
                new HttpTimeouts(
                        duration(values, "FEEDBACK_HUB_IDLE_TIMEOUT", HttpTimeouts.DEFAULT_IDLE, java.time.Duration.ofSeconds(1), java.time.Duration.ofHours(1)),
                        duration(values, "FEEDBACK_HUB_HEADER_TIMEOUT", HttpTimeouts.DEFAULT_HEADER, java.time.Duration.ofSeconds(1), java.time.Duration.ofHours(1)),
                        duration(values, "FEEDBACK_HUB_BODY_TIMEOUT", HttpTimeouts.DEFAULT_BODY, java.time.Duration.ofSeconds(1), java.time.Duration.ofHours(1))),
                bool(values, "FEEDBACK_HUB_BENCH_ROUTES", false),
                duration(values, "FEEDBACK_HUB_AUDIT_RETENTION", DEFAULT_AUDIT_RETENTION,
                        java.time.Duration.ofDays(1), java.time.Duration.ofDays(3650)),
                signIn(values),
                OidcSettings.from(values),
                new ContextSettings(
                        duration(values, "FEEDBACK_HUB_CONTEXT_RETENTION", ContextSettings.DEFAULT_RETENTION,
                                java.time.Duration.ofHours(1), java.time.Duration.ofDays(3650)),
                        ContextSettings.redactedKeys(values.get("FEEDBACK_HUB_CONTEXT_REDACT")),
                        maxBodyBytes,
                        integer(values, "FEEDBACK_HUB_CONTEXT_BUFFER_TRACES", ContextSettings.DEFAULT_BUFFER_TRACES, 1, 100_000_000),
                        integer(values, "FEEDBACK_HUB_CONTEXT_BUFFER_MB", ContextSettings.DEFAULT_BUFFER_MB, 1, 1_000_000) * 1024L * 1024L));
    }

    private static SignIn signIn(Map<String, String> values) {
        var idle = duration(values, "FEEDBACK_HUB_SESSION_IDLE", io.feedbackhub.people.Sessions.DEFAULT_IDLE,
                java.time.Duration.ofMinutes(1), java.time.Duration.ofDays(30));
        var absolute = duration(values, "FEEDBACK_HUB_SESSION_ABSOLUTE", io.feedbackhub.people.Sessions.DEFAULT_ABSOLUTE,
                java.time.Duration.ofMinutes(1), java.time.Duration.ofDays(90));
        if (idle.compareTo(absolute) > 0) {
            throw new IllegalArgumentException("FEEDBACK_HUB_SESSION_IDLE (" + idle.toSeconds() + "s) must not be longer than"
                    + " FEEDBACK_HUB_SESSION_ABSOLUTE (" + absolute.toSeconds() + "s)");
        }
        return new SignIn(idle, absolute,
                duration(values, "FEEDBACK_HUB_INVITATION_TTL", io.feedbackhub.people.People.DEFAULT_INVITATION_TTL,
                        java.time.Duration.ofMinutes(5), java.time.Duration.ofDays(30)),
                integer(values, "FEEDBACK_HUB_LOGIN_FAILURES_PER_MINUTE", SignIn.DEFAULT_LOGIN_FAILURES_PER_MINUTE, 0, 1_000_000));
    }

    /** The hub's base URL as its clients reach it, for the links it hands out; absolute http(s), no trailing slash. */
    private static Optional<String> publicUrl(Map<String, String> values) {
        var text = values.get("FEEDBACK_HUB_PUBLIC_URL");
        if (text == null) {
            return Optional.empty();
        }
        var url = text.strip().replaceAll("/+$", "");
        try {
            var uri = new java.net.URI(url);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
                    && uri.getQuery() == null && uri.getFragment() == null && uri.getUserInfo() == null) {
                return Optional.of(url);
            }
        } catch (java.net.URISyntaxException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("FEEDBACK_HUB_PUBLIC_URL must be an absolute http or https URL without query,"
                + " fragment or user info (https://feedback.example.com), got \"" + text + "\"");
    }

    /** The settings as an operator may see them: secrets masked. */
    public String describe() {
        return "host=" + host + " port=" + port + " store=" + (usesPostgres() ? "postgres " + maskedUrl() : "sqlite " + dataDir.toAbsolutePath())
                + " db_pool_size=" + dbPoolSize + " writer_threads=" + writerThreads + " write_batch_max=" + writeBatchMax
                + " max_body_bytes=" + maxBodyBytes + " rate_limit_per_second=" + rateLimitPerSecond
                + " rate_limit_burst=" + rateLimitBurst + " end_user_rate_limit_per_minute=" + endUserRateLimitPerMinute
                + " end_user_token_ttl=" + endUserTokenTtl.toSeconds() + "s"
                + " public_url=" + publicUrl.orElse("unset") + " auth_failures_per_minute=" + authFailuresPerMinute
                + " store_timeout=" + storeTimeout.toSeconds() + "s" + " audit_retention=" + Durations.format(auditRetention)
                + " " + webhooks.describe() + " " + devicConversations.describe() + " " + httpTimeouts.describe()
                + " " + signIn.describe()
                + (benchRoutes ? " bench_routes=true" : "")
                + " " + oidc.describe()
                + " " + context.describe()
                + " init_admin_key=" + (initAdminKey.isPresent() ? "***" : "unset")
                + " init_secret_key=" + (initSecretKey.isPresent() ? "***" : "unset");
    }

    private String maskedUrl() {
        return databaseUrl.map(u -> u.replaceAll("password=[^&]*", "password=***").replaceAll("//([^:/@]+):[^@]*@", "//$1:***@")).orElse("");
    }

    /**
     * Each writer thread holds a connection while it commits a batch, so with writers >= pool size every read (GET,
     * stats, auth lookups) can wait out the connection timeout behind writes and fail with 503.
     */
    private static void requirePoolForWritersAndReads(int poolSize, int writers) {
        if (poolSize < writers + MIN_READ_CONNECTIONS) {
            throw new IllegalArgumentException("FEEDBACK_HUB_DB_POOL_SIZE must be at least FEEDBACK_HUB_WRITER_THREADS + "
                    + MIN_READ_CONNECTIONS + " (each writer holds a connection; reads need one left), got pool size "
                    + poolSize + " for " + writers + " writer threads: raise FEEDBACK_HUB_DB_POOL_SIZE to " + (writers + MIN_READ_CONNECTIONS)
                    + " or more, or lower FEEDBACK_HUB_WRITER_THREADS to " + Math.max(1, poolSize - MIN_READ_CONNECTIONS) + " or fewer");
        }
    }

    private static int integer(Map<String, String> values, String name, int defaultValue, int min, int max) {
        var text = values.get(name);
        if (text == null) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(text.strip());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be an integer from " + min + " to " + max + ", got \"" + text + "\"");
    }

    private static boolean bool(Map<String, String> values, String name, boolean defaultValue) {
        var text = values.get(name);
        if (text == null) {
            return defaultValue;
        }
        return switch (text.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(name + " must be true or false, got \"" + text + "\"");
        };
    }

    /** In the {@link Durations} grammar, from {@code min} to {@code max}. */
    private static java.time.Duration duration(Map<String, String> values, String name, java.time.Duration defaultValue,
                                               java.time.Duration min, java.time.Duration max) {
        var text = values.get(name);
        if (text == null) {
            return defaultValue;
        }
        try {
            var value = Durations.parse(text);
            if (value.compareTo(min) >= 0 && value.compareTo(max) <= 0) {
                return value;
            }
        } catch (IllegalArgumentException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be a duration from " + min.toSeconds() + " s to " + max.toSeconds()
                + " s, as seconds (3600) or with a unit (90s, 30m, 1h, 1d), got \"" + text + "\"");
    }

    private static Map<String, String> readFile(Path file) {
        var properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new IllegalArgumentException("FEEDBACK_HUB_CONFIG_FILE " + file + " cannot be read: " + e.getMessage(), e);
        }
        var values = new HashMap<String, String>();
        properties.forEach((k, v) -> values.put(k.toString(), v.toString()));
        return values;
    }
}
