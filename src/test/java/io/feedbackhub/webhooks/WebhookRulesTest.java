package io.feedbackhub.webhooks;

import io.feedbackhub.core.Feedback;
import io.feedbackhub.core.InvalidInput;
import io.feedbackhub.core.Source;
import io.feedbackhub.core.Target;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The small rules under webhooks and alerts, each checked on its own. */
class WebhookRulesTest {
    @Test
    void signatures_match_the_standard_webhooks_test_vector() {
        var signature = Signatures.sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330,
                "{\"test\": 2432232314}");

        assertEquals("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", signature);
        assertEquals(signature + " " + Signatures.sign("whsec_AAAA", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, "{\"test\": 2432232314}"),
                Signatures.header(List.of("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "whsec_AAAA"), "msg_p5jXN8AQM9LWM0D4loKWxJek",
                        1614265330, "{\"test\": 2432232314}"));
        assertTrue(Signatures.newSecret().matches("whsec_[A-Za-z0-9+/]{32}"));
    }

    @Test
    void a_rotated_secret_signs_with_its_own_key_and_the_old_one_beside_it_while_in_grace() {
        var signer = new Signer();
        var sentAt = Instant.ofEpochSecond(1614265330);
        var before = endpoint("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", null, null);
        signer.header(before, sentAt, "msg_1", "{}");

        var rotated = endpoint("whsec_AAAA", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", sentAt.plusSeconds(60));

        assertEquals(Signatures.header(List.of("whsec_AAAA", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"), "msg_1", 1614265330, "{}"),
                signer.header(rotated, sentAt, "msg_1", "{}"));
        assertEquals(Signatures.sign("whsec_AAAA", "msg_1", 1614265390, "{}"),
                signer.header(rotated, sentAt.plusSeconds(60), "msg_1", "{}"), "the grace period has ended");
    }

    private static Endpoint endpoint(String secret, String previousSecret, Instant previousExpiresAt) {
        var at = Instant.ofEpochSecond(1614265000);
        return new Endpoint("tenant", "endpoint-1", "https://example.com/hook", null, EventType.FEEDBACK, FeedbackFilter.ANY, secret,
                previousSecret, previousExpiresAt, previousSecret == null ? null : at, true, null, null, null, at, at);
    }

    @Test
    void the_event_of_a_change_follows_from_what_the_record_was_and_became() {
        var live = feedback(null);
        var tombstone = feedback(Instant.now());

        assertEquals(Optional.of(EventType.FEEDBACK_CREATED), EventType.of(null, live));
        assertEquals(Optional.of(EventType.FEEDBACK_CREATED), EventType.of(tombstone, live), "written again after an undo");
        assertEquals(Optional.of(EventType.FEEDBACK_UPDATED), EventType.of(live, live));
        assertEquals(Optional.of(EventType.FEEDBACK_DELETED), EventType.of(live, tombstone));
        assertEquals(Optional.of(EventType.FEEDBACK_PURGED), EventType.of(live, null));
        assertEquals(Optional.empty(), EventType.of(tombstone, null), "a purged tombstone was already deleted");
        assertEquals(Optional.empty(), EventType.of(tombstone, tombstone));
    }

    @Test
    void durations_are_read_and_written_in_their_largest_whole_unit() {
        assertEquals(List.of(Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofHours(2), Duration.ofMillis(500)),
                Durations.parseList("5s, 5m,2h,500ms"));
        assertEquals("1d", Durations.format(Duration.ofHours(24)));
        assertEquals("90s", Durations.format(Duration.ofSeconds(90)));
        assertThrows(IllegalArgumentException.class, () -> Durations.parse("5 minutes"));
        var e = assertThrows(IllegalArgumentException.class, () -> WebhookSettings.from(Map.of("FEEDBACK_HUB_WEBHOOK_RETRY_DELAYS", "1s,soon")));
        assertTrue(e.getMessage().startsWith("FEEDBACK_HUB_WEBHOOK_RETRY_DELAYS"), e.getMessage());
        assertEquals(7, WebhookSettings.defaults().retryDelays().size(), "8 attempts in all, as Standard Webhooks schedules them");
    }

    @Test
    void alert_conditions_are_read_as_written_and_refused_when_they_make_no_sense() {
        var rate = AlertCondition.parse("rate(thumbs_down)>0.2");
        var mean = AlertCondition.parse(" mean( score ) <= 3.5 ");

        assertEquals("rate(thumbs_down) > 0.2", rate.toString());
        assertEquals("thumbs_down", rate.label());
        assertEquals("mean(score) <= 3.5", mean.toString());
        assertThrows(InvalidInput.class, () -> AlertCondition.parse("rate(thumbs_down) > 20"), "a rate is a share from 0 to 1");
        assertThrows(InvalidInput.class, () -> AlertCondition.parse("count(thumbs_down) > 20"));
    }

    @Test
    void addresses_inside_a_network_are_told_apart_from_public_ones() throws Exception {
        for (var inside : List.of("127.0.0.1", "10.0.0.1", "172.31.255.255", "192.168.0.1", "169.254.169.254", "100.100.100.200",
                "0.0.0.0", "::1", "fe80::1", "fd00:ec2::254", "::ffff:10.0.0.1", "64:ff9b::a9fe:a9fe", "224.0.0.1")) {
            assertTrue(AddressGuard.nonPublic(InetAddress.getByName(inside)).isPresent(), inside);
        }
        for (var outside : List.of("93.184.215.14", "8.8.8.8", "172.32.0.1", "2606:4700:4700::1111")) {
            assertEquals(Optional.empty(), AddressGuard.nonPublic(InetAddress.getByName(outside)), outside);
        }
    }

    /** Issue 13 item 10: a transition form reaches IPv4 through a gateway or tunnel, so it is refused whatever it embeds. */
    @Test
    void ipv6_forms_that_embed_or_reach_ipv4_are_refused_even_around_a_public_address() throws Exception {
        var forms = Map.of(
                "2002:808:808::1", "6to4", "2002:c0a8:101::1", "6to4",
                "64:ff9b::808:808", "NAT64", "64:ff9b:1::808:808", "local-use NAT64", "64:ff9b:1:ffff::a9fe:a9fe", "local-use NAT64",
                "::ffff:0:808:808", "IPv4-translated", "::ffff:0:a9fe:a9fe", "IPv4-translated",
                "::8.8.8.8", "IPv4-compatible", "2001:0:4136:e378:8000:63bf:3fff:fdd2", "Teredo", "2001::808:808", "Teredo");
        for (var form : forms.entrySet()) {
            var kind = AddressGuard.nonPublic(InetAddress.getByName(form.getKey()));
            assertTrue(kind.isPresent() && kind.get().contains(form.getValue()), form.getKey() + " -> " + kind);
        }
        var mapped = java.net.Inet6Address.getByAddress(null, new byte[]{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xFF, (byte) 0xFF, 8, 8, 8, 8}, null);
        assertTrue(AddressGuard.nonPublic(mapped).orElse("").contains("IPv4-mapped"), mapped.toString());
        for (var outside : List.of("2001:4860:4860::8888", "2a00:1450:4001::1", "2003::1", "64:ff9c::1")) {
            assertEquals(Optional.empty(), AddressGuard.nonPublic(InetAddress.getByName(outside)), outside);
        }
    }

    @Test
    void a_delivery_gets_the_address_that_was_checked_or_a_refusal() throws Exception {
        var local = java.net.URI.create("http://localhost:9/h");
        var refused = assertThrows(AddressGuard.Refused.class, () -> new AddressGuard(false).deliveryAddress(local));
        assertTrue(refused.getMessage().contains("loopback"), refused.getMessage());
        assertTrue(new AddressGuard(true).deliveryAddress(local).isLoopbackAddress());
        assertEquals(InetAddress.getByName("8.8.8.8"), new AddressGuard(false).deliveryAddress(java.net.URI.create("http://8.8.8.8/h")));
        var unknown = assertThrows(AddressGuard.Refused.class,
                () -> new AddressGuard(true).deliveryAddress(java.net.URI.create("http://hooks.invalid/h")));
        assertEquals("host hooks.invalid does not resolve", unknown.getMessage());
    }

    private static Feedback feedback(Instant deletedAt) {
        var now = Instant.parse("2026-01-01T00:00:00Z");
        return new Feedback("f-1", "t-1", new Target("a", null, "m", null, null, null), "reaction", "thumbs_up", 1.0, null,
                List.of(), null, null, null, null, "u", Source.USER, null, Map.of(), now, now, 1, deletedAt, null);
    }
}
