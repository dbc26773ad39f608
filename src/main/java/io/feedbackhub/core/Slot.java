package io.feedbackhub.core;


/**
 * The place one author's judgment of one target lives: (thread, message, trace, name, author, content).
 * A second write to the same slot updates the record in place. The key is a digest so that the unique
 * index stays small whatever the length of the ids; the agent and turn are descriptive, not identifying.
 */
public record Slot(String threadId, String messageId, String traceId, String name, String authorId, String contentId) {

    public static Slot of(Target target, String name, String authorId) {
        return new Slot(target.threadId(), target.messageId(), target.traceId(), name, authorId, target.contentId());
    }

    public String key() {
        var canonical = String.join("\u0000", part(threadId), part(messageId), part(traceId), part(name), part(authorId), part(contentId));
        return Hashes.sha256Base64Url(canonical);
    }

    private static String part(String s) {
        return s == null ? "\u0001" : s;
    }
}
