package io.feedbackhub.review;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * What blind review withholds from one reviewer's reads of feedback: every feedback on an answer that is an item of a
 * blind queue they review in (they claimed an item of it at least once), while that item still wants reviews and they
 * have neither submitted nor skipped it, except their own. Answers are keyed as {@link ReviewItem#targetKey} keys a
 * single answer: {@code message:<id>}, else {@code trace:<id>}.
 *
 * @param queues the blind queues in which the reviewer has such items now; empty when nothing is withheld
 */
public record Blindfold(String reviewerId, List<ReviewQueue> queues, Function<Collection<String>, Set<String>> lookup) {
    public static final Blindfold NONE = new Blindfold(null, List.of(), keys -> Set.of());

    public boolean withholdsAnything() {
        return !queues.isEmpty();
    }

    /** The answers among {@code answerKeys} whose feedback (other than the reviewer's own) is withheld. */
    public Set<String> withheld(Collection<String> answerKeys) {
        return queues.isEmpty() || answerKeys.isEmpty() ? Set.of() : lookup.apply(answerKeys);
    }

    /** The key of the answer a feedback or a search hit names: its message, else its trace; null for neither. */
    public static String answerKey(String messageId, String traceId) {
        return messageId != null ? "message:" + messageId : traceId != null ? "trace:" + traceId : null;
    }

    /**
     * Every answer key a feedback names: its message and its trace, since an item may be queued by either (an end
     * user's vote on a trace's root message names both). None for feedback on a thread or nothing.
     */
    public static List<String> answerKeys(String messageId, String traceId) {
        if (messageId == null) {
            return traceId == null ? List.of() : List.of("trace:" + traceId);
        }
        return traceId == null ? List.of("message:" + messageId) : List.of("message:" + messageId, "trace:" + traceId);
    }

    /** True when any of {@code keys} is among {@code withheld}. */
    public static boolean anyWithheld(List<String> keys, Set<String> withheld) {
        for (var key : keys) {
            if (withheld.contains(key)) {
                return true;
            }
        }
        return false;
    }
}
