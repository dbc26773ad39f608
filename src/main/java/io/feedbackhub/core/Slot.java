package io.feedbackhub.core;


/**
 * The place one author's judgment of one target lives: the most specific target the feedback names (its message,
 * else its trace, else its thread), the content for feedback on a retrieved chunk, the name and the author. A second
 * write to the same slot updates the record in place. The thread, agent and turn are attributes of the target, never
 * part of its identity: a write that names the message's thread and one that does not fill the same slot. The key is a
 * digest so that the unique index stays small whatever the length of the ids.
 */
public record Slot(Level level, String targetId, String contentId, String name, String authorId) {

    /** Which of the target's ids identifies it; the tag keeps a message and a trace with the same id apart. */
    public enum Level {
        MESSAGE("m"), TRACE("t"), THREAD("h"), NONE("-");

        private final String tag;

        Level(String tag) {
            this.tag = tag;
        }
    }

    public static Slot of(Target target, String name, String authorId) {
        if (target.messageId() != null) {
            return new Slot(Level.MESSAGE, target.messageId(), target.contentId(), name, authorId);
        }
        if (target.traceId() != null) {
            return new Slot(Level.TRACE, target.traceId(), target.contentId(), name, authorId);
        }
        if (target.threadId() != null) {
            return new Slot(Level.THREAD, target.threadId(), target.contentId(), name, authorId);
        }
        return new Slot(Level.NONE, null, target.contentId(), name, authorId);
    }

    public String key() {
        var canonical = String.join("\u0000", level.tag, part(targetId), part(contentId), part(name), part(authorId));
        return Hashes.sha256Base64Url(canonical);
    }

    private static String part(String s) {
        return s == null ? "\u0001" : s;
    }
}
