package io.feedbackhub.testing;

import io.feedbackhub.app.Config;
import io.feedbackhub.app.FeedbackHub;
import io.feedbackhub.auth.Role;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A real Feedback Hub on a random port over a real store: a SQLite file in a temporary directory, or a
 * fresh PostgreSQL database. Knows the bootstrap keys, and can make a second tenant for isolation tests.
 */
public final class TestHub implements AutoCloseable {
    public static final String ADMIN_KEY = "fh_admin_test_0123456789abcdef";
    public static final String SECRET_KEY = "fh_secret_test_0123456789abcdef";

    private final StoreKind kind;
    private final Path dataDir;
    private final String databaseUrl;
    private final FeedbackHub hub;
    public final Api api;

    private TestHub(StoreKind kind, Map<String, String> extraEnvironment) {
        this.kind = java.util.Objects.requireNonNull(kind, "store kind");
        try {
            this.dataDir = Files.createTempDirectory("feedback-hub-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.databaseUrl = kind == StoreKind.POSTGRES ? Postgres.createDatabase() : null;
        this.hub = new FeedbackHub(Config.from(environment(extraEnvironment))).start();
        this.api = new Api("http://localhost:" + hub.port(), SECRET_KEY);
    }

    public static TestHub start(StoreKind kind) {
        return new TestHub(kind, Map.of());
    }

    public static TestHub start(StoreKind kind, Map<String, String> extraEnvironment) {
        return new TestHub(kind, extraEnvironment);
    }

    /** Settings written as {@code NAME=value}, as a map for {@link #start(StoreKind, Map)}. */
    public static Map<String, String> settings(String... nameEqualsValue) {
        var settings = new LinkedHashMap<String, String>();
        for (var setting : nameEqualsValue) {
            int equals = setting.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("a setting is NAME=value, not \"" + setting + "\"");
            }
            settings.put(setting.substring(0, equals), setting.substring(equals + 1));
        }
        return Collections.unmodifiableMap(settings);
    }

    /** The settings this hub runs with, e.g. to start a second node or a child process on the same store. */
    public Map<String, String> environment(Map<String, String> extra) {
        var env = new HashMap<String, String>();
        env.put("FEEDBACK_HUB_PORT", "0");
        env.put("FEEDBACK_HUB_HOST", "127.0.0.1");
        env.put("FEEDBACK_HUB_DATA_DIR", dataDir.toString());
        env.put("FEEDBACK_HUB_INIT_ADMIN_KEY", ADMIN_KEY);
        env.put("FEEDBACK_HUB_INIT_SECRET_KEY", SECRET_KEY);
        // load tests would trip the per-key limit; RateLimitTest switches it on
        env.put("FEEDBACK_HUB_RATE_LIMIT_PER_SECOND", "0");
        // every test request comes from 127.0.0.1, and the isolation matrix and the fuzzer present wrong keys on
        // purpose; FailedAuthenticationThrottleTest switches the throttle on
        env.put("FEEDBACK_HUB_AUTH_FAILURES_PER_MINUTE", "0");
        if (databaseUrl != null) {
            env.put("FEEDBACK_HUB_DATABASE_URL", databaseUrl);
        }
        env.putAll(extra);
        return env;
    }

    public StoreKind kind() {
        return kind;
    }

    public int port() {
        return hub.port();
    }

    public String baseUrl() {
        return "http://localhost:" + hub.port();
    }

    public FeedbackHub hub() {
        return hub;
    }

    /** A new tenant with a secret key: the "other customer" of isolation tests. */
    public Api otherTenant() {
        var tenant = hub.keys().createTenant("other-" + System.nanoTime());
        return new Api(baseUrl(), hub.keys().issue(tenant.id(), Role.SECRET, "other", List.of()).secret());
    }

    /** A key of the default tenant with the given role. */
    public String issueKey(Role role, List<String> allowedOrigins) {
        var tenantId = hub.keys().tenants().get(0).id();
        return hub.keys().issue(tenantId, role, role.wire(), allowedOrigins).secret();
    }

    /** A new person of the default tenant with {@code role}, signed in (as after a sign-in, without hashing a password). */
    public SignedInSession signIn(io.feedbackhub.auth.TeamRole role) {
        var person = hub.people().findOrInviteByEmail(defaultTenantId(), role.wire() + "-" + System.nanoTime() + "@example.com", null, role);
        return SignedInSession.of(hub.sessions().open(person, "test"));
    }

    public String defaultTenantId() {
        return hub.keys().tenants().get(0).id();
    }

    /** The store's name, as a test invocation's display name. */
    @Override
    public String toString() {
        return kind.name();
    }

    @Override
    public void close() {
        hub.close();
        if (databaseUrl != null) {
            Postgres.dropDatabase(databaseUrl);
        }
        try (var files = Files.walk(dataDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir left behind is harmless
        }
    }
}
