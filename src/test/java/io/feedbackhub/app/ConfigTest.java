package io.feedbackhub.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigTest {
    @Test
    void defaults_give_an_embedded_store_on_port_8080() {
        var config = Config.from(Map.of());

        assertEquals(8080, config.port());
        assertEquals(Path.of("./data"), config.dataDir());
        assertFalse(config.usesPostgres());
        assertEquals(1, config.writerThreads());
    }

    @Test
    void devic_strict_conversations_name_tenants_or_every_tenant_and_none_by_default() {
        var none = Config.from(Map.of()).devicConversations();
        var some = Config.from(Map.of("FEEDBACK_HUB_DEVIC_STRICT_CONVERSATIONS", " t-1, t-2 ,")).devicConversations();
        var every = Config.from(Map.of("FEEDBACK_HUB_DEVIC_STRICT_CONVERSATIONS", "*")).devicConversations();

        assertFalse(none.test("t-1"));
        assertTrue(some.test("t-1") && some.test("t-2"));
        assertFalse(some.test("t-3"));
        assertTrue(every.test("t-3"));
    }

    @Test
    void the_store_timeout_defaults_to_five_seconds_and_takes_a_unit() {
        var defaults = Config.from(Map.of());
        var set = Config.from(Map.of("FEEDBACK_HUB_STORE_TIMEOUT", "2m"));
        var e = assertThrows(IllegalArgumentException.class, () -> Config.from(Map.of("FEEDBACK_HUB_STORE_TIMEOUT", "0s")));

        assertEquals(java.time.Duration.ofSeconds(5), defaults.storeTimeout());
        assertEquals(java.time.Duration.ofMinutes(2), set.storeTimeout());
        assertTrue(e.getMessage().startsWith("FEEDBACK_HUB_STORE_TIMEOUT must be a duration from 1 s to 600 s"), e.getMessage());
    }

    @Test
    void a_bad_value_is_refused_naming_the_variable() {
        var e = assertThrows(IllegalArgumentException.class, () -> Config.from(Map.of("FEEDBACK_HUB_PORT", "eighty")));

        assertTrue(e.getMessage().startsWith("FEEDBACK_HUB_PORT must be an integer"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Config.from(Map.of("FEEDBACK_HUB_DATABASE_URL", "mysql://x")));
    }

    @Test
    void the_public_url_is_an_absolute_http_url_kept_without_its_trailing_slash() {
        assertEquals(java.util.Optional.of("https://feedback.example.com/hub"),
                Config.from(Map.of("FEEDBACK_HUB_PUBLIC_URL", "https://feedback.example.com/hub/")).publicUrl());
        assertEquals(java.util.Optional.empty(), Config.from(Map.of()).publicUrl());
        for (var bad : new String[]{"feedback.example.com", "ftp://feedback.example.com", "https://u:p@feedback.example.com",
                "https://feedback.example.com/?x=1"}) {
            var e = assertThrows(IllegalArgumentException.class, () -> Config.from(Map.of("FEEDBACK_HUB_PUBLIC_URL", bad)), bad);
            assertTrue(e.getMessage().startsWith("FEEDBACK_HUB_PUBLIC_URL must be"), e.getMessage());
        }
        assertEquals(Config.DEFAULT_AUTH_FAILURES_PER_MINUTE, Config.from(Map.of()).authFailuresPerMinute());
    }

    @Test
    void slow_client_deadlines_default_to_30_10_30_seconds_and_are_refused_below_one_second() {
        var defaults = Config.from(Map.of()).httpTimeouts();
        var set = Config.from(Map.of("FEEDBACK_HUB_IDLE_TIMEOUT", "1m", "FEEDBACK_HUB_HEADER_TIMEOUT", "5s", "FEEDBACK_HUB_BODY_TIMEOUT", "90"))
                .httpTimeouts();

        var e = assertThrows(IllegalArgumentException.class, () -> Config.from(Map.of("FEEDBACK_HUB_HEADER_TIMEOUT", "0")));

        assertEquals(new Config.HttpTimeouts(java.time.Duration.ofSeconds(30), java.time.Duration.ofSeconds(10),
                java.time.Duration.ofSeconds(30)), defaults);
        assertEquals(new Config.HttpTimeouts(java.time.Duration.ofMinutes(1), java.time.Duration.ofSeconds(5),
                java.time.Duration.ofSeconds(90)), set);
        assertTrue(e.getMessage().startsWith("FEEDBACK_HUB_HEADER_TIMEOUT must be a duration"), e.getMessage());
    }

    @Test
    void environment_variables_override_the_config_file(@TempDir Path dir) throws IOException {
        var file = dir.resolve("hub.properties");
        Files.writeString(file, "FEEDBACK_HUB_PORT=9000\nFEEDBACK_HUB_WRITE_BATCH_MAX=64\n");

        var config = Config.from(Map.of("FEEDBACK_HUB_CONFIG_FILE", file.toString(), "FEEDBACK_HUB_PORT", "9100"));

        assertEquals(9100, config.port());
        assertEquals(64, config.writeBatchMax());
    }

    @Test
    void secrets_are_masked_when_the_configuration_is_described() {
        var config = Config.from(Map.of(
                "FEEDBACK_HUB_DATABASE_URL", "jdbc:postgresql://db:5432/hub?user=hub&password=hunter2",
                "FEEDBACK_HUB_INIT_SECRET_KEY", "fh_secret_very_secret_value_123"));

        var described = config.describe();

        assertFalse(described.contains("hunter2"), described);
        assertFalse(described.contains("very_secret"), described);
        assertTrue(described.contains("writer_threads=4"), "PostgreSQL gets several writers: " + described);
    }

    @Test
    void a_pool_too_small_for_the_writers_and_a_reader_is_refused_naming_both_variables() {
        var postgres = "jdbc:postgresql://db:5432/hub";

        var tooFew = assertThrows(IllegalArgumentException.class, () -> Config.from(Map.of(
                "FEEDBACK_HUB_DATABASE_URL", postgres, "FEEDBACK_HUB_DB_POOL_SIZE", "4")));
        var equal = assertThrows(IllegalArgumentException.class, () -> Config.from(Map.of(
                "FEEDBACK_HUB_DB_POOL_SIZE", "8", "FEEDBACK_HUB_WRITER_THREADS", "8")));
        var justEnough = Config.from(Map.of("FEEDBACK_HUB_DATABASE_URL", postgres, "FEEDBACK_HUB_DB_POOL_SIZE", "5"));

        assertTrue(tooFew.getMessage().startsWith("FEEDBACK_HUB_DB_POOL_SIZE must be at least FEEDBACK_HUB_WRITER_THREADS + 1"),
                tooFew.getMessage());
        assertTrue(tooFew.getMessage().contains("got pool size 4 for 4 writer threads"), "PostgreSQL's default writers: " + tooFew.getMessage());
        assertTrue(equal.getMessage().contains("got pool size 8 for 8 writer threads"), equal.getMessage());
        assertTrue(equal.getMessage().contains("raise FEEDBACK_HUB_DB_POOL_SIZE to 9") && equal.getMessage().contains("WRITER_THREADS to 7"),
                equal.getMessage());
        assertEquals(5, justEnough.dbPoolSize());
        assertEquals(4, justEnough.writerThreads());
    }

    @Test
    void an_unknown_variable_stops_the_start_naming_it_and_the_closest_known_one() {
        var refused = assertThrows(IllegalArgumentException.class,
                () -> Config.from(Map.of("FEEDBACK_HUB_WEBHOOK_TIMEOUTS", "5s", "FEEDBACK_HUB_PORT", "9000")));
        var misspelt = assertThrows(IllegalArgumentException.class, () -> Config.from(Map.of("FEEDBACK_HUB_DATABSE_URL", "x")));

        assertEquals("unknown setting FEEDBACK_HUB_WEBHOOK_TIMEOUTS; did you mean FEEDBACK_HUB_WEBHOOK_TIMEOUT?", refused.getMessage());
        assertEquals("unknown setting FEEDBACK_HUB_DATABSE_URL; did you mean FEEDBACK_HUB_DATABASE_URL?", misspelt.getMessage());
    }

    @Test
    void an_unknown_file_key_stops_the_start_and_names_the_file(@TempDir Path dir) throws IOException {
        var file = dir.resolve("hub.properties");
        Files.writeString(file, "FEEDBACK_HUB_PORT=9000\nFEEDBACK_HUB_WRITE_BATCH=64\n");

        var refused = assertThrows(IllegalArgumentException.class, () -> Config.from(Map.of("FEEDBACK_HUB_CONFIG_FILE", file.toString())));

        assertEquals("unknown setting FEEDBACK_HUB_WRITE_BATCH in FEEDBACK_HUB_CONFIG_FILE " + file
                + "; did you mean FEEDBACK_HUB_WRITE_BATCH_MAX?", refused.getMessage());
    }

    @Test
    void variables_read_by_others_in_the_same_shell_are_not_refused() {
        var config = Config.from(Map.of("FEEDBACK_HUB_LOG_LEVEL", "WARN", "FEEDBACK_HUB_URL", "http://localhost:8080",
                "FEEDBACK_HUB_KEY", "fh_secret_x", "PATH", "/usr/bin"));

        assertEquals(8080, config.port());
    }

    @Test
    void every_duration_setting_reads_one_grammar_days_and_bare_seconds_included() {
        var config = Config.from(Map.of("FEEDBACK_HUB_END_USER_TOKEN_TTL", "1d", "FEEDBACK_HUB_WEBHOOK_TIMEOUT", "30",
                "FEEDBACK_HUB_STORE_TIMEOUT", "1500ms", "FEEDBACK_HUB_WEBHOOK_RETENTION", "2D"));

        assertEquals(java.time.Duration.ofDays(1), config.endUserTokenTtl());
        assertEquals(java.time.Duration.ofSeconds(30), config.webhooks().timeout());
        assertEquals(java.time.Duration.ofMillis(1500), config.storeTimeout());
        assertEquals(java.time.Duration.ofDays(2), config.webhooks().retention());
    }
}
