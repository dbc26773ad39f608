package io.feedbackhub.dialect.langfuse;

import io.feedbackhub.core.Feedback;
import io.feedbackhub.core.FeedbackQuery;
import io.feedbackhub.core.Source;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The filters of a Langfuse score listing, split in two: what the native feedback query can say (one value per
 * field, a score range, a time range, metadata equality) is pushed down to the store; the rest (several values of
 * one field, a data type, "!=") is a predicate applied to the rows the store returns. {@link #ids} is set when the
 * caller asked for given score ids, which are then looked up one by one.
 */
final class ScoreFilter {
    String name;
    String authorId;
    String traceId;
    String messageId;
    String threadId;
    Source source;
    Double scoreMin;
    Double scoreMax;
    Instant createdFrom;
    Instant createdTo;
    final Map<String, String> metadata = new LinkedHashMap<>();
    final List<Predicate<Feedback>> predicates = new ArrayList<>();
    List<String> ids;
    /** A filter no record can match (e.g. an annotation queue, which Feedback Hub does not have). */
    boolean matchesNothing;

    FeedbackQuery query(String afterId, int limit) {
        return new FeedbackQuery(null, threadId, messageId, traceId, null, name, null, scoreMin, scoreMax, authorId,
                source, createdFrom, createdTo, metadata, afterId, limit);
    }

    boolean hasPredicates() {
        return !predicates.isEmpty();
    }

    /** The whole filter applied in memory, for records fetched by id. */
    boolean matches(Feedback f) {
        var t = f.target();
        return !f.deleted()
                && (name == null || name.equals(f.name()))
                && (authorId == null || authorId.equals(f.authorId()))
                && (traceId == null || traceId.equals(t.traceId()))
                && (messageId == null || messageId.equals(t.messageId()))
                && (threadId == null || threadId.equals(t.threadId()))
                && (source == null || source == f.source())
                && (scoreMin == null || (f.score() != null && f.score() >= scoreMin))
                && (scoreMax == null || (f.score() != null && f.score() <= scoreMax))
                && (createdFrom == null || !f.createdAt().isBefore(createdFrom))
                && (createdTo == null || f.createdAt().isBefore(createdTo))
                && metadata.entrySet().stream().allMatch(e -> Objects.equals(f.metadata().get(e.getKey()), e.getValue()))
                && accepts(f);
    }

    boolean accepts(Feedback f) {
        return predicates.stream().allMatch(p -> p.test(f));
    }

    /**
     * One field filtered by one or more values: a single value goes to the store through {@code pushDown}, several
     * become a membership predicate on {@code read}.
     */
    void oneOf(List<String> values, java.util.function.Consumer<String> pushDown, java.util.function.Function<Feedback, String> read) {
        if (values == null || values.isEmpty()) {
            return;
        }
        if (values.size() == 1) {
            pushDown.accept(values.get(0));
        } else {
            var allowed = new java.util.HashSet<>(values); // not List.copyOf: its contains(null) throws, and a record may lack the field
            predicates.add(f -> allowed.contains(read.apply(f)));
        }
    }
}
