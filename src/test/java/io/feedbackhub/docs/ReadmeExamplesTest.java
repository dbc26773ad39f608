package io.feedbackhub.docs;

import io.feedbackhub.testing.StoreKind;
import io.feedbackhub.testing.TestHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's examples work as written: every shell block marked {@code <!-- runnable -->} is run with bash
 * (curl -f fails on any HTTP error) against a real server, in order, as a reader would paste them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadmeExamplesTest {
    private static final Pattern RUNNABLE = Pattern.compile("<!-- runnable -->\\s*```sh\\n(.*?)```", Pattern.DOTALL);

    TestHub hub;

    @BeforeAll
    void start() {
        hub = TestHub.start(StoreKind.SQLITE);
    }

    @AfterAll
    void stop() {
        hub.close();
    }

    static List<String> runnableBlocks() throws IOException {
        var readme = Files.readString(Path.of("README.md"));
        var blocks = new ArrayList<String>();
        var m = RUNNABLE.matcher(readme);
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }

    @Test
    void every_runnable_example_in_the_readme_succeeds_against_a_real_server() throws Exception {
        var blocks = runnableBlocks();
        assertTrue(blocks.size() >= 6, "the README lost its runnable examples: " + blocks.size());

        for (var block : blocks) {
            var process = new ProcessBuilder("bash", "-euo", "pipefail", "-c", block).redirectErrorStream(true);
            process.environment().put("FEEDBACK_HUB_URL", hub.baseUrl());
            process.environment().put("FEEDBACK_HUB_KEY", TestHub.SECRET_KEY);
            var running = process.start();
            var output = new String(running.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(running.waitFor(60, TimeUnit.SECONDS), "example did not finish:\n" + block);
            assertEquals(0, running.exitValue(), "README example failed:\n" + block + "\noutput:\n" + output);
        }
    }
}
