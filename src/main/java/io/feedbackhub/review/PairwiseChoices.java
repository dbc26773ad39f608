package io.feedbackhub.review;

import io.feedbackhub.core.Message;
import io.feedbackhub.insight.Wilson;
import io.feedbackhub.insight.agreement.Judgment;
import io.feedbackhub.insight.agreement.Rating;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/** Reading pairwise reviews: a review's label names the better answer's message id, or {@code tie}. */
final class PairwiseChoices {
    /** The choice as agreement measures it: the pair's first answer, its other answer, or a tie. */
    static final String FIRST = "first";
    static final String OTHER = "other";

    private PairwiseChoices() {
    }

    /**
     * Choices rewritten as first / other / tie, so that agreement is measured over three categories shared by every
     * item rather than over message ids, which no two items share (and which would make chance agreement look nil).
     */
    static List<Rating> asPositions(List<Rating> ratings, Map<String, ReviewItem> items) {
        var out = new ArrayList<Rating>();
        for (var r : ratings) {
            var item = items.get(r.unit());
            var position = item == null ? null : position(item, r.value());
            if (position != null) {
                out.add(new Rating(r.unit(), r.rater(), position, null));
            }
        }
        return out;
    }

    static String position(ReviewItem item, String choice) {
        if (choice.equals(item.messageId())) {
            return FIRST;
        }
        if (choice.equals(item.otherMessageId())) {
            return OTHER;
        }
        return choice.equals(ReviewItem.TIE) ? ReviewItem.TIE : null;
    }

    /**
     * Wins, losses and ties per group of answers ({@code groupOf} maps a message id to its group). A comparison of two
     * answers in the same group says nothing about the group and is left out.
     */
    static List<WinRate> winRates(List<Judgment> judgments, Map<String, ReviewItem> items, Function<String, String> groupOf) {
        var tallies = new LinkedHashMap<String, long[]>(); // wins, losses, ties
        for (var j : judgments) {
            var item = items.get(j.unit());
            if (item == null || !item.isPair() || j.label() == null) {
                continue;
            }
            var position = position(item, j.label());
            if (position == null) {
                continue;
            }
            var first = groupOf.apply(item.messageId());
            var other = groupOf.apply(item.otherMessageId());
            if (Objects.equals(first, other)) {
                continue;
            }
            int firstOutcome = switch (position) {
                case FIRST -> 0;
                case OTHER -> 1;
                default -> 2;
            };
            int otherOutcome = firstOutcome == 2 ? 2 : 1 - firstOutcome;
            tallies.computeIfAbsent(first, k -> new long[3])[firstOutcome]++;
            tallies.computeIfAbsent(other, k -> new long[3])[otherOutcome]++;
        }
        var out = new ArrayList<WinRate>();
        tallies.forEach((key, t) -> {
            long n = t[0] + t[1] + t[2];
            double won = t[0] + t[2] / 2.0;
            out.add(new WinRate(key, n, t[0], t[1], t[2], won / n, Wilson.interval95(won, n)));
        });
        out.sort(Comparator.comparingDouble(WinRate::rate).reversed().thenComparing(WinRate::key, Comparator.nullsLast(Comparator.naturalOrder())));
        return out;
    }

    /** A message's group: its model for {@code by = model}, else the value of that metadata key; null when unknown. */
    static String group(Message message, String by) {
        if (message == null) {
            return null;
        }
        return "model".equals(by) ? message.model() : message.metadata().get(by);
    }
}
