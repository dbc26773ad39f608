package io.feedbackhub.app;

import io.feedbackhub.testing.ChildHub;
import io.feedbackhub.testing.TestHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the process prints on its first start: keys it made, never keys it was given, and no key it could not show. */
class StartupTest {
    @TempDir
    Path dataDir;

    @Test
    void keys_given_through_the_environment_are_not_printed() throws Exception {
        try (var child = ChildHub.start(Map.of("FEEDBACK_HUB_PORT", "0", "FEEDBACK_HUB_HOST", "127.0.0.1",
                "FEEDBACK_HUB_DATA_DIR", dataDir.toString(),
                "FEEDBACK_HUB_INIT_ADMIN_KEY", TestHub.ADMIN_KEY, "FEEDBACK_HUB_INIT_SECRET_KEY", TestHub.SECRET_KEY))) {
            var key = child.api(TestHub.SECRET_KEY).get("/v1/feedback");
            awaitKeyLines(child);
            child.terminate();
            var output = child.output();

            assertEquals(200, key.status(), "the given secret key works: " + key);
            assertFalse(output.contains(TestHub.ADMIN_KEY) || output.contains(TestHub.SECRET_KEY), output);
            assertTrue(output.contains("FEEDBACK_HUB_INIT_ADMIN_KEY (not shown)"), output);
        }
    }

    @Test
    void keys_the_first_start_made_are_printed_once() throws Exception {
        try (var child = ChildHub.start(Map.of("FEEDBACK_HUB_PORT", "0", "FEEDBACK_HUB_HOST", "127.0.0.1",
                "FEEDBACK_HUB_DATA_DIR", dataDir.toString()))) {
            awaitKeyLines(child);
            child.terminate();
            var output = child.output();

            assertTrue(output.matches("(?s).*admin +key: fh_admin_\\S+.*secret +key: fh_secret_\\S+.*"), output);
        }
    }

    @Test
    void a_first_start_on_a_busy_port_says_so_and_creates_no_keys() throws Exception {
        try (var busy = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            var exited = ChildHub.runToExit(Map.of("FEEDBACK_HUB_PORT", Integer.toString(busy.getLocalPort()),
                    "FEEDBACK_HUB_HOST", "127.0.0.1", "FEEDBACK_HUB_DATA_DIR", dataDir.toString()));
            var output = exited.output();

            assertEquals(1, exited.status(), output);
            assertTrue(output.contains("address already in use: 127.0.0.1:" + busy.getLocalPort()), output);
            assertFalse(output.contains("\tat ") || output.contains("Exception"), "no stack trace: " + output);
            assertFalse(output.contains("fh_admin_") || output.contains("key:"), output);
            assertEquals("", tenants(), "no tenant, so no key, was created");
        }
    }

    /** The key lines follow the line ChildHub waits for; the secret key's line is the last of them. */
    private static void awaitKeyLines(ChildHub child) throws Exception {
        for (int i = 0; i < 600 && !child.output().contains("secret  key:"); i++) {
            Thread.sleep(100);
        }
    }

    private String tenants() {
        var out = new ByteArrayOutputStream();
        var config = Config.from(Map.of("FEEDBACK_HUB_DATA_DIR", dataDir.toString()));
        assertEquals(0, Main.manage(config, List.of("tenant", "list"), new PrintStream(out, true), new PrintStream(new ByteArrayOutputStream(), true)));
        return out.toString(StandardCharsets.UTF_8);
    }
}
