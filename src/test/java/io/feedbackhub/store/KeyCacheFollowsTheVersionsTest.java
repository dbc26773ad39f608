package io.feedbackhub.store;

import io.feedbackhub.auth.ApiKey;
import io.feedbackhub.auth.KeyService;
import io.feedbackhub.auth.KeyStore;
import io.feedbackhub.auth.Role;
import io.feedbackhub.auth.Tenant;
import io.feedbackhub.core.CacheVersions.Topic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two nodes on one SQLite file, each with its key cache and its view of the versions, whose clock (for the age of a
 * version read) the test moves by hand and whose reads it runs by hand: nothing here waits for time to pass.
 */
class KeyCacheFollowsTheVersionsTest {
    @TempDir
    Path dir;
    Database database;
    final AtomicLong nanos = new AtomicLong();
    JdbcCacheVersions versions;
    CountingKeyStore store;
    KeyService node;
    KeyService otherNode;
    String secret;
    String keyId;

    @BeforeEach
    void open() {
        database = Database.sqlite(dir, 2);
        database.migrate();
        versions = new JdbcCacheVersions(database, nanos::get);
        store = new CountingKeyStore(new JdbcKeyStore(database, versions));
        node = new KeyService(store, versions, Clock.systemUTC());
        var otherVersions = new JdbcCacheVersions(database);
        otherNode = new KeyService(new JdbcKeyStore(database, otherVersions), otherVersions, Clock.systemUTC());
        var tenant = otherNode.createTenant("t");
        var issued = otherNode.issue(tenant.id(), Role.SECRET, "backend", List.of());
        secret = issued.secret();
        keyId = issued.key().id();
        versions.poll();
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void a_key_is_read_from_the_store_once_while_the_version_stays() {
        assertTrue(node.authenticate(secret).isPresent());
        assertTrue(node.authenticate(secret).isPresent());

        assertEquals(1, store.lookups.get());
    }

    @Test
    void a_key_revoked_on_another_node_is_refused_once_this_node_has_read_the_new_version() {
        assertTrue(node.authenticate(secret).isPresent());

        otherNode.revokeAnyTenant(keyId);
        versions.poll();

        assertEquals(Optional.empty(), node.authenticate(secret));
    }

    @Test
    void a_node_whose_last_version_read_is_older_than_the_trusted_window_reads_every_key_from_the_store() {
        assertTrue(node.authenticate(secret).isPresent());
        otherNode.revokeAnyTenant(keyId);

        nanos.addAndGet(JdbcCacheVersions.TRUSTED_FOR.toNanos()); // no read since: the database did not answer, say

        assertEquals(Optional.empty(), node.authenticate(secret));
        assertTrue(versions.current(Topic.API_KEYS).isEmpty(), "no version is trusted");
    }

    @Test
    void the_node_that_revokes_a_key_refuses_it_at_once_without_a_version_read() {
        assertTrue(node.authenticate(secret).isPresent());

        node.revokeAnyTenant(keyId);

        assertEquals(Optional.empty(), node.authenticate(secret));
    }

    @Test
    void a_flood_of_unknown_keys_does_not_push_a_known_key_out_of_the_cache() {
        assertTrue(node.authenticate(secret).isPresent());

        for (int i = 0; i < 3 * KeyService.MAX_CACHED_UNKNOWN; i++) {
            assertEquals(Optional.empty(), node.authenticate("fh_secret_" + UUID.randomUUID()));
        }
        int before = store.lookups.get();

        assertTrue(node.authenticate(secret).isPresent());
        assertEquals(before, store.lookups.get(), "the known key was answered from the cache");
    }

    /** The store as it is, counting the lookups by hash that reach it. */
    static final class CountingKeyStore implements KeyStore {
        final AtomicInteger lookups = new AtomicInteger();
        private final KeyStore store;

        CountingKeyStore(KeyStore store) {
            this.store = store;
        }

        @Override
        public Optional<StoredKey> byHash(String hash) {
            lookups.incrementAndGet();
            return store.byHash(hash);
        }

        @Override
        public void addTenant(Tenant tenant) {
            store.addTenant(tenant);
        }

        @Override
        public List<Tenant> tenants() {
            return store.tenants();
        }

        @Override
        public void addKey(StoredKey key) {
            store.addKey(key);
        }

        @Override
        public boolean addFirstTenant(Tenant tenant, List<StoredKey> keys) {
            return store.addFirstTenant(tenant, keys);
        }

        @Override
        public Optional<ApiKey> byId(String tenantId, String keyId) {
            return store.byId(tenantId, keyId);
        }

        @Override
        public List<ApiKey> keys(String tenantId) {
            return store.keys(tenantId);
        }

        @Override
        public boolean revoke(String tenantId, String keyId, Instant at) {
            return store.revoke(tenantId, keyId, at);
        }

        @Override
        public boolean setAllowedOrigins(String tenantId, String keyId, List<String> origins) {
            return store.setAllowedOrigins(tenantId, keyId, origins);
        }

        @Override
        public boolean revokeInAnyTenant(String keyId, Instant at) {
            return store.revokeInAnyTenant(keyId, at);
        }
    }
}
