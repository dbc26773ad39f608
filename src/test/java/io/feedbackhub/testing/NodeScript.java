package io.feedbackhub.testing;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a Node.js script of {@code src/test/js} (where the official vendor SDKs are installed, pinned by its
 * package-lock.json) and returns the JSON object it prints last. The SDKs are installed with {@code npm ci} when
 * {@code node_modules} is missing, so a fresh checkout needs nothing by hand; .ci/run does the same up front.
 */
public final class NodeScript {
    public static final Path DIRECTORY = Path.of("src", "test", "js").toAbsolutePath();
    private static final long TIMEOUT_SECONDS = 180;

    private NodeScript() {
    }

    /** Runs {@code script} with {@code environment} added to this process's; fails with the script's output. */
    public static JsonNode run(String script, Map<String, String> environment) {
        installIfMissing();
        var result = exec(List.of("node", script), environment);
        var lines = result.stdout().strip().lines().toList();
        if (result.exitCode() != 0 || lines.isEmpty()) {
            throw new AssertionError("node " + script + " exited " + result.exitCode() + "\nstdout:\n" + result.stdout()
                    + "\nstderr:\n" + result.stderr());
        }
        try {
            return Api.JSON.readTree(lines.get(lines.size() - 1));
        } catch (IOException e) {
            throw new AssertionError("node " + script + " did not end with a JSON line\nstdout:\n" + result.stdout()
                    + "\nstderr:\n" + result.stderr(), e);
        }
    }

    private static synchronized void installIfMissing() {
        if (Files.isDirectory(DIRECTORY.resolve("node_modules"))) {
            return;
        }
        var result = exec(List.of("npm", "ci", "--no-audit", "--no-fund"), Map.of());
        if (result.exitCode() != 0) {
            throw new AssertionError("npm ci in " + DIRECTORY + " failed (" + result.exitCode() + ")\n" + result.stdout()
                    + "\n" + result.stderr());
        }
    }

    private record Result(int exitCode, String stdout, String stderr) {
    }

    private static Result exec(List<String> command, Map<String, String> environment) {
        try {
            var stdout = Files.createTempFile("node-out", ".txt");
            var stderr = Files.createTempFile("node-err", ".txt");
            try {
                var builder = new ProcessBuilder(command).directory(DIRECTORY.toFile())
                        .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
                // The vendors' own settings on this machine (endpoints, keys, tracing) must not reach the scripts.
                builder.environment().keySet().removeIf(name -> name.startsWith("LANGFUSE_") || name.startsWith("LANGSMITH_")
                        || name.startsWith("LANGCHAIN_"));
                builder.environment().putAll(environment);
                var process = builder.start();
                if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                    throw new AssertionError(String.join(" ", command) + " did not finish within " + TIMEOUT_SECONDS
                            + " s\nstdout:\n" + Files.readString(stdout) + "\nstderr:\n" + Files.readString(stderr));
                }
                return new Result(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                        Files.readString(stderr, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(stdout);
                Files.deleteIfExists(stderr);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command + " (are node and npm installed?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
