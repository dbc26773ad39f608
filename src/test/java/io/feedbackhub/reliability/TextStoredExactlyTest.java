package io.feedbackhub.reliability;

import io.feedbackhub.testing.EveryStore;
import io.feedbackhub.testing.StoreKind;
import io.feedbackhub.testing.TestHub;
import org.junit.jupiter.params.ParameterizedTest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 13 items 5 and 6: what a client sends is stored exactly as the text it is, or refused. A body in a declared
 * charset other than UTF-8, or gzip-compressed, is the same text; a lone surrogate or a byte that is no UTF-8 is a 422,
 * so that two distinct author ids can never be stored as one ("\ud800" and "\ud801" were both "?").
 * HostileInputTest walks every body route with the same cases; this class re-reads what was stored.
 */
class TextStoredExactlyTest {
    @ParameterizedTest
    @EveryStore
    void two_authors_differing_only_in_a_lone_surrogate_are_refused_instead_of_sharing_a_slot(StoreKind store) {
        try (var hub = TestHub.start(store)) {
            var first = hub.api.post("/v1/feedback", thumbs("m-1", "\\ud800", "up"));
            var second = hub.api.post("/v1/feedback", thumbs("m-1", "\\ud801", "down"));

            assertEquals(422, first.status(), first.body());
            assertEquals(422, second.status(), second.body());
            assertEquals("string_unicode", first.json().get("errors").get(0).get("code").asText());
            assertEquals("author_id", first.json().get("errors").get(0).get("field").asText());
            assertEquals(0, hub.api.get("/v1/feedback?message_id=m-1").json().get("items").size());
        }
    }

    @ParameterizedTest
    @EveryStore
    void a_surrogate_pair_is_one_character_and_stored_as_such(StoreKind store) {
        try (var hub = TestHub.start(store)) {
            var r = hub.api.post("/v1/feedback", thumbs("m-1", "\\ud83d\\ude00", "up"));

            assertEquals(201, r.status(), r.body());
            assertEquals("\uD83D\uDE00", hub.api.get("/v1/feedback/" + r.json().get("id").asText()).json().get("author_id").asText());
        }
    }

    @ParameterizedTest
    @EveryStore
    void bytes_that_are_no_utf8_are_invalid_input_at_the_native_door_and_a_fastapi_door(StoreKind store) {
        try (var hub = TestHub.start(store)) {
            var body = latin1(thumbs("m-1", "café", "up"));

            var r = RawHttp.send(hub.port(), "POST", "/v1/feedback", body, Map.of("Authorization", "Bearer " + TestHub.SECRET_KEY));
            var scale = RawHttp.send(hub.port(), "PUT", "/compat/scale/v4/threads/t-1/messages/m-1/feedback",
                    latin1("{\"chat_thread_id\": \"t-1\", \"application_interaction_id\": \"m-1\", \"sentiment\": \"positive\", "
                            + "\"description\": \"café\"}"), Map.of("Authorization", "Bearer " + TestHub.SECRET_KEY));

            assertEquals(422, r.status(), r.body());
            assertEquals("string_unicode", r.json().get("errors").get(0).get("code").asText());
            assertEquals(422, scale.status(), scale.body());
            assertEquals("string_unicode", scale.json().get("detail").get(0).get("type").asText());
            assertEquals("[\"body\"]", scale.json().get("detail").get(0).get("loc").toString());
        }
    }

    @ParameterizedTest
    @EveryStore
    void a_latin1_body_that_says_so_and_a_gzip_body_are_stored_as_their_text(StoreKind store) {
        try (var hub = TestHub.start(store)) {
            var auth = "Bearer " + TestHub.SECRET_KEY;

            var latin1 = RawHttp.send(hub.port(), "POST", "/v1/feedback", latin1(comment("m-1", "café crème")),
                    Map.of("Authorization", auth, "Content-Type", "application/json; charset=ISO-8859-1"));
            var gzipped = RawHttp.send(hub.port(), "POST", "/v1/feedback", gzip(comment("m-2", "naïve 😀")),
                    Map.of("Authorization", auth, "Content-Encoding", "gzip"));
            var bogus = RawHttp.send(hub.port(), "POST", "/v1/feedback", comment("m-3", "x").getBytes(StandardCharsets.UTF_8),
                    Map.of("Authorization", auth, "Content-Type", "application/json; charset=bogus"));

            assertEquals(201, latin1.status(), latin1.body());
            assertEquals(201, gzipped.status(), gzipped.body());
            assertEquals("café crème", hub.api.get("/v1/feedback/" + latin1.json().get("id").asText()).json().get("comment").asText());
            assertEquals("naïve 😀", hub.api.get("/v1/feedback/" + gzipped.json().get("id").asText()).json().get("comment").asText());
            assertEquals(415, bogus.status(), bogus.body());
            assertTrue(bogus.header("Content-Type").startsWith("application/problem+json"), bogus.header("Content-Type"));
            assertTrue(bogus.json().get("detail").asText().contains("\"bogus\""), bogus.body());
        }
    }

    private static String thumbs(String message, String authorJson, String way) {
        return "{\"message_id\": \"" + message + "\", \"author_id\": \"" + authorJson + "\", \"label\": \"thumbs_" + way + "\"}";
    }

    private static String comment(String message, String comment) {
        return "{\"message_id\": \"" + message + "\", \"label\": \"thumbs_up\", \"comment\": \"" + comment + "\"}";
    }

    private static byte[] latin1(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] gzip(String text) {
        var out = new ByteArrayOutputStream();
        try (var gz = new GZIPOutputStream(out)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
