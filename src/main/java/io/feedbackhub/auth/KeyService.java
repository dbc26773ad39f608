package io.feedbackhub.auth;

import io.feedbackhub.core.FieldError;
import io.feedbackhub.core.Hashes;
import io.feedbackhub.core.Ids;
import io.feedbackhub.core.InvalidInput;
import io.feedbackhub.core.NotFound;
import io.feedbackhub.store.Database;
import io.feedbackhub.store.JsonColumns;
import io.feedbackhub.store.NamedSql;
import io.feedbackhub.store.NamedSql.Params;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Tenants and API keys. A key's secret is shown once, at creation; the database keeps only its SHA-256.
 * Keys carry 256 random bits, so a fast hash is enough (nothing to brute-force); the lookup goes by hash
 * and the final comparison is constant-time. There is no cache: a revoked key fails on every node at once.
 */
public final class KeyService {
    public static final int MIN_SECRET_LENGTH = 20;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String KEY_COLUMNS = "tenant_id, id, role, name, prefix, key_hash, allowed_origins, created_at, revoked_at";
    private static final NamedSql INSERT_TENANT = NamedSql.of("INSERT INTO tenants (id, name, created_at) VALUES (:id, :name, :now)");
    private static final NamedSql LIST_TENANTS = NamedSql.of("SELECT id, name, created_at FROM tenants ORDER BY created_at, id");
    private static final NamedSql INSERT_KEY = NamedSql.of("""
            INSERT INTO api_keys (tenant_id, id, role, name, prefix, key_hash, allowed_origins, created_at)
            VALUES (:tenant, :id, :role, :name, :prefix, :hash, :origins, :now)""");
    private static final NamedSql BY_HASH = NamedSql.of("SELECT " + KEY_COLUMNS + " FROM api_keys WHERE key_hash = :hash");
    private static final NamedSql LIST_KEYS = NamedSql.of("SELECT " + KEY_COLUMNS + " FROM api_keys WHERE tenant_id = :tenant ORDER BY id");
    private static final NamedSql REVOKE = NamedSql.of("""
            UPDATE api_keys SET revoked_at = :now WHERE tenant_id = :tenant AND id = :id AND revoked_at IS NULL""");
    private static final NamedSql REVOKE_ANY_TENANT = NamedSql.of("UPDATE api_keys SET revoked_at = :now WHERE id = :id AND revoked_at IS NULL");

    private final Database database;
    private final Clock clock;

    public KeyService(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    public Tenant createTenant(String name) {
        if (name == null || name.isBlank() || name.length() > 200) {
            throw new InvalidInput(FieldError.of("name", "must be 1-200 characters"));
        }
        var tenant = new Tenant(Ids.newId(), name, now());
        database.inTransaction(c -> insertTenant(c, tenant));
        return tenant;
    }

    public List<Tenant> tenants() {
        return database.read(c -> {
            try (var s = LIST_TENANTS.prepare(c, new Params()); var rs = s.executeQuery()) {
                var all = new ArrayList<Tenant>();
                while (rs.next()) {
                    all.add(new Tenant(rs.getString(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3))));
                }
                return all;
            }
        });
    }

    public IssuedKey issue(String tenantId, Role role, String name, List<String> allowedOrigins) {
        return issue(tenantId, role, name, allowedOrigins, newSecret(role));
    }

    IssuedKey issue(String tenantId, Role role, String name, List<String> allowedOrigins, String secret) {
        if (tenants().stream().noneMatch(t -> t.id().equals(tenantId))) {
            throw new NotFound("tenant", tenantId);
        }
        var issued = newKey(tenantId, role, name, allowedOrigins, secret);
        database.inTransaction(c -> insertKey(c, issued));
        return issued;
    }

    /**
     * On the first start against an empty store: a default tenant with one admin and one secret key, using
     * the operator's chosen secrets when given. Several nodes starting at once create it once.
     */
    public Optional<List<IssuedKey>> bootstrap(Optional<String> adminSecret, Optional<String> secretSecret) {
        adminSecret.ifPresent(s -> checkChosenSecret("FEEDBACK_HUB_INIT_ADMIN_KEY", s));
        secretSecret.ifPresent(s -> checkChosenSecret("FEEDBACK_HUB_INIT_SECRET_KEY", s));
        return database.inTransaction(c -> {
            database.lockExclusively(c);
            try (var s = c.createStatement(); var rs = s.executeQuery("SELECT COUNT(*) FROM tenants")) {
                rs.next();
                if (rs.getLong(1) > 0) {
                    return Optional.<List<IssuedKey>>empty();
                }
            }
            var tenant = new Tenant(Ids.newId(), "default", now());
            insertTenant(c, tenant);
            var admin = newKey(tenant.id(), Role.ADMIN, "bootstrap admin", List.of(), adminSecret.orElseGet(() -> newSecret(Role.ADMIN)));
            var secret = newKey(tenant.id(), Role.SECRET, "bootstrap secret", List.of(), secretSecret.orElseGet(() -> newSecret(Role.SECRET)));
            insertKey(c, admin);
            insertKey(c, secret);
            return Optional.of(List.of(admin, secret));
        });
    }

    public Optional<Principal> authenticate(String presented) {
        if (presented == null || presented.isEmpty() || presented.length() > 512) {
            return Optional.empty();
        }
        var hash = hash(presented);
        return database.read(c -> {
            try (var s = BY_HASH.prepare(c, Params.of("hash", hash)); var rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                var key = map(rs);
                boolean matches = MessageDigest.isEqual(
                        HexFormat.of().parseHex(rs.getString("key_hash")), HexFormat.of().parseHex(hash));
                if (!matches || key.revokedAt() != null) {
                    return Optional.empty();
                }
                return Optional.of(new Principal(key.tenantId(), key.id(), key.role(), key.allowedOrigins()));
            }
        });
    }

    public List<ApiKey> list(String tenantId) {
        return database.read(c -> {
            try (var s = LIST_KEYS.prepare(c, Params.of("tenant", tenantId)); var rs = s.executeQuery()) {
                var all = new ArrayList<ApiKey>();
                while (rs.next()) {
                    all.add(map(rs));
                }
                return all;
            }
        });
    }

    public void revoke(String tenantId, String keyId) {
        int changed = database.inTransaction(c -> {
            try (var s = REVOKE.prepare(c, Params.of("tenant", tenantId).and("id", keyId).and("now", now().toEpochMilli()))) {
                return s.executeUpdate();
            }
        });
        if (changed == 0) {
            throw new NotFound("key", keyId);
        }
    }

    /** For the operator's command line, which knows key ids but not tenants. */
    public boolean revokeAnyTenant(String keyId) {
        return database.inTransaction(c -> {
            try (var s = REVOKE_ANY_TENANT.prepare(c, Params.of("id", keyId).and("now", now().toEpochMilli()))) {
                return s.executeUpdate() == 1;
            }
        });
    }

    private static void checkChosenSecret(String variable, String secret) {
        if (secret.length() < MIN_SECRET_LENGTH || secret.length() > 512 || secret.chars().anyMatch(ch -> ch <= ' ')) {
            throw new IllegalArgumentException(variable + " must be " + MIN_SECRET_LENGTH
                    + "-512 characters without spaces, got " + secret.length() + " characters");
        }
    }

    private IssuedKey newKey(String tenantId, Role role, String name, List<String> allowedOrigins, String secret) {
        var origins = allowedOrigins == null ? List.<String>of() : List.copyOf(allowedOrigins);
        var prefix = secret.substring(0, Math.min(secret.length(), role.prefix.length() + 4));
        return new IssuedKey(new ApiKey(Ids.newId(), tenantId, role, name, prefix, origins, now(), null), secret);
    }

    private static String newSecret(Role role) {
        var bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return role.prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String hash(String secret) {
        return HexFormat.of().formatHex(Hashes.sha256(secret));
    }

    private Boolean insertTenant(Connection c, Tenant tenant) throws SQLException {
        try (var s = INSERT_TENANT.prepare(c, Params.of("id", tenant.id()).and("name", tenant.name())
                .and("now", tenant.createdAt().toEpochMilli()))) {
            return s.executeUpdate() == 1;
        }
    }

    private static Boolean insertKey(Connection c, IssuedKey issued) throws SQLException {
        var k = issued.key();
        try (var s = INSERT_KEY.prepare(c, Params.of("tenant", k.tenantId()).and("id", k.id()).and("role", k.role().wire())
                .and("name", k.name()).and("prefix", k.prefix()).and("hash", hash(issued.secret()))
                .and("origins", JsonColumns.list(k.allowedOrigins())).and("now", k.createdAt().toEpochMilli()))) {
            return s.executeUpdate() == 1;
        }
    }

    private static ApiKey map(ResultSet rs) throws SQLException {
        long revoked = rs.getLong("revoked_at");
        var revokedAt = rs.wasNull() ? null : Instant.ofEpochMilli(revoked);
        return new ApiKey(rs.getString("id"), rs.getString("tenant_id"), Role.parse(rs.getString("role")).orElseThrow(),
                rs.getString("name"), rs.getString("prefix"), JsonColumns.list(rs.getString("allowed_origins")),
                Instant.ofEpochMilli(rs.getLong("created_at")), revokedAt);
    }

    private Instant now() {
        return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }
}
