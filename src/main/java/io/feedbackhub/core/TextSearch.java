package io.feedbackhub.core;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Finds answers, prompts and feedback comments and corrections by their words (GET /v1/search). A query's words are
 * its runs of letters, digits and marks, lowercased, the way both databases' indexes cut text; each must start a word
 * of the record (in either of its two fields), so "refund polic" finds "Refund policy". The excerpt is cut here,
 * around the first word found, so it reads the same from both stores.
 */
public final class TextSearch {
    public static final int MAX_QUERY_LENGTH = 200;
    public static final int MAX_WORDS = 8;
    static final int EXCERPT_LENGTH = 160;
    private static final int EXCERPT_BEFORE = 50;
    private static final Pattern NOT_WORD = Pattern.compile("[^\\p{L}\\p{N}\\p{M}]+");

    private final SearchStore store;

    public TextSearch(SearchStore store) {
        this.store = store;
    }

    /** The words of {@code text} (distinct, in order), empty when it has none. */
    public static List<String> words(String text) {
        var words = new LinkedHashSet<String>();
        for (var w : NOT_WORD.split(text.toLowerCase(Locale.ROOT))) {
            if (!w.isEmpty()) {
                words.add(w);
            }
        }
        return List.copyOf(words);
    }

    /** One page of hits; {@code more} when another page follows the last hit. */
    public record Found(List<SearchHit> hits, boolean more) {
        public Found {
            hits = List.copyOf(hits);
        }
    }

    public Found search(String tenantId, SearchQuery query) {
        var rows = store.search(tenantId, query);
        var hits = new ArrayList<SearchHit>();
        for (var row : rows.subList(0, Math.min(rows.size(), query.limit()))) {
            hits.add(hit(row, query.words()));
        }
        return new Found(hits, rows.size() > query.limit());
    }

    private static SearchHit hit(SearchStore.Row row, List<String> words) {
        var message = row.kind() == SearchHit.Kind.MESSAGE;
        // the field holding the most of the words; on a tie the answer (or the correction), what a reader looks for first
        String[] texts = {row.secondText(), row.firstText()};
        String[] fields = message ? new String[] {"content", "prompt"} : new String[] {"correction", "comment"};
        int best = texts[0] != null ? 0 : 1;
        int bestCount = -1;
        for (int i = 0; i < 2; i++) {
            var text = texts[i];
            int found = (int) words.stream().filter(w -> firstWord(text, List.of(w)) >= 0).count();
            if (found > bestCount && text != null) {
                best = i;
                bestCount = found;
            }
        }
        int at = firstWord(texts[best], words);
        return hit(row, fields[best], excerpt(texts[best], Math.max(at, 0))); // -1: words cut otherwise than ours, show the start
    }

    private static SearchHit hit(SearchStore.Row row, String field, String excerpt) {
        return new SearchHit(row.kind(), row.id(), row.messageId(), row.traceId(), row.threadId(), field, excerpt, row.createdAt());
    }

    /** Where the first of {@code words} starts a word of {@code text}, or -1. */
    static int firstWord(String text, List<String> words) {
        if (text == null) {
            return -1;
        }
        int best = -1;
        for (var w : words) {
            var m = Pattern.compile("(?<![\\p{L}\\p{N}\\p{M}])" + Pattern.quote(w), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE).matcher(text);
            if (m.find() && (best < 0 || m.start() < best)) {
                best = m.start();
            }
        }
        return best;
    }

    static String excerpt(String text, int at) {
        if (text == null) {
            return "";
        }
        int start = Math.max(0, at - EXCERPT_BEFORE);
        while (start > 0 && start < at && !Character.isWhitespace(text.charAt(start - 1))) {
            start++; // begin at a word
        }
        int end = Math.min(text.length(), start + EXCERPT_LENGTH);
        if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        var cut = text.substring(start, end).replaceAll("\\s+", " ").strip();
        return (start > 0 ? "…" : "") + cut + (end < text.length() ? "…" : "");
    }
}
