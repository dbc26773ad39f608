package io.feedbackhub.insight;

import io.feedbackhub.core.Feedback;
import io.feedbackhub.core.FeedbackConfig;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a tenant's feedback configs say about values: the scale of each name's scores, and where a judgment is
 * positive or negative. The one rule, used by the rollups, the native JSON and the exports alike:
 * <ol>
 * <li>a label with a fixed meaning decides: {@code thumbs_up}, {@code positive}, {@code true} are positive;
 *     {@code thumbs_down}, {@code negative}, {@code false}, {@code flagged} negative; {@code neutral} neutral;</li>
 * <li>otherwise a score on a known scale decides, normalised to [0, 1]: below 0.5 negative, above positive, exactly
 *     0.5 neutral (2 of 1–5 stars is 0.25: negative; 3 is neutral);</li>
 * <li>otherwise there is no polarity (a score of a name without a range, a label of an unconfigured category).</li>
 * </ol>
 * A name has a known scale when its config is a reaction or a boolean (0 to 1) or numeric with both min and max.
 */
public final class Scales {
    public static final Scales NONE = new Scales(List.of());
    public static final Set<String> POSITIVE_LABELS = Set.of("thumbs_up", "positive", "true");
    public static final Set<String> NEGATIVE_LABELS = Set.of("thumbs_down", "negative", "false", "flagged");
    public static final Set<String> NEUTRAL_LABELS = Set.of("neutral");
    static final double MIDPOINT = 0.5;

    private final Map<String, Scale> byName = new HashMap<>();

    public Scales(List<FeedbackConfig> configs) {
        for (var c : configs) {
            scaleOf(c).ifPresent(s -> byName.put(c.name(), s));
        }
    }

    /** The scale a config gives its name's scores; empty without a config or a range. */
    public static Optional<Scale> scaleOf(Optional<FeedbackConfig> config) {
        return config.flatMap(Scales::scaleOf);
    }

    static Optional<Scale> scaleOf(FeedbackConfig c) {
        return switch (c.type()) {
            case REACTION, BOOLEAN -> Optional.of(Scale.UNIT);
            case NUMERIC -> c.min() != null && c.max() != null && c.max() > c.min()
                    ? Optional.of(new Scale(c.min(), c.max())) : Optional.empty();
            case CATEGORICAL, TEXT -> Optional.empty();
        };
    }

    public Optional<Scale> scale(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** Null when nothing decides. */
    public Polarity polarity(String name, String label, Double score) {
        if (label != null) {
            if (NEGATIVE_LABELS.contains(label)) {
                return Polarity.NEGATIVE;
            }
            if (POSITIVE_LABELS.contains(label)) {
                return Polarity.POSITIVE;
            }
            if (NEUTRAL_LABELS.contains(label)) {
                return Polarity.NEUTRAL;
            }
        }
        var scale = byName.get(name);
        if (score == null || scale == null) {
            return null;
        }
        double normalised = scale.normalise(score);
        return normalised < MIDPOINT ? Polarity.NEGATIVE : normalised > MIDPOINT ? Polarity.POSITIVE : Polarity.NEUTRAL;
    }

    public Polarity polarity(Feedback f) {
        return polarity(f.name(), f.label(), f.score());
    }
}
