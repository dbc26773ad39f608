package io.feedbackhub.core;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One condition of a {@link FeedbackFilter}. Each has one meaning in two places: {@link #test} for a record in hand
 * (a webhook event), and the store's SQL for the table; a record lacking a field never matches a condition on it
 * (except through {@link Not}).
 */
public sealed interface Condition {
    boolean test(Feedback f);

    /** The field holds one of the values. */
    record OneOf(FeedbackField field, Set<String> values) implements Condition {
        public OneOf {
            Objects.requireNonNull(field, "field");
            if (!field.textual()) {
                throw new IllegalArgumentException(field + " is not compared as text");
            }
            values = Set.copyOf(values);
            if (values.isEmpty()) {
                throw new IllegalArgumentException("OneOf(" + field + ") needs at least one value");
            }
        }

        @Override
        public boolean test(Feedback f) {
            var value = field.of(f);
            return value != null && values.contains(value);
        }
    }

    /** The field has a value. */
    record Present(FeedbackField field) implements Condition {
        @Override
        public boolean test(Feedback f) {
            return field.of(f) != null;
        }
    }

    /** The score is within [min, max], either end open when null. */
    record ScoreBetween(Double min, Double max) implements Condition {
        @Override
        public boolean test(Feedback f) {
            return f.score() != null && (min == null || f.score() >= min) && (max == null || f.score() <= max);
        }
    }

    /** Created within [from, to), either end open when null. */
    record CreatedBetween(Instant from, Instant to) implements Condition {
        @Override
        public boolean test(Feedback f) {
            return (from == null || !f.createdAt().isBefore(from)) && (to == null || f.createdAt().isBefore(to));
        }
    }

    /** The metadata value under {@code key} is one of the values. */
    record MetadataOneOf(String key, Set<String> values) implements Condition {
        public MetadataOneOf {
            Objects.requireNonNull(key, "key");
            values = Set.copyOf(values);
            if (values.isEmpty()) {
                throw new IllegalArgumentException("MetadataOneOf(" + key + ") needs at least one value");
            }
        }

        @Override
        public boolean test(Feedback f) {
            var value = f.metadata().get(key);
            return value != null && values.contains(value);
        }
    }

    /** The metadata has a value under {@code key}. */
    record MetadataPresent(String key) implements Condition {
        @Override
        public boolean test(Feedback f) {
            return f.metadata().get(key) != null;
        }
    }

    /** The condition does not hold (two-valued: a missing field makes the inner condition false, so this true). */
    record Not(Condition condition) implements Condition {
        @Override
        public boolean test(Feedback f) {
            return !condition.test(f);
        }
    }

    /** At least one of the filters holds. */
    record AnyOf(List<FeedbackFilter> alternatives) implements Condition {
        public AnyOf {
            alternatives = List.copyOf(alternatives);
            if (alternatives.isEmpty()) {
                throw new IllegalArgumentException("AnyOf needs at least one alternative");
            }
        }

        @Override
        public boolean test(Feedback f) {
            return alternatives.stream().anyMatch(a -> a.test(f));
        }
    }
}
