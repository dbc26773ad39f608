package io.feedbackhub.dialect.devic;

import io.feedbackhub.testing.Api;
import io.feedbackhub.testing.HubTest;
import io.feedbackhub.testing.TestHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;

import java.util.UUID;

import static io.feedbackhub.dialect.devic.DevicDialectTest.BASE;
import static io.feedbackhub.dialect.devic.DevicDialectTest.aThumbsUp;
import static io.feedbackhub.dialect.devic.DevicDialectTest.assertDevicError;
import static io.feedbackhub.dialect.devic.DevicDialectTest.chatPath;
import static io.feedbackhub.dialect.devic.DevicDialectTest.registerThread;
import static io.feedbackhub.dialect.devic.DevicDialectTest.threadPath;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A tenant with strict conversations ({@code FEEDBACK_HUB_DEVIC_STRICT_CONVERSATIONS}, here {@code *}): the seed's
 * 404 for every chat or thread not registered first through the native API, and nothing registered by feedback.
 */
@HubTest(environment = {"FEEDBACK_HUB_DEVIC_STRICT_CONVERSATIONS=*"})
class DevicStrictConversationsTest {
    @Parameter
    TestHub hub;
    Api api;

    @BeforeParameterizedClassInvocation
    void start() {
        api = hub.api;
    }

    @Test
    void an_unknown_chat_is_not_found_and_is_not_registered() {
        var chatUid = UUID.randomUUID().toString();

        var submitted = api.post(BASE + chatPath("default", chatUid), aThumbsUp("msg-1"));

        assertDevicError(submitted, 404, "Not Found");
        assertEquals("Chat history not found or does not belong to the specified assistant", submitted.json().get("message").asText());
        assertEquals(404, api.get("/v1/threads/" + chatUid).status(), "a strict tenant's chats are registered first");
        assertEquals(0, api.get("/v1/feedback?thread_id=" + chatUid).json().get("items").size());
    }

    @Test
    void an_unknown_thread_or_one_without_an_agent_is_not_found() {
        var unknown = "thread-" + UUID.randomUUID();
        var agentless = "thread-" + UUID.randomUUID();
        registerThread(api, agentless, null);

        var submitted = api.post(BASE + threadPath(unknown), aThumbsUp("m"));

        assertDevicError(submitted, 404, "Not Found");
        assertEquals("Thread not found", submitted.json().get("message").asText());
        assertDevicError(api.post(BASE + threadPath(agentless), aThumbsUp("m")), 404, "Not Found");
        assertEquals(404, api.get("/v1/threads/" + unknown).status());
        assertEquals(0, api.get("/v1/feedback?thread_id=" + agentless).json().get("items").size());
    }

    @Test
    void a_registered_chat_takes_feedback_as_before() {
        var chatUid = UUID.randomUUID().toString();
        registerThread(api, chatUid, "default");

        var submitted = api.post(BASE + chatPath("default", chatUid), aThumbsUp("msg-1"));

        assertEquals(200, submitted.status(), submitted.body());
        assertEquals(chatUid, submitted.json().get("data").get("chatUID").asText());
    }
}
