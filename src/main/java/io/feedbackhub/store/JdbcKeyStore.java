package io.feedbackhub.store;

import io.feedbackhub.auth.ApiKey;
import io.feedbackhub.auth.KeyStore;
import io.feedbackhub.auth.Role;
import io.feedbackhub.auth.Tenant;
import io.feedbackhub.core.CacheVersions.Topic;
import io.feedbackhub.store.NamedSql.Params;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Tenants and API keys in SQLite or PostgreSQL; every change of a key raises the key version in its transaction. */
public final class JdbcKeyStore implements KeyStore {
    private static final String KEY_COLUMNS = "tenant_id, id, role, name, prefix, key_hash, allowed_origins, created_at, revoked_at";
    private static final NamedSql INSERT_TENANT = NamedSql.of("INSERT INTO tenants (id, name, created_at) VALUES (:id, :name, :now)");
    private static final NamedSql LIST_TENANTS = NamedSql.of("SELECT id, name, created_at FROM tenants ORDER BY created_at, id");
    private static final NamedSql ANY_TENANT = NamedSql.of("SELECT 1 FROM tenants LIMIT 1");
    private static final NamedSql INSERT_KEY = NamedSql.of("""
            INSERT INTO api_keys (tenant_id, id, role, name, prefix, key_hash, allowed_origins, created_at)
            VALUES (:tenant, :id, :role, :name, :prefix, :hash, :origins, :now)""");
    private static final NamedSql BY_HASH = NamedSql.of("SELECT " + KEY_COLUMNS + " FROM api_keys WHERE key_hash = :hash");
    private static final NamedSql BY_ID = NamedSql.of("SELECT " + KEY_COLUMNS + " FROM api_keys WHERE tenant_id = :tenant AND id = :id");
    private static final NamedSql LIST_KEYS = NamedSql.of("SELECT " + KEY_COLUMNS + " FROM api_keys WHERE tenant_id = :tenant ORDER BY id");
    private static final NamedSql REVOKE = NamedSql.of("""
            UPDATE api_keys SET revoked_at = :now WHERE tenant_id = :tenant AND id = :id AND revoked_at IS NULL""");
    private static final NamedSql SET_ORIGINS = NamedSql.of("""
            UPDATE api_keys SET allowed_origins = :origins
            WHERE tenant_id = :tenant AND id = :id AND role = 'publishable' AND revoked_at IS NULL""");
    private static final NamedSql REVOKE_ANY_TENANT = NamedSql.of("UPDATE api_keys SET revoked_at = :now WHERE id = :id AND revoked_at IS NULL");
    private static final RowMapper<ApiKey> KEY = rs -> {
        long revoked = rs.getLong("revoked_at");
        var revokedAt = rs.wasNull() ? null : Instant.ofEpochMilli(revoked);
        return new ApiKey(rs.getString("id"), rs.getString("tenant_id"), Role.parse(rs.getString("role")).orElseThrow(),
                rs.getString("name"), rs.getString("prefix"), JsonColumns.list(rs.getString("allowed_origins")),
                Instant.ofEpochMilli(rs.getLong("created_at")), revokedAt);
    };

    private final Database database;
    private final JdbcCacheVersions versions;

    public JdbcKeyStore(Database database, JdbcCacheVersions versions) {
        this.database = database;
        this.versions = versions;
    }

    @Override
    public void addTenant(Tenant tenant) {
        database.inTransaction(c -> insertTenant(c, tenant));
    }

    @Override
    public List<Tenant> tenants() {
        return database.read(c -> all(c, LIST_TENANTS, new Params(),
                rs -> new Tenant(rs.getString(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3)))));
    }

    @Override
    public void addKey(StoredKey key) {
        versions.changing(Topic.API_KEYS, c -> insertKey(c, key), added -> true);
    }

    @Override
    public boolean addFirstTenant(Tenant tenant, List<StoredKey> keys) {
        return versions.changing(Topic.API_KEYS, c -> {
            database.lockExclusively(c);
            try (var s = ANY_TENANT.prepare(c, new Params()); var rs = s.executeQuery()) {
                if (rs.next()) {
                    return false;
                }
            }
            insertTenant(c, tenant);
            for (var key : keys) {
                insertKey(c, key);
            }
            return true;
        }, Boolean::booleanValue);
    }

    @Override
    public Optional<StoredKey> byHash(String hash) {
        return database.read(c -> {
            try (var s = BY_HASH.prepare(c, Params.of("hash", hash)); var rs = s.executeQuery()) {
                return rs.next() ? Optional.of(new StoredKey(KEY.map(rs), rs.getString("key_hash"))) : Optional.<StoredKey>empty();
            }
        });
    }

    @Override
    public Optional<ApiKey> byId(String tenantId, String keyId) {
        return database.read(c -> all(c, BY_ID, Params.of("tenant", tenantId).and("id", keyId), KEY)).stream().findFirst();
    }

    @Override
    public List<ApiKey> keys(String tenantId) {
        return database.read(c -> all(c, LIST_KEYS, Params.of("tenant", tenantId), KEY));
    }

    @Override
    public boolean revoke(String tenantId, String keyId, Instant at) {
        return update(REVOKE, Params.of("tenant", tenantId).and("id", keyId).and("now", at.toEpochMilli()));
    }

    @Override
    public boolean setAllowedOrigins(String tenantId, String keyId, List<String> origins) {
        return update(SET_ORIGINS, Params.of("tenant", tenantId).and("id", keyId).and("origins", JsonColumns.list(origins)));
    }

    @Override
    public boolean revokeInAnyTenant(String keyId, Instant at) {
        return update(REVOKE_ANY_TENANT, Params.of("id", keyId).and("now", at.toEpochMilli()));
    }

    private boolean update(NamedSql sql, Params params) {
        return versions.changing(Topic.API_KEYS, c -> {
            try (var s = sql.prepare(c, params)) {
                return s.executeUpdate() == 1;
            }
        }, Boolean::booleanValue);
    }

    private static Boolean insertTenant(Connection c, Tenant tenant) throws SQLException {
        try (var s = INSERT_TENANT.prepare(c, Params.of("id", tenant.id()).and("name", tenant.name())
                .and("now", tenant.createdAt().toEpochMilli()))) {
            return s.executeUpdate() == 1;
        }
    }

    private static Boolean insertKey(Connection c, StoredKey stored) throws SQLException {
        var k = stored.key();
        try (var s = INSERT_KEY.prepare(c, Params.of("tenant", k.tenantId()).and("id", k.id()).and("role", k.role().wire())
                .and("name", k.name()).and("prefix", k.prefix()).and("hash", stored.hash())
                .and("origins", JsonColumns.list(k.allowedOrigins())).and("now", k.createdAt().toEpochMilli()))) {
            return s.executeUpdate() == 1;
        }
    }

    private static <T> List<T> all(Connection c, NamedSql sql, Params params, RowMapper<T> mapper) throws SQLException {
        try (var s = sql.prepare(c, params); var rs = s.executeQuery()) {
            var all = new ArrayList<T>();
            while (rs.next()) {
                all.add(mapper.map(rs));
            }
            return all;
        }
    }
}
