package io.feedbackhub.insight;

import com.fasterxml.jackson.databind.JsonNode;
import io.feedbackhub.auth.Role;
import io.feedbackhub.testing.Api;
import io.feedbackhub.testing.HubTest;
import io.feedbackhub.testing.TestHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad stats, compare and export parameters: a 4xx problem+json that names the parameter and says what is wrong. */
@HubTest
class InsightParametersTest {
    @Parameter
    TestHub hub;
    Api api;

    @BeforeParameterizedClassInvocation
    void start() {
        api = hub.api;
    }

    /** The single error of a 422, checked for its parameter; returns its message. */
    String refused(String path, String field) {
        var response = api.get(path);
        assertEquals(422, response.status(), response.body());
        assertEquals("application/problem+json", response.header("Content-Type"));
        JsonNode errors = response.json().get("errors");
        assertEquals(1, errors.size(), errors.toString());
        assertEquals(field, errors.get(0).get("field").asText(), errors.toString());
        return errors.get(0).get("message").asText();
    }

    @Test
    void an_unknown_grouping_lists_the_allowed_ones() {
        var message = refused("/v1/stats?group_by=colour", "group_by");

        assertTrue(message.contains("\"colour\" is not a dimension; allowed: day, week, month, agent_id, name, label, reason, "
                + "source_surface, content_id, metadata.<key>"), message);
    }

    @Test
    void a_bad_time_zone_is_refused() {
        var message = refused("/v1/stats?tz=Mars/Olympus", "tz");

        assertTrue(message.contains("IANA time zone"), message);
    }

    @Test
    void an_inverted_or_empty_range_is_refused() {
        var message = refused("/v1/stats?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z", "from");
        refused("/v1/stats?from=2026-02-01T00:00:00Z&to=2026-02-01T00:00:00Z", "from");
        refused("/v1/stats?from=yesterday", "from");

        assertTrue(message.contains("must be before to"), message);
    }

    @Test
    void groupings_the_rollups_cannot_answer_exactly_are_refused_plainly() {
        var twoKeys = refused("/v1/stats?group_by=metadata.model&metadata.prompt_version=v1", "group_by");
        refused("/v1/stats?group_by=reason,content_id", "group_by");
        refused("/v1/stats?group_by=day,week", "group_by");
        refused("/v1/stats?group_by=day,agent_id,label", "group_by");
        refused("/v1/stats?group_by=label,label", "group_by");

        assertTrue(twoKeys.contains("cannot combine group_by=metadata.model with the filter metadata.prompt_version exactly"), twoKeys);
        var reasonsInCohort = api.get("/v1/stats?group_by=reason&metadata.prompt_version=v1");
        assertEquals(200, reasonsInCohort.status(), "reasons are crossed with each metadata key: " + reasonsInCohort.body());
    }

    @Test
    void top_reasons_is_a_small_count() {
        var message = refused("/v1/stats?top_reasons=99", "top_reasons");
        refused("/v1/stats?top_reasons=-1", "top_reasons");

        assertEquals("must be an integer from 0 (none) to 50, got \"99\"", message);
    }

    @Test
    void at_most_one_metadata_filter_and_no_unknown_parameter() {
        var response = api.get("/v1/stats?metadata.a=1&metadata.b=2&colour=red");

        assertEquals(422, response.status(), response.body());
        var fields = response.json().get("errors").findValuesAsText("field");
        assertTrue(fields.contains("colour"), fields.toString());
        assertTrue(fields.contains("metadata.b") || fields.contains("metadata.a"), fields.toString());
    }

    @Test
    void a_comparison_needs_cohorts_and_at_most_one_metadata_key_each() {
        refused("/v1/stats/compare?agent_id=x", "a");
        var twoKeys = refused("/v1/stats/compare?metadata.model=m1&a.metadata.prompt_version=v1&b.metadata.model=m2", "a.metadata.prompt_version");
        refused("/v1/stats/compare?a.from=2026-02-01T00:00:00Z&a.to=2026-01-01T00:00:00Z&b.label=x", "a.from");
        refused("/v1/stats/compare?a.colour=red", "a.colour");

        assertTrue(twoKeys.contains("at most one metadata filter per cohort"), twoKeys);
    }

    @Test
    void an_unknown_export_format_or_filter_is_refused() {
        var message = refused("/v1/export?format=xml", "format");
        refused("/v1/export?limit=10", "limit");
        refused("/v1/export?created_from=soon", "created_from");

        assertEquals("must be one of jsonl, csv, preference, eval, got \"xml\"", message);
    }

    @Test
    void insight_needs_a_secret_key() {
        var publishable = api.withKey(hub.issueKey(Role.PUBLISHABLE, List.of("*")));

        for (var path : List.of("/v1/stats", "/v1/stats/compare?a.label=x", "/v1/stats/consistency", "/v1/export")) {
            assertEquals(403, publishable.get(path, "Origin", "https://example.com").status(), path);
            assertEquals(401, api.withKey(null).get(path).status(), path);
        }
    }
}
