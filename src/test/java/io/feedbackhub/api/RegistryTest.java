package io.feedbackhub.api;

import io.feedbackhub.testing.Api;
import io.feedbackhub.testing.HubTest;
import io.feedbackhub.testing.TestHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Agents, threads and messages: PUT upserts, GET reads, lists page; feedback auto-registers what it names. */
@HubTest
class RegistryTest {
    @Parameter
    TestHub hub;
    Api api;

    @BeforeParameterizedClassInvocation
    void start() {
        api = hub.api;
    }

    @Test
    void an_agent_thread_and_message_are_registered_and_read_back() {
        var agent = api.put("/v1/agents/support-bot", """
                {"name": "Support bot", "metadata": {"team": "care"}}""");
        var thread = api.put("/v1/threads/t-100", "{\"agent_id\": \"support-bot\", \"title\": \"refunds\"}");
        var message = api.put("/v1/messages/msg-1", """
                {"thread_id": "t-100", "role": "assistant", "prompt": "How long do refunds take?",
                 "content": "About 5 days.", "model": "gpt-x", "metadata": {"prompt_version": "v2"}}""");

        assertEquals(200, agent.status(), agent.body());
        assertEquals(200, thread.status(), thread.body());
        assertEquals(200, message.status(), message.body());
        assertEquals("care", api.get("/v1/agents/support-bot").json().get("metadata").get("team").asText());
        assertEquals("support-bot", api.get("/v1/threads/t-100").json().get("agent_id").asText());
        var read = api.get("/v1/messages/msg-1").json();
        assertEquals("About 5 days.", read.get("content").asText());
        assertEquals("How long do refunds take?", read.get("prompt").asText());
    }

    @Test
    void a_second_put_replaces_the_fields_and_keeps_created_at() {
        var first = api.put("/v1/agents/a-replace", "{\"name\": \"one\"}").json();

        var second = api.put("/v1/agents/a-replace", "{\"name\": \"two\"}").json();

        assertEquals("two", second.get("name").asText());
        assertEquals(first.get("created_at"), second.get("created_at"));
    }

    @Test
    void feedback_naming_an_unknown_agent_and_thread_registers_them() {
        api.post("/v1/feedback", """
                {"agent_id": "auto-agent", "thread_id": "auto-thread", "message_id": "m", "label": "thumbs_up"}""");

        assertEquals(200, api.get("/v1/agents/auto-agent").status());
        assertEquals("auto-agent", api.get("/v1/threads/auto-thread").json().get("agent_id").asText());
    }

    @Test
    void threads_list_by_agent_with_pages() {
        for (int i = 0; i < 3; i++) {
            api.put("/v1/threads/list-" + i, "{\"agent_id\": \"lister\"}");
        }

        var page1 = api.get("/v1/threads?agent_id=lister&limit=2").json();
        var page2 = api.get("/v1/threads?agent_id=lister&limit=2&cursor=" + page1.get("next_cursor").asText()).json();

        assertEquals(2, page1.get("items").size());
        assertEquals(1, page2.get("items").size());
        assertTrue(page2.get("next_cursor").isNull());
    }

    @Test
    void another_tenant_cannot_read_the_registry() {
        api.put("/v1/agents/private-agent", "{\"name\": \"secret sauce\"}");
        var other = hub.otherTenant();

        assertEquals(404, other.get("/v1/agents/private-agent").status());
        assertEquals(0, other.get("/v1/agents").json().get("items").size());
    }

    @Test
    void bad_registry_input_names_the_field() {
        var r = api.put("/v1/messages/m-bad", "{\"thread_id\": 5, \"extra\": true}");

        assertEquals(422, r.status());
        assertEquals(2, r.json().get("errors").size());
        assertEquals(404, api.get("/v1/messages/never-registered").status());
    }
}
