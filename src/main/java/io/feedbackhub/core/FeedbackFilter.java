package io.feedbackhub.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which feedback: conditions combined with AND, the one model every door and the webhooks translate their filters
 * to. The store reads it as SQL; {@link #test} applies it to a record in hand.
 */
public record FeedbackFilter(List<Condition> conditions) {
    public static final FeedbackFilter ALL = new FeedbackFilter(List.of());
    /** Matches no record (e.g. a vendor filter on something Feedback Hub does not have). */
    public static final FeedbackFilter NONE = ALL.and(new Condition.Not(new Condition.Present(FeedbackField.ID))); // every record has one

    public FeedbackFilter {
        conditions = List.copyOf(conditions);
    }

    public FeedbackFilter and(Condition condition) {
        var all = new ArrayList<>(conditions);
        all.add(condition);
        return new FeedbackFilter(all);
    }

    /** Both this and {@code other}. */
    public FeedbackFilter and(FeedbackFilter other) {
        var all = new ArrayList<>(conditions);
        all.addAll(other.conditions);
        return new FeedbackFilter(all);
    }

    /** {@code field} among {@code values}; unchanged when {@code values} is null or empty (no filter on it). */
    public FeedbackFilter oneOf(FeedbackField field, Collection<String> values) {
        return values == null || values.isEmpty() ? this : and(new Condition.OneOf(field, Set.copyOf(values)));
    }

    /** {@code field} equal to {@code value}; unchanged when it is null. */
    public FeedbackFilter is(FeedbackField field, String value) {
        return value == null ? this : oneOf(field, Set.of(value));
    }

    public FeedbackFilter sources(Collection<Source> sources) {
        return sources == null || sources.isEmpty() ? this : oneOf(FeedbackField.SOURCE, sources.stream().map(Source::wire).toList());
    }

    /** {@code field} present ({@code true}) or absent ({@code false}); unchanged when null. */
    public FeedbackFilter present(FeedbackField field, Boolean present) {
        if (present == null) {
            return this;
        }
        var has = new Condition.Present(field);
        return and(present ? has : new Condition.Not(has));
    }

    public FeedbackFilter scoreBetween(Double min, Double max) {
        return min == null && max == null ? this : and(new Condition.ScoreBetween(min, max));
    }

    public FeedbackFilter createdBetween(Instant from, Instant to) {
        return from == null && to == null ? this : and(new Condition.CreatedBetween(from, to));
    }

    /** The metadata value under {@code key} among {@code values}; unchanged when they are null or empty. */
    public FeedbackFilter metadataOneOf(String key, Collection<String> values) {
        return values == null || values.isEmpty() ? this : and(new Condition.MetadataOneOf(key, Set.copyOf(values)));
    }

    public FeedbackFilter metadataIs(String key, String value) {
        return value == null ? this : metadataOneOf(key, Set.of(value));
    }

    /** One equality per entry. */
    public FeedbackFilter metadata(Map<String, String> equalTo) {
        var filter = this;
        for (var e : new TreeMap<>(equalTo).entrySet()) {
            filter = filter.metadataIs(e.getKey(), e.getValue());
        }
        return filter;
    }

    public FeedbackFilter anyOf(List<FeedbackFilter> alternatives) {
        return and(new Condition.AnyOf(alternatives));
    }

    public boolean test(Feedback f) {
        return conditions.stream().allMatch(c -> c.test(f));
    }

    /**
     * The values a top-level condition allows for {@code field} (their intersection when there are several), or empty
     * when no top-level condition names it: for callers that confine a filter, such as an end-user token's read.
     */
    public Optional<Set<String>> valuesOf(FeedbackField field) {
        Set<String> allowed = null;
        for (var c : conditions) {
            if (c instanceof Condition.OneOf(var f, var values) && f == field) {
                if (allowed == null) {
                    allowed = new java.util.HashSet<>(values);
                } else {
                    allowed.retainAll(values);
                }
            }
        }
        return Optional.ofNullable(allowed).map(Set::copyOf);
    }
}
