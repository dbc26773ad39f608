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
    void a_bad_value_is_refused_naming_the_variable() {
        var e = assertThrows(IllegalArgumentException.class, () -> Config.from(Map.of("FEEDBACK_HUB_PORT", "eighty")));

        assertTrue(e.getMessage().startsWith("FEEDBACK_HUB_PORT must be an integer"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Config.from(Map.of("FEEDBACK_HUB_DATABASE_URL", "mysql://x")));
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
}
