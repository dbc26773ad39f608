package io.feedbackhub.bench;

import io.feedbackhub.store.Database;
import io.feedbackhub.store.JdbcRollupAudit;

import java.nio.file.Path;

/**
 * Runs the rollup audit (a recount of one tenant's rollups from its raw rows) outside the server, for the benchmark's
 * check that the generated rollups equal what the write path would have produced. The audit keeps a tenant's rollup
 * keys in memory (about 1 GB of heap per million feedback), more than a small server heap holds.
 *
 * <p>Usage: {@code AuditTenant <jdbc:postgresql:... | sqlite-data-dir> <tenant-id>}
 */
public final class AuditTenant {
    private AuditTenant() {
    }

    public static void main(String[] args) {
        var database = args[0].startsWith("jdbc:postgresql:") ? Database.postgres(args[0], 2, java.time.Duration.ofHours(1)) : Database.sqlite(Path.of(args[0]), 2, java.time.Duration.ofHours(1));
        long start = System.nanoTime();
        var mismatches = new JdbcRollupAudit(database).mismatches(args[1]);
        System.out.printf("audit of tenant %s: %d mismatches in %.1f s%n", args[1], mismatches.size(), (System.nanoTime() - start) / 1e9);
        mismatches.stream().limit(20).forEach(System.out::println);
        database.close();
        System.exit(mismatches.isEmpty() ? 0 : 1);
    }
}
