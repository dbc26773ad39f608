package io.feedbackhub.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The operator's subcommands: tenants and keys, against a real SQLite store. */
class CommandLineTest {
    @TempDir
    Path dataDir;

    private String run(int expectedExit, String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        var config = Config.from(Map.of("FEEDBACK_HUB_DATA_DIR", dataDir.toString()));
        int exit = Main.manage(config, List.of(args), new PrintStream(out, true), new PrintStream(err, true));
        assertEquals(expectedExit, exit, "stdout: " + out + " stderr: " + err);
        return out + err.toString();
    }

    @Test
    void an_operator_creates_a_tenant_and_issues_lists_and_revokes_its_keys() {
        var tenantId = run(0, "tenant", "create", "acme").split("\t")[0];
        var created = run(0, "key", "create", "--tenant", tenantId, "--role", "secret", "--name", "backend").strip().split("\t");
        var keyId = created[0];
        var secret = created[2];

        var listed = run(0, "key", "list", "--tenant", tenantId);
        run(0, "key", "revoke", keyId);
        var afterRevoke = run(0, "key", "list", "--tenant", tenantId);

        assertTrue(secret.startsWith("fh_secret_"), secret);
        assertTrue(listed.contains(keyId) && listed.contains("active") && !listed.contains(secret), listed);
        assertTrue(afterRevoke.contains("revoked"), afterRevoke);
        assertTrue(run(0, "tenant", "list").contains("acme"));
    }

    @Test
    void an_operator_lists_the_tenants_and_mints_a_new_admin_key() {
        var tenantId = run(0, "tenant", "create", "acme").split("\t")[0];

        var tenants = run(0, "tenants", "list");
        var created = run(0, "keys", "create", "--tenant", tenantId, "--role", "admin", "--name", "ops").strip().split("\t");

        assertTrue(tenants.contains(tenantId + "\tacme"), tenants);
        assertEquals("admin", created[1]);
        assertTrue(created[2].startsWith("fh_admin_"), created[2]);
        assertTrue(run(0, "key", "list", "--tenant", tenantId).contains(created[0] + "\tadmin"));
    }

    @Test
    void an_operator_prints_a_one_time_sign_in_link_that_makes_the_owner() {
        var tenantId = run(0, "tenant", "create", "acme").split("\t")[0];

        var printed = run(0, "user", "create", "--email", "Owner@Example.com", "--role", "owner", "--tenant", tenantId);

        var link = printed.lines().findFirst().orElseThrow();
        assertTrue(link.startsWith("http://localhost:8080/#invitation=fh_inv_"), printed);
        try (var database = io.feedbackhub.store.Database.sqlite(dataDir, 2)) {
            var people = new io.feedbackhub.people.People(new io.feedbackhub.store.JdbcPeopleStore(database),
                    new io.feedbackhub.people.Passwords(), java.time.Duration.ofDays(1), java.time.Clock.systemUTC());
            var owner = people.accept(link.substring(link.indexOf("=") + 1), null, "Olu", "a long and unusual passphrase");
            assertEquals("owner@example.com", owner.email());
            assertEquals(io.feedbackhub.auth.TeamRole.OWNER, owner.role());
            assertEquals(tenantId, owner.tenantId());
        }
        assertTrue(run(2, "user", "create", "--email", "x@example.com", "--role", "boss").contains("usage:"));
    }

    @Test
    void mistakes_get_a_usage_line_and_a_non_zero_exit() {
        assertTrue(run(2, "key", "create", "--role", "secret").contains("usage:"));
        assertTrue(run(2, "frobnicate").contains("usage:"));
        assertTrue(run(1, "key", "revoke", "no-such-key").contains("no active key"));
        assertTrue(run(1, "key", "create", "--tenant", "nope", "--role", "secret").contains("not found"));
    }
}
