package io.feedbackhub.people;

import io.feedbackhub.testing.Api;
import io.feedbackhub.testing.HubTest;
import io.feedbackhub.testing.TestHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Failed sign-ins are limited per email and per address, before any password is checked. */
@HubTest(environment = "FEEDBACK_HUB_LOGIN_FAILURES_PER_MINUTE=3")
class SignInThrottleTest {
    @Parameter
    TestHub hub;

    @Test
    void after_the_allowed_failures_even_the_right_password_waits() {
        var email = PeopleApiTest.anEmail();
        var admin = hub.api.withKey(TestHub.ADMIN_KEY);
        assertEquals(201, admin.post("/v1/users", PeopleApiTest.user(email, "viewer", PeopleApiTest.PASSWORD)).status());
        for (int i = 0; i < 3; i++) {
            assertEquals(401, login(email, "a wrong guess number " + i).status());
        }

        var right = login(email, PeopleApiTest.PASSWORD);

        assertEquals(429, right.status(), right.toString());
        assertTrue(right.header("Retry-After") != null, right.toString());
    }

    private Api.Response login(String email, String password) {
        return hub.api.post("/v1/auth/login", "{\"email\": \"" + email + "\", \"password\": \"" + password + "\"}", "no-auth", "1");
    }
}
