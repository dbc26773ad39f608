package io.feedbackhub.imports;

import java.io.IOException;
import java.io.Reader;

/**
 * Reads lines (LF or CRLF) from a stream, never holding more than one line of at most {@code maxChars}: a longer
 * line is skipped to its end and reported as too long, so one bad line cannot exhaust memory.
 */
final class BoundedLines {
    /** A line, or {@code tooLong} with the text cut at the limit. */
    record Line(String text, boolean tooLong) {
    }

    private final Reader in;
    private final int maxChars;
    private final char[] buffer = new char[8192];
    private int position;
    private int limit;

    BoundedLines(Reader in, int maxChars) {
        this.in = in;
        this.maxChars = maxChars;
    }

    /** The next line without its line end; null at the end of the stream. */
    Line next() throws IOException {
        var text = new StringBuilder();
        boolean tooLong = false;
        boolean any = false;
        while (true) {
            if (position == limit) {
                limit = in.read(buffer);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    return any ? new Line(strip(text), tooLong) : null;
                }
            }
            any = true;
            char c = buffer[position++];
            if (c == '\n') {
                return new Line(strip(text), tooLong);
            }
            if (text.length() < maxChars) {
                text.append(c);
            } else {
                tooLong = true;
            }
        }
    }

    private static String strip(StringBuilder text) {
        int end = text.length();
        return end > 0 && text.charAt(end - 1) == '\r' ? text.substring(0, end - 1) : text.toString();
    }
}
