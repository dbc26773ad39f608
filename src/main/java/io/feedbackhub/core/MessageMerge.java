package io.feedbackhub.core;

import java.util.function.UnaryOperator;

/** One message's part of {@link RegistryStore#mergeMessages}: its id and what to make of the stored message (null if none). */
public record MessageMerge(String id, UnaryOperator<Message> merge) {
    /** What became of one merge: the message as written, or why its merge refused it (nothing of it was written). */
    public record Outcome(Message message, InvalidInput refused) {
        public static Outcome written(Message message) {
            return new Outcome(message, null);
        }

        public static Outcome refused(InvalidInput why) {
            return new Outcome(null, why);
        }
    }
}
