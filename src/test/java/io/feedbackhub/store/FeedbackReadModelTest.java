package io.feedbackhub.store;

import io.feedbackhub.core.Condition;
import io.feedbackhub.core.Feedback;
import io.feedbackhub.core.FeedbackField;
import io.feedbackhub.core.FeedbackFilter;
import io.feedbackhub.core.FeedbackQuery;
import io.feedbackhub.core.Order;
import io.feedbackhub.core.Source;
import io.feedbackhub.testing.Api;
import io.feedbackhub.testing.StoreKind;
import io.feedbackhub.testing.TestHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The core's one read model on both stores: multi-value filters, ranges, negation and alternatives, both orders,
 * keyset and offset pages, a count and a bounded scan, each checked against the records as written. Every test works
 * on an agent of its own, so that the others' records do not count.
 */
@ParameterizedClass
@EnumSource(StoreKind.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FeedbackReadModelTest {
    @Parameter
    StoreKind store;

    TestHub hub;
    Api api;
    JdbcFeedbackStore reads;
    String tenant;

    @BeforeParameterizedClassInvocation
    void start(StoreKind store) {
        hub = TestHub.start(store);
        api = hub.api;
        reads = new JdbcFeedbackStore(hub.hub().database(), 1, 1, batch -> { }, NothingRecorded::new);
        tenant = hub.defaultTenantId();
    }

    @AfterParameterizedClassInvocation
    void stop() {
        reads.close();
        hub.close();
    }

    @Test
    void a_field_filtered_by_several_values_lists_the_records_with_any_of_them() {
        var agent = unique("agent");
        for (var label : List.of("good", "bad", "meh")) {
            write(agent, "label", "\"" + label + "\"");
        }
        write(agent, "score", "1, \"source\": \"model\"");

        var labels = all(agentIs(agent).oneOf(FeedbackField.LABEL, List.of("good", "bad")));
        var sources = all(agentIs(agent).sources(List.of(Source.MODEL, Source.USER)));

        assertEquals(Set.of("good", "bad"), labelsOf(labels));
        assertEquals(List.of(Source.MODEL), sources.stream().map(Feedback::source).toList());
    }

    @Test
    void score_ranges_include_both_ends_and_created_ranges_include_the_start_only() {
        var agent = unique("agent");
        for (var second : List.of(1, 2, 3)) {
            write(agent, "score", "%s, \"created_at\": \"2026-01-01T00:00:0%dZ\"".formatted(second * 0.25, second));
        }
        write(agent, "label", "\"unscored\", \"created_at\": \"2026-01-01T00:00:02Z\"");

        var scores = all(agentIs(agent).scoreBetween(0.5, 0.75));
        var created = all(agentIs(agent).createdBetween(Instant.parse("2026-01-01T00:00:02Z"), Instant.parse("2026-01-01T00:00:03Z")));
        var aboveHalf = all(agentIs(agent).scoreBetween(0.5, null));

        assertEquals(Set.of(0.5, 0.75), scoresOf(scores));
        assertEquals(Set.of(Instant.parse("2026-01-01T00:00:02Z")), created.stream().map(Feedback::createdAt).collect(java.util.stream.Collectors.toSet()));
        assertEquals(2, created.size(), "the record without a score was given at 00:00:02 too");
        assertEquals(Set.of(0.5, 0.75), scoresOf(aboveHalf), "a record without a score is in no score range");
    }

    @Test
    void the_store_and_the_record_in_hand_agree_on_negation_alternatives_presence_and_metadata() {
        var agent = unique("agent");
        write(agent, "label", "\"up\", \"comment\": \"fine\", \"metadata\": {\"env\": \"prod\"}");
        write(agent, "label", "\"down\", \"metadata\": {\"env\": \"dev\"}");
        write(agent, "score", "3");
        write(agent, "score", "4, \"comment\": \"four\"");
        var written = all(agentIs(agent));
        var filters = List.of(
                agentIs(agent).and(new Condition.Not(new Condition.OneOf(FeedbackField.LABEL, Set.of("up")))),
                agentIs(agent).present(FeedbackField.COMMENT, true),
                agentIs(agent).present(FeedbackField.LABEL, false),
                agentIs(agent).and(new Condition.Not(new Condition.ScoreBetween(3.0, 3.0))),
                agentIs(agent).and(new Condition.Not(new Condition.MetadataPresent("env"))),
                agentIs(agent).metadataOneOf("env", List.of("prod", "staging")),
                agentIs(agent).anyOf(List.of(FeedbackFilter.ALL.is(FeedbackField.LABEL, "down"), FeedbackFilter.ALL.scoreBetween(4.0, null))),
                agentIs(agent).and(FeedbackFilter.NONE));

        for (var filter : filters) {
            var expected = written.stream().filter(filter::test).map(Feedback::id).collect(java.util.stream.Collectors.toSet());
            assertEquals(expected, idsOf(all(filter)), filter.toString());
            assertEquals(expected.size(), reads.count(tenant, filter), filter.toString());
        }
        assertEquals(4, written.size());
        assertEquals(0, reads.count(tenant, agentIs(agent).and(FeedbackFilter.NONE)));
    }

    @Test
    void both_orders_list_the_same_records_by_creation_newest_or_oldest_first() {
        var agent = anAgentWithScores(0, 1, 2, 3, 4);

        var newest = reads.list(tenant, FeedbackQuery.of(agentIs(agent), 10)).items();
        var oldest = reads.list(tenant, FeedbackQuery.of(agentIs(agent), 10).ordered(Order.OLDEST_FIRST)).items();

        assertEquals(List.of(4.0, 3.0, 2.0, 1.0, 0.0), newest.stream().map(Feedback::score).toList());
        assertEquals(newest.reversed(), oldest);
    }

    @Test
    void keyset_pages_neither_skip_nor_repeat_records_while_others_are_written() {
        for (var order : Order.values()) {
            var agent = unique("agent");
            for (int i = 0; i < 7; i++) {
                write(agent, "score", String.valueOf(i));
            }
            var before = idsOf(all(agentIs(agent)));

            var seen = new ArrayList<String>();
            var query = FeedbackQuery.of(agentIs(agent), 3).ordered(order);
            var page = reads.list(tenant, query);
            seen.addAll(page.items().stream().map(Feedback::id).toList());
            var during = new HashSet<String>();
            for (int i = 0; i < 3; i++) {
                during.add(write(agent, "score", String.valueOf(10 + i)));
            }
            while (page.nextAfter() != null) {
                page = reads.list(tenant, query.after(page.nextAfter()));
                seen.addAll(page.items().stream().map(Feedback::id).toList());
            }

            assertEquals(seen.size(), new HashSet<>(seen).size(), order + ": no record twice");
            var expected = new HashSet<>(before);
            if (order == Order.OLDEST_FIRST) {
                expected.addAll(during); // written after the first page, so after its last record
            }
            assertEquals(expected, new HashSet<>(seen), order + ": every record there was when paging started, none skipped");
        }
    }

    @Test
    void offset_pages_and_the_count_cover_the_listing() {
        var agent = anAgentWithScores(0, 1, 2, 3, 4);

        var second = reads.list(tenant, FeedbackQuery.of(agentIs(agent), 2).at(2)).items();
        var beyond = reads.list(tenant, FeedbackQuery.of(agentIs(agent), 2).at(5)).items();

        assertEquals(List.of(2.0, 1.0), second.stream().map(Feedback::score).toList());
        assertEquals(List.of(), beyond);
        assertEquals(5, reads.count(tenant, agentIs(agent)));
        assertEquals(2, reads.count(tenant, agentIs(agent).scoreBetween(3.0, null)));
    }

    @Test
    void a_bounded_scan_passes_at_most_its_bound_in_order_and_says_whether_more_matched() {
        var agent = anAgentWithScores(0, 1, 2, 3, 4);

        var three = new ArrayList<Double>();
        boolean moreThanThree = reads.scan(tenant, agentIs(agent), Order.OLDEST_FIRST, 3, f -> three.add(f.score()));
        var five = new ArrayList<Double>();
        boolean moreThanFive = reads.scan(tenant, agentIs(agent), Order.NEWEST_FIRST, 5, f -> five.add(f.score()));

        assertEquals(List.of(0.0, 1.0, 2.0), three);
        assertTrue(moreThanThree);
        assertEquals(List.of(4.0, 3.0, 2.0, 1.0, 0.0), five);
        assertFalse(moreThanFive);
    }

    // ---------------------------------------------------------------- helpers

    /** A new agent with one record per score, written in this order. */
    private String anAgentWithScores(int... scores) {
        var agent = unique("agent");
        for (int score : scores) {
            write(agent, "score", String.valueOf(score));
        }
        return agent;
    }

    private static FeedbackFilter agentIs(String agent) {
        return FeedbackFilter.ALL.is(FeedbackField.AGENT_ID, agent);
    }

    /** One record on its own message of {@code agent}, {@code field} set to {@code json}; returns its id. */
    private String write(String agent, String field, String json) {
        var created = api.post("/v1/feedback", """
                {"agent_id": "%s", "message_id": "%s", "%s": %s}""".formatted(agent, unique("m"), field, json));
        assertEquals(201, created.status(), created.body());
        return created.json().get("id").asText();
    }

    private List<Feedback> all(FeedbackFilter filter) {
        return reads.list(tenant, FeedbackQuery.of(filter, FeedbackQuery.MAX_LIMIT)).items();
    }

    private static Set<String> idsOf(List<Feedback> records) {
        return records.stream().map(Feedback::id).collect(java.util.stream.Collectors.toSet());
    }

    private static Set<String> labelsOf(List<Feedback> records) {
        return records.stream().map(Feedback::label).collect(java.util.stream.Collectors.toSet());
    }

    private static Set<Double> scoresOf(List<Feedback> records) {
        return records.stream().map(Feedback::score).collect(java.util.stream.Collectors.toSet());
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    /** This store only reads, so its writer records nothing. */
    private static final class NothingRecorded implements ChangeRecorder {
        @Override
        public void change(Feedback before, Feedback after) {
        }

        @Override
        public void purgedAuthor(String tenantId, String authorId) {
        }

        @Override
        public void flush(Connection connection) {
        }
    }
}
