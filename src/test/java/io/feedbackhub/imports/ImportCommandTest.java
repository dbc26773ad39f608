package io.feedbackhub.imports;

import com.fasterxml.jackson.databind.JsonNode;
import io.feedbackhub.auth.Role;
import io.feedbackhub.testing.Api;
import io.feedbackhub.testing.EveryStore;
import io.feedbackhub.testing.StoreKind;
import io.feedbackhub.testing.TestHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code java … io.feedbackhub.app.Main import FILE --tenant T}: the real command in a process of its own, on the
 * store a running node serves, which then answers for what was imported.
 */
@ParameterizedClass
@EveryStore
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImportCommandTest {
    @Parameter
    StoreKind store;

    @TempDir
    Path files;

    TestHub hub;

    @BeforeParameterizedClassInvocation
    void start(StoreKind store) {
        hub = TestHub.start(store);
    }

    @AfterParameterizedClassInvocation
    void stop() {
        hub.close();
    }

    record Run(int exit, String out, String err) {
    }

    Run importCommand(String... args) throws IOException, InterruptedException {
        var java = ProcessHandle.current().info().command().orElse("java");
        var command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), "io.feedbackhub.app.Main", "import"));
        command.addAll(List.of(args));
        var builder = new ProcessBuilder(command)
                .redirectOutput(files.resolve("out.txt").toFile()).redirectError(files.resolve("err.txt").toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("FEEDBACK_HUB_"));
        builder.environment().putAll(hub.environment(Map.of()));
        var process = builder.start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the import finished");
        return new Run(process.exitValue(), Files.readString(files.resolve("out.txt")), Files.readString(files.resolve("err.txt")));
    }

    record Tenant(String id, Api api) {
    }

    Tenant aTenant() {
        var tenant = hub.hub().keys().createTenant("import-" + UUID.randomUUID());
        return new Tenant(tenant.id(), new Api(hub.baseUrl(), hub.hub().keys().issue(tenant.id(), Role.SECRET, "s", List.of()).secret()));
    }

    JsonNode stats(Api api, String query) {
        var response = api.get("/v1/stats?" + query);
        assertEquals(200, response.status(), response.body());
        return response.json();
    }

    @Test
    void the_command_imports_an_export_with_a_progress_line_and_a_rerun_replays_every_line() throws Exception {
        var source = aTenant();
        var agent = "agent-" + UUID.randomUUID();
        var bodies = new ArrayList<String>();
        for (int i = 0; i < 700; i++) {
            bodies.add("""
                    {"agent_id": "%s", "message_id": "m-%d", "author_id": "u-%d", "label": "%s", "created_at": "2024-0%d-0%dT1%d:00:00Z",
                     "metadata": {"prompt_version": "v%d"}}""".formatted(agent, i, i, i % 4 == 0 ? "thumbs_down" : "thumbs_up",
                    1 + i % 6, 1 + i % 9, i % 10, i % 3));
        }
        for (int from = 0; from < bodies.size(); from += 100) {
            var written = source.api().post("/v1/feedback/batch", "{\"items\": [" + String.join(",", bodies.subList(from, from + 100)) + "]}");
            assertEquals(200, written.status(), written.body());
        }
        var file = files.resolve("history.jsonl");
        Files.writeString(file, source.api().get("/v1/export?format=jsonl").body(), StandardCharsets.UTF_8);
        var target = aTenant();

        var first = importCommand(file.toString(), "--tenant", target.id());
        var again = importCommand(file.toString(), "--tenant", target.id(), "--format", "native");

        assertEquals(0, first.exit(), first.err());
        assertTrue(first.err().contains("import history.jsonl: 500 lines read, 500 created, 0 updated, 0 replayed, 0 failed"),
                "a progress line after the first batch: " + first.err());
        assertTrue(first.err().contains("import history.jsonl: 700 lines read, 700 created"), first.err());
        assertEquals(700, Api.JSON.readTree(first.out()).get("created").asInt(), first.out());
        assertEquals(0, again.exit(), again.err());
        assertEquals(700, Api.JSON.readTree(again.out()).get("replayed").asInt(), again.out());
        for (var query : List.of("", "&group_by=month", "&group_by=metadata.prompt_version", "&group_by=label")) {
            var q = "agent_id=" + agent + "&from=2024-01-01T00:00:00Z&to=2024-07-01T00:00:00Z" + query;
            assertEquals(stats(source.api(), q), stats(target.api(), q), q);
        }
    }

    @Test
    void bad_lines_are_listed_and_the_exit_code_says_so_and_a_mistyped_command_gets_its_usage() throws Exception {
        var target = aTenant();
        var file = files.resolve("mixed.jsonl");
        Files.writeString(file, """
                {"message_id": "m-1", "label": "thumbs_up", "created_at": "2024-01-01T00:00:00Z"}
                {"message_id": "m-2", "label": "thumbs_up", "created_at": "1970-01-01T00:00:00Z"}
                """);

        var mixed = importCommand(file.toString(), "--tenant", target.id());
        var noTenant = importCommand(file.toString());
        var unknownTenant = importCommand(file.toString(), "--tenant", "no-such-tenant");
        var noFile = importCommand(files.resolve("absent.jsonl").toString(), "--tenant", target.id());

        assertEquals(1, mixed.exit(), mixed.err());
        var summary = Api.JSON.readTree(mixed.out());
        assertEquals(1, summary.get("created").asInt(), mixed.out());
        assertEquals(2, summary.get("errors").get(0).get("line").asInt(), mixed.out());
        assertTrue(summary.get("errors").get(0).get("message").asText().contains("2000-01-01"), mixed.out());
        assertEquals(1, target.api().get("/v1/feedback").json().get("items").size());
        assertEquals(2, noTenant.exit());
        assertTrue(noTenant.err().contains("usage:"), noTenant.err());
        assertEquals(1, unknownTenant.exit());
        assertTrue(unknownTenant.err().contains("no tenant with id no-such-tenant"), unknownTenant.err());
        assertEquals(1, noFile.exit());
        assertTrue(noFile.err().contains("no file"), noFile.err());
    }
}
