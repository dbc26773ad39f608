package io.feedbackhub.insight.agreement;

import io.feedbackhub.core.FieldError;
import io.feedbackhub.core.InvalidInput;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Agreement between whoever rated the same targets under one name, whatever the door (end users, reviewers, a model),
 * and a judge's calibration against people.
 */
public final class AgreementService {
    /** A request reads at most this many ratings: the bootstrap holds them in memory. Narrow the filters past it. */
    public static final int MAX_JUDGMENTS = 200_000;
    public static final String JUDGE = "judge";
    public static final String HUMAN = "human";

    private final JudgmentReader reader;

    public AgreementService(JudgmentReader reader) {
        this.reader = reader;
    }

    public AgreementReport agreement(String tenantId, JudgmentQuery query) {
        return Agreement.measure(read(tenantId, query).stream().map(Judgment::rating).toList());
    }

    /** One coefficient of {@link #agreement}'s report, without the rest of it (an alert rule's measure). */
    public Agreement.Measured agreement(String tenantId, JudgmentQuery query, Coefficient coefficient) {
        return Agreement.measure(read(tenantId, query).stream().map(Judgment::rating).toList(), coefficient);
    }

    /** The judge's feedback is that of {@code judgeSource}; every other source counts as people. */
    public JudgeReport judge(String tenantId, JudgmentQuery query, String judgeSource) {
        var judgments = read(tenantId, new JudgmentQuery(query.name(), null, query.agentId(), query.from(), query.to()));
        var judgeByUnit = new LinkedHashMap<String, List<Judgment>>();
        var humansByUnit = new LinkedHashMap<String, List<Judgment>>();
        for (var j : judgments) {
            (j.source().equals(judgeSource) ? judgeByUnit : humansByUnit).computeIfAbsent(j.unit(), u -> new ArrayList<>()).add(j);
        }
        var ratings = new ArrayList<Rating>();
        boolean scored = judgments.stream().allMatch(j -> j.score() != null);
        var judgeOnly = new ArrayList<Double>();
        var pairs = new ArrayList<double[]>();
        judgeByUnit.forEach((unit, judged) -> {
            var judgeLabel = consensus(judged);
            var humans = humansByUnit.get(unit);
            if (scored) {
                double judgeValue = judged.stream().mapToDouble(Judgment::score).average().orElseThrow();
                if (humans == null) {
                    judgeOnly.add(judgeValue);
                } else {
                    pairs.add(new double[]{judgeValue, humans.stream().mapToDouble(Judgment::score).average().orElseThrow()});
                }
            }
            if (humans != null && judgeLabel != null) {
                var humanLabel = consensus(humans);
                if (humanLabel != null) {
                    ratings.add(new Rating(unit, JUDGE, judgeLabel.rating().value(), judgeLabel.score()));
                    ratings.add(new Rating(unit, HUMAN, humanLabel.rating().value(), humanLabel.score()));
                }
            }
        });
        return new JudgeReport(query.name(), judgeSource, Agreement.measure(ratings), scored ? Calibration.of(judgeOnly, pairs) : null);
    }

    /** The value most of the unit's ratings gave (one of them, for its score); null on a tie. */
    private static Judgment consensus(List<Judgment> judgments) {
        var counts = new TreeMap<String, Integer>();
        var example = new TreeMap<String, Judgment>();
        for (var j : judgments) {
            var value = j.rating().value();
            counts.merge(value, 1, Integer::sum);
            example.putIfAbsent(value, j);
        }
        int best = counts.values().stream().max(Integer::compare).orElse(0);
        var top = counts.entrySet().stream().filter(e -> e.getValue() == best).map(Map.Entry::getKey).toList();
        return top.size() == 1 ? example.get(top.getFirst()) : null;
    }

    private List<Judgment> read(String tenantId, JudgmentQuery query) {
        if (query.name() == null || query.name().isEmpty()) {
            throw new InvalidInput(FieldError.missing("name"));
        }
        var judgments = reader.judgments(tenantId, query, MAX_JUDGMENTS);
        if (judgments.size() > MAX_JUDGMENTS) {
            throw new InvalidInput(FieldError.of("name", "more than " + MAX_JUDGMENTS
                    + " ratings match; narrow them with agent_id, source, created_from or created_to"));
        }
        return judgments;
    }
}
