package io.feedbackhub.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.feedbackhub.testing.Api;
import io.feedbackhub.testing.HubTest;
import io.feedbackhub.testing.TestHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeMap;

import static io.feedbackhub.testing.Ids.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A backend's token can bind the analysis dimensions it knows (prompt_version, model, source_surface): the widget's
 * votes carry them, so they count in version comparisons, and the person in the browser cannot claim other values.
 */
@HubTest
class TokenBindsMetadataTest {
    @Parameter
    TestHub hub;
    Api api;

    @BeforeParameterizedClassInvocation
    void start() {
        api = hub.api;
    }

    private Api tokenFor(String author, String message, String version) {
        var minted = api.post("/v1/tokens", """
                {"author_id": "%s", "message_id": "%s", "metadata": {"prompt_version": "%s", "model": "gpt-4o"},
                 "source_surface": "web"}""".formatted(author, message, version));
        assertEquals(201, minted.status(), minted.body());
        return api.withKey(minted.json().get("token").asText());
    }

    @Test
    void the_minted_token_says_what_it_binds() {
        var minted = api.post("/v1/tokens", """
                {"author_id": "u-1", "message_id": "m-1", "metadata": {"prompt_version": "v3"}, "source_surface": "mobile"}""");

        assertEquals(201, minted.status(), minted.body());
        assertEquals("v3", minted.json().get("metadata").get("prompt_version").asText());
        assertEquals("mobile", minted.json().get("source_surface").asText());
    }

    @Test
    void a_write_with_the_token_carries_the_bound_values_beside_its_own_metadata() {
        var message = unique("m");
        var token = tokenFor("u-2", message, "v3");

        var given = token.post("/v1/feedback", "{\"label\": \"thumbs_up\", \"metadata\": {\"locale\": \"de\"}}");

        assertEquals(201, given.status(), given.body());
        var stored = api.get("/v1/feedback/" + given.json().get("id").asText()).json();
        assertEquals(Map.of("prompt_version", "v3", "model", "gpt-4o", "locale", "de"), metadata(stored));
        assertEquals("web", stored.get("source_surface").asText());
    }

    @Test
    void a_write_naming_another_value_for_a_bound_key_is_refused_and_writes_nothing() {
        var message = unique("m");
        var token = tokenFor("u-3", message, "v3");

        var otherVersion = token.post("/v1/feedback", "{\"label\": \"thumbs_up\", \"metadata\": {\"prompt_version\": \"v4\"}}");
        var otherSurface = token.post("/v1/feedback", "{\"label\": \"thumbs_up\", \"source_surface\": \"mobile\"}");
        var inABatch = token.post("/v1/feedback/batch", """
                {"items": [{"label": "thumbs_up", "metadata": {"model": "gpt-3.5"}}]}""");

        assertEquals(403, otherVersion.status(), otherVersion.body());
        assertTrue(otherVersion.body().contains("binds metadata.prompt_version=v3"), otherVersion.body());
        assertEquals(403, otherSurface.status(), otherSurface.body());
        assertTrue(otherSurface.body().contains("binds source_surface=web"), otherSurface.body());
        assertEquals(403, inABatch.json().get("results").get(0).get("status").asInt(), inABatch.body());
        assertEquals(0, api.get("/v1/feedback?message_id=" + message).json().get("items").size(), "nothing was written");
    }

    @Test
    void a_patch_with_the_token_cannot_change_or_drop_what_it_binds() {
        var message = unique("m");
        var token = tokenFor("u-4", message, "v3");
        var id = token.post("/v1/feedback", "{\"label\": \"thumbs_down\"}").json().get("id").asText();

        var dropping = token.patch("/v1/feedback/" + id, "{\"metadata\": {\"locale\": \"fr\"}, \"source_surface\": null}");
        var changing = token.patch("/v1/feedback/" + id, "{\"metadata\": {\"prompt_version\": \"v1\"}}");

        assertEquals(200, dropping.status(), dropping.body());
        var stored = api.get("/v1/feedback/" + id).json();
        assertEquals(Map.of("prompt_version", "v3", "model", "gpt-4o", "locale", "fr"), metadata(stored));
        assertEquals("web", stored.get("source_surface").asText());
        assertEquals(403, changing.status(), changing.body());
        assertEquals("v3", metadata(api.get("/v1/feedback/" + id).json()).get("prompt_version"));
    }

    @Test
    void votes_given_with_bound_tokens_count_in_a_version_comparison() {
        var old = unique("old");
        var fresh = unique("new");
        tokenFor("u-a", unique("m"), old).post("/v1/feedback", "{\"label\": \"thumbs_up\"}");
        tokenFor("u-b", unique("m"), old).post("/v1/feedback", "{\"label\": \"thumbs_up\"}");
        tokenFor("u-c", unique("m"), fresh).post("/v1/feedback", "{\"label\": \"thumbs_down\"}");

        var from = URLEncoder.encode(Instant.now().minus(1, ChronoUnit.DAYS).toString(), StandardCharsets.UTF_8);
        var compared = api.get("/v1/stats/compare?from=" + from + "&a.metadata.prompt_version=" + old
                + "&b.metadata.prompt_version=" + fresh);

        assertEquals(200, compared.status(), compared.body());
        assertEquals(2, compared.json().get("a").get("positive_rate").get("positive").asInt(), compared.body());
        assertEquals(1, compared.json().get("b").get("positive_rate").get("negative").asInt(), compared.body());
    }

    @Test
    void a_token_binding_too_much_or_bad_values_is_refused_at_minting() {
        var nine = new StringBuilder();
        for (int i = 0; i < 9; i++) {
            nine.append(i == 0 ? "" : ", ").append("\"k").append(i).append("\": \"v\"");
        }

        var tooMany = api.post("/v1/tokens", "{\"author_id\": \"u\", \"metadata\": {" + nine + "}}");
        var badKey = api.post("/v1/tokens", "{\"author_id\": \"u\", \"metadata\": {\"bad key\": \"v\"}}");
        var badSurface = api.post("/v1/tokens", "{\"author_id\": \"u\", \"source_surface\": \"\"}");

        assertEquals(422, tooMany.status(), tooMany.body());
        assertEquals(422, badKey.status(), badKey.body());
        assertEquals(422, badSurface.status(), badSurface.body());
    }

    private static Map<String, String> metadata(JsonNode feedback) {
        var out = new TreeMap<String, String>();
        feedback.get("metadata").fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }
}
