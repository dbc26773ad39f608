package io.feedbackhub.webhooks;

import java.io.EOFException;
import java.io.IOException;
import java.util.Locale;

/**
 * Reads the answer to a webhook POST from its connection: the status line and headers, then the body, drained and
 * dropped, so that the connection can carry the next request. Every read keeps to the attempt's deadline; a body
 * larger than {@link #MAX_DRAIN} or of unknown length leaves the connection unusable instead of waiting for it.
 */
final class HttpAnswers {
    /** The body of an answer is read and dropped; a receiver sending more than this gets its connection closed. */
    private static final int MAX_DRAIN = 64 * 1024;
    private static final int MAX_HEADER_LINE = 8 * 1024;
    private static final int MAX_HEADER_LINES = 100;

    private HttpAnswers() {
    }

    static WebhookHttp.Answer read(HttpConnection c, long deadline) throws IOException {
        while (true) {
            var statusLine = line(c, deadline);
            c.answered = true;
            var parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
                throw new IOException("not an HTTP/1.x answer");
            }
            int status;
            try {
                status = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                throw new IOException("bad status line");
            }
            long length = -1;
            boolean chunked = false;
            boolean close = parts[0].equals("HTTP/1.0");
            int lines = 0;
            for (String h; !(h = line(c, deadline)).isEmpty(); ) {
                if (++lines > MAX_HEADER_LINES) {
                    throw new IOException("more than " + MAX_HEADER_LINES + " header lines");
                }
                int colon = h.indexOf(':');
                if (colon <= 0) {
                    continue;
                }
                var name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                var value = h.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
                switch (name) {
                    case "content-length" -> length = number(value, 10, "Content-Length");
                    case "transfer-encoding" -> chunked = value.contains("chunked");
                    case "connection" -> close = value.contains("close") || (close && !value.contains("keep-alive"));
                    default -> {
                    }
                }
            }
            if (status >= 100 && status < 200) {
                continue; // 100 Continue and friends come before the real answer
            }
            boolean bodyless = status == 204 || status == 304;
            if (bodyless) {
                c.reusable = !close;
            } else if (chunked) {
                c.reusable = drainChunked(c, deadline) && !close;
            } else if (length >= 0) {
                c.reusable = length <= MAX_DRAIN && drain(c, length, deadline) && !close;
            } else {
                c.reusable = false; // the body ends when the connection does: nothing to wait for
            }
            return new WebhookHttp.Answer(status);
        }
    }

    private static boolean drain(HttpConnection c, long length, long deadline) throws IOException {
        var buffer = new byte[4096];
        while (length > 0) {
            timeout(c, deadline);
            int n = c.in.read(buffer, 0, (int) Math.min(buffer.length, length));
            if (n < 0) {
                return false;
            }
            length -= n;
        }
        return true;
    }

    private static boolean drainChunked(HttpConnection c, long deadline) throws IOException {
        long total = 0;
        while (true) {
            var sizeLine = line(c, deadline);
            int semicolon = sizeLine.indexOf(';');
            long size = number((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16, "chunk size");
            total += size;
            if (total > MAX_DRAIN) {
                return false;
            }
            if (size == 0) {
                for (int trailers = 0; !line(c, deadline).isEmpty(); trailers++) {
                    if (trailers >= MAX_HEADER_LINES) {
                        return false;
                    }
                }
                return true;
            }
            if (!drain(c, size, deadline)) {
                return false;
            }
            line(c, deadline);
        }
    }

    private static void timeout(HttpConnection c, long deadline) throws IOException {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
            throw new WebhookHttp.DeadlineExceeded();
        }
        c.socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
    }

    /** A number the receiver sent; a malformed one is a failed attempt like any other broken answer. */
    private static long number(String text, int radix, String what) throws IOException {
        try {
            long value = Long.parseLong(text, radix);
            if (value < 0) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IOException("bad " + what + " in the answer");
        }
    }

    /**
     * The next line of the answer, within the attempt's deadline: before each read that would block, the socket's
     * timeout is set to what is left of it, so a receiver trickling bytes cannot stretch an attempt.
     */
    private static String line(HttpConnection c, long deadline) throws IOException {
        var sb = new StringBuilder(64);
        while (true) {
            if (c.in.available() == 0) {
                timeout(c, deadline);
            }
            int b = c.in.read();
            if (b < 0) {
                throw new EOFException("connection closed by the receiver");
            }
            if (b == '\n') {
                int end = sb.length();
                return end > 0 && sb.charAt(end - 1) == '\r' ? sb.substring(0, end - 1) : sb.toString();
            }
            if (sb.length() >= MAX_HEADER_LINE) {
                throw new IOException("header line too long");
            }
            sb.append((char) b);
        }
    }
}
