package io.feedbackhub.insight.agreement;

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

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** /v1/stats/agreement over any raters of one name, and /v1/stats/judge: a model judge against people. */
@ParameterizedClass
@EnumSource(StoreKind.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AgreementApiTest {
    @Parameter
    StoreKind store;

    TestHub hub;
    Api api;

    @BeforeParameterizedClassInvocation
    void start(StoreKind store) {
        hub = TestHub.start(store);
        api = hub.api;
    }

    @AfterParameterizedClassInvocation
    void stop() {
        hub.close();
    }

    /** Krippendorff (2011)'s reliability data (four observers, twelve units, missing ratings) written as feedback. */
    @Test
    void any_raters_of_one_name_get_krippendorffs_alpha_whatever_the_door() {
        var name = "severity-" + UUID.randomUUID();
        api.put("/v1/feedback-configs/" + name, "{\"type\": \"numeric\", \"min\": 1, \"max\": 5}");
        Integer[][] data = {
                {1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null},
                {1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3},
                {null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null},
                {1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null}};
        var run = UUID.randomUUID();
        for (int observer = 0; observer < data.length; observer++) {
            for (int unit = 0; unit < 12; unit++) {
                if (data[observer][unit] != null) {
                    var written = api.post("/v1/feedback", "{\"message_id\": \"m-%s-%d\", \"name\": \"%s\", \"score\": %d, \"author_id\": \"observer-%d\"}"
                            .formatted(run, unit, name, data[observer][unit], observer));
                    assertEquals(201, written.status(), written.body());
                }
            }
        }

        var agreement = api.get("/v1/stats/agreement?name=" + name);

        assertEquals(200, agreement.status(), agreement.body());
        var alpha = agreement.json().get("krippendorff_alpha");
        assertEquals(0.743, alpha.get("nominal").get("value").asDouble(), 5e-4);
        assertEquals(0.815, alpha.get("ordinal").get("value").asDouble(), 5e-4);
        assertEquals(0.849, alpha.get("interval").get("value").asDouble(), 5e-4);
        assertEquals(12, agreement.json().get("units").asInt());
        assertEquals(4, agreement.json().get("raters").asInt());
        assertEquals(0, api.get("/v1/stats/agreement?name=" + name + "&source=model").json().get("ratings").asInt());
    }

    /**
     * Twenty answers judged by a model, twelve also labelled by people; the model says "correct" on 16 of 20, and on
     * the labelled twelve it says correct on 10 where people said so on 7 (human − judge mean −3/12), on the other
     * eight on 6.
     */
    @Test
    void a_judge_gets_its_rate_calibrated_by_people_beside_the_naive_and_human_rates() {
        var name = "correct-" + UUID.randomUUID();
        var run = UUID.randomUUID();
        int[] judge = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 1, 0, 0};
        int[] human = {1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0};
        for (int i = 0; i < judge.length; i++) {
            vote(run, i, name, judge[i] == 1, "judge-model", "model");
        }
        for (int i = 0; i < human.length; i++) {
            vote(run, i, name, human[i] == 1, "person-" + i, "user");
        }

        var report = api.get("/v1/stats/judge?name=" + name + "&judge_source=model");

        assertEquals(200, report.status(), report.body());
        var calibration = report.json().get("calibration");
        assertEquals(20, calibration.get("judged_items").asInt());
        assertEquals(12, calibration.get("labelled_items").asInt());
        assertEquals(16.0 / 20, calibration.get("judge_rate").get("value").asDouble(), 1e-12);
        assertEquals(7.0 / 12, calibration.get("human_rate").get("value").asDouble(), 1e-12);
        var calibrated = calibration.get("calibrated_rate");
        // the judge alone rated 8 (6 correct), corrected by human − judge on the labelled 12 (−3/12); the interval as
        // src/test/python/ppi_mean_reference.py computes it (ppi_py's formulas, lam=1) on these votes
        assertEquals(6.0 / 8 - 3.0 / 12, calibrated.get("value").asDouble(), 1e-12);
        assertEquals(0.112628104810, calibrated.get("low").asDouble(), 1e-9);
        assertEquals(0.887371895190, calibrated.get("high").asDouble(), 1e-9);
        var agreement = report.json().get("agreement");
        assertEquals(2, agreement.get("raters").asInt());
        assertEquals("[[2,3],[0,7]]", agreement.get("pairs").get(0).get("confusion").toString(),
                "rows: the human consensus (thumbs_down, thumbs_up); columns: the judge's");
    }

    @Test
    void a_bad_query_names_every_bad_parameter() {
        var refused = api.get("/v1/stats/judge?judge_source=robot&created_from=yesterday&extra=1");

        assertEquals(422, refused.status(), refused.body());
        var fields = new java.util.TreeSet<String>();
        refused.json().get("errors").forEach(e -> fields.add(e.get("field").asText()));
        assertEquals(java.util.Set.of("name", "judge_source", "created_from", "extra"), fields);
    }

    private void vote(UUID run, int item, String name, boolean up, String author, String source) {
        var written = api.post("/v1/feedback", "{\"message_id\": \"m-%s-%d\", \"name\": \"%s\", \"label\": \"%s\", \"author_id\": \"%s\", \"source\": \"%s\"}"
                .formatted(run, item, name, up ? "thumbs_up" : "thumbs_down", author, source));
        assertEquals(201, written.status(), written.body());
    }
}
