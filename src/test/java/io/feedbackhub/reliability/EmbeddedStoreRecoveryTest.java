package io.feedbackhub.reliability;

import io.feedbackhub.app.Config;
import io.feedbackhub.app.FeedbackHub;
import io.feedbackhub.testing.Api;
import io.feedbackhub.testing.StoreKind;
import io.feedbackhub.testing.TestHub;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The embedded store recovers by itself when another process holds SQLite's write lock longer than the store
 * waits for it (a backup tool, the {@code sqlite3} shell): writes meanwhile are refused with 503 and written
 * nowhere, no write is applied twice, readiness says so, and service resumes without a restart.
 */
class EmbeddedStoreRecoveryTest {
    /** Short, so that the lock must be held past it within the test; the default is 5 s. */
    static final Map<String, String> QUICK_DEADLINE = Map.of("FEEDBACK_HUB_STORE_TIMEOUT", "1s");

    @Test
    void a_write_lock_held_by_another_process_costs_503s_and_nothing_is_applied_twice() throws Exception {
        try (var hub = TestHub.start(StoreKind.SQLITE, QUICK_DEADLINE); var load = new WriteLoad(hub.api)) {
            var api = hub.api;
            load.start();
            waitFor(() -> load.acknowledged() >= 40);

            int readinessWhileLocked;
            try (var lock = holdWriteLock(hub.environment(Map.of()))) {
                waitFor(() -> load.count(503) >= 10);
                readinessWhileLocked = api.get("/readyz").status();
                release(lock);
            }
            waitFor(() -> api.get("/readyz").status() == 200);
            int beforeRelease = load.acknowledged();
            waitFor(() -> load.acknowledged() >= beforeRelease + 40);
            load.stop();

            load.assertEveryAnswerWas201Or503WithRetryAfter();
            load.assertStoredExactlyOnce();
            assertEquals(503, readinessWhileLocked, "/readyz while the store cannot write");
            System.out.println("EmbeddedStoreRecoveryTest (write lock held elsewhere): answers " + load.statuses());
        }
    }

    /**
     * A real full disk: the data directory is a small tmpfs that this test mounts (so it needs root, as the CI
     * container has; elsewhere it is skipped), filled with a filler file, then freed.
     */
    @Test
    void a_full_disk_costs_503s_and_service_resumes_when_space_is_freed() throws Exception {
        try (var disk = SmallDisk.mount("16m")) {
            var env = environment(disk.path());
            try (var hub = new FeedbackHub(Config.from(env)).start()) {
                var api = new Api("http://localhost:" + hub.port(), TestHub.SECRET_KEY);
                var before = api.post("/v1/feedback", "{\"message_id\": \"before-the-disk-filled\", \"label\": \"thumbs_up\"}");
                assertEquals(201, before.status(), before.toString());
                try (var load = new WriteLoad(api)) {
                    load.start();
                    waitFor(() -> load.acknowledged() >= 40);

                    disk.fill();
                    waitFor(() -> load.count(503) >= 10);
                    // SQLite reuses free WAL frames, so a one-row probe may still commit now and then on a full disk:
                    // readiness must say so, not at every instant
                    boolean notReadyWhileFull = within(() -> api.get("/readyz").status() == 503);
                    var readWhileFull = api.get("/v1/feedback/" + before.json().get("id").asText());
                    disk.free();

                    waitFor(() -> api.get("/readyz").status() == 200);
                    int afterFree = load.acknowledged();
                    waitFor(() -> load.acknowledged() >= afterFree + 40);
                    load.stop();

                    load.assertEveryAnswerWas201Or503WithRetryAfter();
                    load.assertStoredExactlyOnce();
                    assertTrue(notReadyWhileFull, "/readyz is 503 while the disk is full");
                    assertEquals(200, readWhileFull.status(), "reads are served while the disk is full: " + readWhileFull);
                    System.out.println("EmbeddedStoreRecoveryTest (full disk, tmpfs 16 MiB): answers " + load.statuses());
                }
            }
        }
    }

    /**
     * SQLite cannot open a file in WAL mode without room for its shared-memory index, so a node on a full disk cannot
     * even read: it refuses to start with one line naming the disk, and starts once space is freed.
     */
    @Test
    void a_node_started_on_a_full_disk_refuses_naming_the_disk_and_starts_once_space_is_freed() throws Exception {
        try (var disk = SmallDisk.mount("16m")) {
            var env = environment(disk.path());
            String id;
            try (var hub = new FeedbackHub(Config.from(env)).start()) {
                var written = new Api("http://localhost:" + hub.port(), TestHub.SECRET_KEY)
                        .post("/v1/feedback", "{\"message_id\": \"written-before\", \"label\": \"thumbs_up\"}");
                assertEquals(201, written.status(), written.toString());
                id = written.json().get("id").asText();
            }
            disk.fill();

            var refused = io.feedbackhub.testing.ChildHub.runToExit(env);
            disk.free();
            try (var child = io.feedbackhub.testing.ChildHub.start(env)) {
                var api = child.api(TestHub.SECRET_KEY);
                var read = api.get("/v1/feedback/" + id);
                var write = api.post("/v1/feedback", "{\"message_id\": \"written-after\", \"label\": \"thumbs_up\"}");

                assertEquals(1, refused.status(), refused.output());
                assertTrue(refused.output().contains("Feedback Hub cannot start: ") && refused.output().contains("free space on the disk holding "
                        + disk.path().toAbsolutePath()), refused.output());
                assertTrue(!refused.output().contains("\tat "), "one line, no stack trace: " + refused.output());
                assertEquals(200, read.status(), "what was written before the disk filled: " + read);
                assertEquals(201, write.status(), "a write once space is freed: " + write);
            }
        }
    }

    /** The settings of a node whose data directory is {@code dataDir}. */
    static Map<String, String> environment(Path dataDir) {
        var env = new java.util.HashMap<String, String>(QUICK_DEADLINE);
        env.put("FEEDBACK_HUB_PORT", "0");
        env.put("FEEDBACK_HUB_HOST", "127.0.0.1");
        env.put("FEEDBACK_HUB_DATA_DIR", dataDir.toString());
        env.put("FEEDBACK_HUB_INIT_ADMIN_KEY", TestHub.ADMIN_KEY);
        env.put("FEEDBACK_HUB_INIT_SECRET_KEY", TestHub.SECRET_KEY);
        env.put("FEEDBACK_HUB_RATE_LIMIT_PER_SECOND", "0");
        return env;
    }

    /** A tmpfs of a given size mounted on a new temporary directory; {@link #fill()} leaves no byte free. */
    static final class SmallDisk implements AutoCloseable {
        private final Path mountPoint;
        private final Path filler;

        private SmallDisk(Path mountPoint) {
            this.mountPoint = mountPoint;
            this.filler = mountPoint.resolve("filler");
        }

        static SmallDisk mount(String size) throws Exception {
            var dir = java.nio.file.Files.createTempDirectory("feedback-hub-small-disk");
            int exit = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", dir.toString())
                    .redirectErrorStream(true).start().waitFor();
            org.junit.jupiter.api.Assumptions.assumeTrue(exit == 0, "mounting a tmpfs needs root (exit " + exit + ")");
            var disk = new SmallDisk(dir);
            java.nio.file.Files.createDirectories(disk.path());
            return disk;
        }

        Path path() {
            return mountPoint.resolve("data");
        }

        void fill() throws Exception {
            var chunk = new byte[64 * 1024];
            try (var out = new java.io.FileOutputStream(filler.toFile())) {
                while (true) {
                    out.write(chunk);
                }
            } catch (java.io.IOException full) {
                // no space left on device: full
            }
            try (var out = new java.io.FileOutputStream(filler.toFile(), true)) {
                for (int i = 0; i < 64 * 1024; i++) {
                    out.write(0); // the last bytes a chunk did not fit in
                }
            } catch (java.io.IOException full) {
                // full to the byte
            }
        }

        void free() throws Exception {
            java.nio.file.Files.deleteIfExists(filler);
        }

        @Override
        public void close() throws Exception {
            new ProcessBuilder("umount", "-l", mountPoint.toString()).redirectErrorStream(true).start().waitFor();
            java.nio.file.Files.deleteIfExists(mountPoint);
        }
    }

    /** Another connection to the same file, outside the pool, holding SQLite's write lock (BEGIN IMMEDIATE). */
    static Connection holdWriteLock(Map<String, String> environment) throws Exception {
        var file = Path.of(environment.get("FEEDBACK_HUB_DATA_DIR")).resolve("feedback-hub.db");
        var connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        try (var s = connection.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
        }
        return connection;
    }

    static void release(Connection lock) throws Exception {
        try (var s = lock.createStatement()) {
            s.execute("ROLLBACK");
        }
    }

    /**
     * Writers against one slot (each accepted write is one revision of it) and writers of new records (each accepted
     * one must be stored). Every answer is kept by status.
     */
    static final class WriteLoad implements AutoCloseable {
        private final Api api;
        private final AtomicBoolean stop = new AtomicBoolean();
        private final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        private final Map<String, Boolean> createdIds = new ConcurrentHashMap<>();
        private final AtomicInteger slotVotes = new AtomicInteger();
        private final ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
        private final AtomicInteger acknowledged = new AtomicInteger();
        private java.util.concurrent.ExecutorService pool;
        private volatile String slotId;

        WriteLoad(Api api) {
            this.api = api;
        }

        void start() {
            pool = Executors.newFixedThreadPool(6);
            for (int w = 0; w < 6; w++) {
                int writer = w;
                pool.submit(() -> {
                    for (int i = 0; !stop.get(); i++) {
                        boolean onSlot = writer < 3;
                        var body = onSlot
                                ? "{\"message_id\": \"one-slot\", \"author_id\": \"same-author\", \"label\": \"" + (i % 2 == 0 ? "thumbs_up" : "thumbs_down")
                                        // a distinct comment per write: a rewrite that changes nothing writes no revision
                                        + "\", \"comment\": \"vote " + writer + "-" + i + "\"}"
                                : "{\"message_id\": \"record-" + writer + "-" + i + "\", \"label\": \"thumbs_up\"}";
                        var r = api.post("/v1/feedback", body);
                        statuses.computeIfAbsent(r.status(), s -> new AtomicInteger()).incrementAndGet();
                        if (r.status() == 200 || r.status() == 201) {
                            acknowledged.incrementAndGet();
                            if (onSlot) {
                                slotVotes.incrementAndGet();
                                slotId = r.json().get("id").asText();
                            } else {
                                createdIds.put(r.json().get("id").asText(), true);
                            }
                        } else if (r.status() != 503 || r.header("Retry-After") == null) {
                            unexpected.add(r + " Retry-After=" + r.header("Retry-After"));
                        }
                    }
                });
            }
        }

        int acknowledged() {
            return acknowledged.get();
        }

        int count(int status) {
            var c = statuses.get(status);
            return c == null ? 0 : c.get();
        }

        Map<Integer, Integer> statuses() {
            var copy = new TreeMap<Integer, Integer>();
            statuses.forEach((k, v) -> copy.put(k, v.get()));
            return copy;
        }

        void stop() throws InterruptedException {
            stop.set(true);
            pool.shutdown();
            assertTrue(pool.awaitTermination(2, java.util.concurrent.TimeUnit.MINUTES));
        }

        /** Stops the writers also when a wait failed, so that a failing test ends. */
        @Override
        public void close() {
            stop.set(true);
            pool.shutdownNow();
        }

        void assertEveryAnswerWas201Or503WithRetryAfter() {
            assertEquals(List.of(), unexpected.stream().limit(3).toList(), "every answer is a success or a 503 with Retry-After; by status " + statuses());
        }

        /** Each acknowledged vote on the slot is exactly one revision; each acknowledged new record is stored. */
        void assertStoredExactlyOnce() {
            var slot = api.get("/v1/feedback/" + slotId);
            assertEquals(200, slot.status(), slot.toString());
            assertEquals(slotVotes.get(), slot.json().get("revision").asInt(),
                    "revisions of the slot against acknowledged votes on it (more revisions: a write applied twice or unacknowledged)");
            var missing = new ArrayList<String>();
            for (var id : createdIds.keySet()) {
                if (api.get("/v1/feedback/" + id).status() != 200) {
                    missing.add(id);
                }
            }
            assertEquals(List.of(), missing, "acknowledged but not stored");
        }
    }

    /** Polls a condition (at most two minutes); the test depends on the condition, never on a duration. */
    /** Whether the condition holds within ten seconds of polling. */
    static boolean within(BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 100 && !condition.getAsBoolean(); i++) {
            Thread.sleep(100);
        }
        return condition.getAsBoolean();
    }

    static void waitFor(BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 1200 && !condition.getAsBoolean(); i++) {
            Thread.sleep(100);
        }
        assertTrue(condition.getAsBoolean(), "condition not reached within two minutes");
    }
}
