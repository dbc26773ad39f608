package io.feedbackhub.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A Feedback Hub node in a separate JVM process (same classes as the tests), for what one process cannot
 * show: several nodes on one database, and being killed. Its output goes to a log file.
 */
public final class ChildHub implements AutoCloseable {
    private static final Pattern RUNNING = Pattern.compile("Feedback Hub is running at http://localhost:(\\d+)");

    private final Process process;
    private final int port;
    private final Path log;

    private ChildHub(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    public static ChildHub start(Map<String, String> environment) throws IOException {
        var java = ProcessHandle.current().info().command().orElse("java");
        var log = Files.createTempFile("feedback-hub-child", ".log");
        var builder = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"), "io.feedbackhub.app.Main"))
                .redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("FEEDBACK_HUB_"));
        builder.environment().putAll(environment);
        var process = builder.start();
        var port = new CompletableFuture<Integer>();
        Thread.ofPlatform().daemon(true).start(() -> copyOutput(process, log, port));
        try {
            return new ChildHub(process, port.get(60, TimeUnit.SECONDS), log);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IllegalStateException("child hub did not start; its output:\n" + Files.readString(log), e);
        }
    }

    /** How a node that refused to start ended: its exit status and everything it printed. */
    public record Exited(int status, String output) {
    }

    /** Runs a node that is expected to refuse to start, until it exits (at most a minute). */
    public static Exited runToExit(Map<String, String> environment) throws IOException, InterruptedException {
        var java = ProcessHandle.current().info().command().orElse("java");
        var builder = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"), "io.feedbackhub.app.Main"))
                .redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("FEEDBACK_HUB_"));
        builder.environment().putAll(environment);
        var process = builder.start();
        var output = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(output unreadable: " + e.getMessage() + ")";
            }
        });
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("the node neither started nor exited within 60 s: " + output.getNow("(no output yet)"));
        }
        return new Exited(process.exitValue(), output.join());
    }

    private static void copyOutput(Process process, Path log, CompletableFuture<Integer> port) {
        try (var reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) {
                Files.writeString(log, line + "\n", java.nio.file.StandardOpenOption.APPEND);
                var m = RUNNING.matcher(line);
                if (m.find()) {
                    port.complete(Integer.parseInt(m.group(1)));
                }
            }
        } catch (IOException ignored) {
            // the process is gone
        }
        port.completeExceptionally(new IllegalStateException("child exited with " + process.exitValue()));
    }

    public int port() {
        return port;
    }

    public String baseUrl() {
        return "http://localhost:" + port;
    }

    public Api api(String key) {
        return new Api(baseUrl(), key);
    }

    public String output() throws IOException {
        return Files.readString(log);
    }

    /** SIGKILL: no shutdown hook, no draining. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM: the shutdown hook drains in-flight work. Returns the exit code. */
    public int terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("child did not stop within 60 s of SIGTERM");
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
