package io.feedbackhub.api;

import io.feedbackhub.auth.Role;
import io.feedbackhub.testing.Api;
import io.feedbackhub.testing.HubTest;
import io.feedbackhub.testing.TestHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** /v1/contents: retrieved chunks get a title and a source URL, read one by one, in pages, or several ids at once. */
@HubTest
class ContentRegistryTest {
    @Parameter
    TestHub hub;
    Api api;

    @BeforeParameterizedClassInvocation
    void start() {
        api = hub.api;
    }

    @Test
    void a_content_is_registered_with_its_title_and_source_url_and_read_back() {
        var put = api.put("/v1/contents/kb-refunds-2023", """
                {"title": "Refund policy (2023)", "source_url": "https://kb.example.com/refunds", "metadata": {"collection": "kb"}}""");

        assertEquals(200, put.status(), put.body());
        var read = api.get("/v1/contents/kb-refunds-2023");
        assertEquals(200, read.status(), read.body());
        assertEquals("kb-refunds-2023", read.json().get("id").asText());
        assertEquals("Refund policy (2023)", read.json().get("title").asText());
        assertEquals("https://kb.example.com/refunds", read.json().get("source_url").asText());
        assertEquals("kb", read.json().get("metadata").get("collection").asText());
        assertEquals(put.json(), read.json());
    }

    @Test
    void a_second_put_replaces_every_field_and_keeps_created_at() {
        var first = api.put("/v1/contents/c-replace", "{\"title\": \"one\", \"source_url\": \"https://a.example/1\"}").json();

        var second = api.put("/v1/contents/c-replace", "{\"title\": \"two\"}").json();

        assertEquals("two", second.get("title").asText());
        assertTrue(second.get("source_url").isNull(), second.toString());
        assertEquals(first.get("created_at"), second.get("created_at"));
        assertEquals(second, api.get("/v1/contents/c-replace").json());
    }

    @Test
    void several_ids_are_looked_up_at_once_and_unregistered_ones_are_left_out() {
        api.put("/v1/contents/look-b", "{\"title\": \"B\"}");
        api.put("/v1/contents/look-a", "{\"title\": \"A\"}");

        var found = api.get("/v1/contents?ids=look-b,never-registered,look-a");

        assertEquals(200, found.status(), found.body());
        var titles = new ArrayList<String>();
        found.json().get("items").forEach(c -> titles.add(c.get("id").asText() + "=" + c.get("title").asText()));
        assertEquals(List.of("look-a=A", "look-b=B"), titles);
        assertTrue(found.json().get("next_cursor").isNull());
    }

    @Test
    void contents_list_in_pages() {
        var other = hub.otherTenant();

        other.put("/v1/contents/x-1", "{}");
        other.put("/v1/contents/x-2", "{}");
        other.put("/v1/contents/x-3", "{}");
        var page1 = other.get("/v1/contents?limit=2").json();
        var page2 = other.get("/v1/contents?limit=2&cursor=" + page1.get("next_cursor").asText()).json();

        assertEquals(List.of("x-1", "x-2"), ids(page1));
        assertEquals(List.of("x-3"), ids(page2));
        assertTrue(page2.get("next_cursor").isNull());
    }

    @Test
    void bad_content_input_names_every_field_and_writes_nothing() {
        var r = api.put("/v1/contents/c-bad", """
                {"title": 5, "source_url": "javascript:alert(1)", "extra": true}""");
        var url = api.put("/v1/contents/c-bad", "{\"source_url\": \"javascript:alert(1)\"}");
        var meta = api.put("/v1/contents/c-bad", "{\"metadata\": {\"bad key!\": \"v\"}}");

        assertEquals(422, r.status(), r.body());
        assertEquals(2, r.json().get("errors").size(), r.body());
        assertEquals(422, url.status(), url.body());
        assertEquals("source_url", url.json().get("errors").get(0).get("field").asText());
        assertEquals(422, meta.status(), meta.body());
        assertEquals(404, api.get("/v1/contents/c-bad").status());
    }

    @Test
    void another_tenant_and_a_publishable_key_cannot_read_or_write_contents() {
        api.put("/v1/contents/private-doc", "{\"title\": \"secret sauce\"}");
        var other = hub.otherTenant();

        assertEquals(404, other.get("/v1/contents/private-doc").status());
        assertEquals(0, other.get("/v1/contents?ids=private-doc").json().get("items").size());
        var browser = api.withKey(hub.issueKey(Role.PUBLISHABLE, List.of("https://app.example")));
        assertEquals(403, browser.get("/v1/contents/private-doc").status());
        assertEquals(403, browser.put("/v1/contents/private-doc", "{\"title\": \"defaced\"}").status());
        assertEquals("secret sauce", api.get("/v1/contents/private-doc").json().get("title").asText());
    }

    private static List<String> ids(com.fasterxml.jackson.databind.JsonNode page) {
        var out = new ArrayList<String>();
        page.get("items").forEach(c -> out.add(c.get("id").asText()));
        return out;
    }
}
