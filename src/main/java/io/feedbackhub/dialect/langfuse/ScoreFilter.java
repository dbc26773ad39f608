package io.feedbackhub.dialect.langfuse;

import io.feedbackhub.core.Condition;
import io.feedbackhub.core.Feedback;
import io.feedbackhub.core.FeedbackField;
import io.feedbackhub.core.FeedbackFilter;
import io.feedbackhub.dialect.langfuse.ScoreRequest.DataType;

import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Langfuse score listing's filters as the core {@link FeedbackFilter}, plus the one thing the store cannot resolve
 * by itself: score ids, which are Langfuse ids (a client_feedback_id, else the record's own id) and become record ids
 * through {@link #resolved}.
 */
final class ScoreFilter {
    /** What makes a record each type; the types are disjoint and cover every record. */
    private static final Map<DataType, FeedbackFilter> TYPES = java.util.Arrays.stream(DataType.values())
            .collect(java.util.stream.Collectors.toMap(t -> t, ScoreFilter::dataType, (a, b) -> a, () -> new EnumMap<>(DataType.class)));

    FeedbackFilter filter = FeedbackFilter.ALL;
    /** The Langfuse score ids asked for, or null. */
    List<String> ids;

    private boolean nothing;

    /** Matches nothing, whatever else is asked (e.g. an annotation queue, which Feedback Hub does not have). */
    void matchNothing() {
        nothing = true;
    }

    boolean matchesNothing() {
        return nothing;
    }

    /** The filter with the asked score ids turned into the ids of the records they name (live ones). */
    FeedbackFilter resolved(String tenant, Scores scores) {
        if (nothing) {
            return FeedbackFilter.NONE;
        }
        if (ids == null) {
            return filter;
        }
        var recordIds = ids.stream().flatMap(id -> scores.find(tenant, id, false).stream()).map(Feedback::id).toList();
        return recordIds.isEmpty() ? FeedbackFilter.NONE : filter.oneOf(FeedbackField.ID, recordIds);
    }

    /** The environment a score shows: its metadata's, else Langfuse's "default" ({@link ScoreJson#environment}). */
    static FeedbackFilter environmentIn(Collection<String> environments) {
        var stored = FeedbackFilter.ALL.and(new Condition.MetadataOneOf(ScoreRequest.ENVIRONMENT, Set.copyOf(environments)));
        if (!environments.contains(ScoreRequest.DEFAULT_ENVIRONMENT)) {
            return stored;
        }
        return FeedbackFilter.ALL.anyOf(List.of(stored,
                FeedbackFilter.ALL.and(new Condition.Not(new Condition.MetadataPresent(ScoreRequest.ENVIRONMENT)))));
    }

    /** The scores of any of {@code types}. */
    static FeedbackFilter dataTypeIn(Collection<DataType> types) {
        return FeedbackFilter.ALL.anyOf(types.stream().map(TYPES::get).toList());
    }

    /**
     * The data type a record shows as: the one type whose filter it passes, so that a listing by type and the type a
     * score is shown with cannot disagree.
     */
    static DataType dataTypeOf(Feedback f) {
        return TYPES.entrySet().stream().filter(t -> t.getValue().test(f)).map(Map.Entry::getKey).findFirst()
                .orElseThrow(() -> new IllegalStateException("record " + f.id() + " has no Langfuse data type"));
    }

    private static FeedbackFilter dataType(DataType type) {
        var none = FeedbackFilter.ALL;
        return switch (type) {
            case BOOLEAN -> none.anyOf(List.of(booleanLabel("true", 1.0), booleanLabel("false", 0.0)));
            case CATEGORICAL -> none.present(FeedbackField.LABEL, true)
                    .and(new Condition.Not(new Condition.AnyOf(List.of(booleanLabel("true", 1.0), booleanLabel("false", 0.0)))));
            case NUMERIC -> none.present(FeedbackField.LABEL, false).present(FeedbackField.SCORE, true);
            case CORRECTION -> none.present(FeedbackField.LABEL, false).present(FeedbackField.SCORE, false)
                    .present(FeedbackField.CORRECTION, true);
            case TEXT -> none.present(FeedbackField.LABEL, false).present(FeedbackField.SCORE, false)
                    .present(FeedbackField.CORRECTION, false);
        };
    }

    /** A boolean score: its label, with no score or the score that label means. */
    private static FeedbackFilter booleanLabel(String label, double score) {
        return FeedbackFilter.ALL.is(FeedbackField.LABEL, label).anyOf(List.of(
                FeedbackFilter.ALL.present(FeedbackField.SCORE, false), FeedbackFilter.ALL.scoreBetween(score, score)));
    }

    /** Any score but {@code value} (Langfuse's "!="); a score without a number is not listed. */
    static FeedbackFilter scoreNot(double value) {
        return FeedbackFilter.ALL.present(FeedbackField.SCORE, true).and(new Condition.Not(new Condition.ScoreBetween(value, value)));
    }
}
