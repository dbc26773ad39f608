package io.feedbackhub.webhooks;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * The HTTP/1.1 client of the dispatcher: one POST at a time per connection, blocking sockets on virtual threads,
 * connections kept alive per origin. It does the little a webhook needs (send, read the status, drain the body)
 * at a fraction of java.net.http's cost per request, which matters because deliveries share the CPU with writes.
 * Redirects are not followed (a 3xx is a failed attempt). Anything unexpected closes the connection.
 */
final class WebhookHttp implements AutoCloseable {
    /** The body of an answer is read and dropped; a receiver sending more than this gets its connection closed. */
    private static final int MAX_DRAIN = 64 * 1024;
    private static final int MAX_HEADER_LINE = 8 * 1024;
    private static final int MAX_HEADER_LINES = 100;
    private static final long IDLE_MILLIS = Duration.ofSeconds(30).toMillis();

    /** The status of an answer; thrown {@link IOException}s say why there was none. */
    record Answer(int status) {
    }

    /** The whole attempt overran its deadline. */
    static final class DeadlineExceeded extends IOException {
        DeadlineExceeded() {
            super("deadline exceeded");
        }
    }

    private final SSLSocketFactory tls;
    private final Map<String, ConcurrentLinkedDeque<Connection>> idle = new ConcurrentHashMap<>();
    private volatile boolean closed;

    WebhookHttp(SSLSocketFactory tls) {
        this.tls = tls;
    }

    static WebhookHttp withDefaultTls() {
        return new WebhookHttp((SSLSocketFactory) SSLSocketFactory.getDefault());
    }

    /**
     * POSTs {@code body} with {@code headers} (name, value, name, value...) to {@code uri}, all within {@code timeout}.
     * A new connection goes to {@code address}, never to what the host name resolves to now; the name is still what
     * the Host header says and what TLS verifies.
     */
    Answer post(URI uri, InetAddress address, List<String> headers, byte[] body, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        var request = request(uri, headers, body);
        var origin = origin(uri);
        var reused = take(origin);
        if (reused != null) {
            try {
                return exchange(reused, origin, request, deadline);
            } catch (DeadlineExceeded e) {
                throw e;
            } catch (IOException stale) {
                // a kept-alive connection the receiver had closed before answering: try once on a new one
                if (reused.answered) {
                    throw stale;
                }
            }
        }
        var fresh = open(uri, address, deadline);
        return exchange(fresh, origin, request, deadline);
    }

    private Answer exchange(Connection c, String origin, byte[] request, long deadline) throws IOException {
        boolean keep = false;
        try {
            c.answered = false;
            c.out.write(request);
            c.out.flush();
            var answer = read(c, deadline);
            keep = c.reusable;
            return answer;
        } catch (SocketTimeoutException e) {
            throw new DeadlineExceeded();
        } finally {
            if (keep && !closed) {
                c.lastUsed = System.currentTimeMillis();
                idle.computeIfAbsent(origin, k -> new ConcurrentLinkedDeque<>()).push(c);
                if (closed) {
                    close(); // close() ran between the check and the push: it may have missed this one
                }
            } else {
                c.close();
            }
        }
    }

    private Answer read(Connection c, long deadline) throws IOException {
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
            return new Answer(status);
        }
    }

    private boolean drain(Connection c, long length, long deadline) throws IOException {
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

    private boolean drainChunked(Connection c, long deadline) throws IOException {
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

    private static void timeout(Connection c, long deadline) throws IOException {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
            throw new DeadlineExceeded();
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
    private static String line(Connection c, long deadline) throws IOException {
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

    private static byte[] request(URI uri, List<String> headers, byte[] body) {
        var path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        var target = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        int defaultPort = uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
        var host = uri.getPort() < 0 || uri.getPort() == defaultPort ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
        var head = new StringBuilder(256).append("POST ").append(target).append(" HTTP/1.1\r\nHost: ").append(host).append("\r\n");
        for (int i = 0; i + 1 < headers.size(); i += 2) {
            head.append(headers.get(i)).append(": ").append(headers.get(i + 1)).append("\r\n");
        }
        head.append("Content-Length: ").append(body.length).append("\r\nConnection: keep-alive\r\n\r\n");
        var headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        var out = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, out, 0, headBytes.length);
        System.arraycopy(body, 0, out, headBytes.length, body.length);
        return out;
    }

    private Connection take(String origin) {
        var deque = idle.get(origin);
        if (deque == null) {
            return null;
        }
        long now = System.currentTimeMillis();
        for (var c = deque.poll(); c != null; c = deque.poll()) {
            if (now - c.lastUsed < IDLE_MILLIS && !c.socket.isClosed()) {
                return c;
            }
            c.close();
        }
        return null;
    }

    private Connection open(URI uri, InetAddress address, long deadline) throws IOException {
        boolean https = uri.getScheme().equalsIgnoreCase("https");
        int port = uri.getPort() >= 0 ? uri.getPort() : https ? 443 : 80;
        var host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1) : uri.getHost();
        var socket = new Socket();
        try {
            long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
            socket.connect(new InetSocketAddress(address, port), (int) Math.min(Integer.MAX_VALUE, left));
            socket.setTcpNoDelay(true);
            Socket connected = socket;
            if (https) {
                var ssl = (SSLSocket) tls.createSocket(socket, host, port, true);
                var parameters = ssl.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                if (!host.contains(":") && !host.matches("[0-9.]+")) {
                    parameters.setServerNames(List.of(new SNIHostName(host)));
                }
                ssl.setSSLParameters(parameters);
                ssl.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                ssl.startHandshake();
                connected = ssl;
            }
            return new Connection(connected);
        } catch (SocketTimeoutException e) {
            socket.close();
            throw new DeadlineExceeded();
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private static String origin(URI uri) {
        return uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getHost() + ":" + uri.getPort();
    }

    /** Closes connections idle for longer than a receiver would keep them (their endpoint may be gone or moved). */
    void closeIdle() {
        long now = System.currentTimeMillis();
        idle.values().forEach(deque -> deque.removeIf(c -> {
            boolean stale = now - c.lastUsed >= IDLE_MILLIS;
            if (stale) {
                c.close();
            }
            return stale;
        }));
    }

    @Override
    public void close() {
        closed = true;
        idle.values().forEach(deque -> {
            for (var c = deque.poll(); c != null; c = deque.poll()) {
                c.close();
            }
        });
    }

    private static final class Connection {
        final Socket socket;
        final InputStream in;
        final OutputStream out;
        volatile long lastUsed;
        boolean answered;
        boolean reusable;

        Connection(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new BufferedInputStream(socket.getInputStream(), 8192);
            this.out = socket.getOutputStream();
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // nothing to do
            }
        }
    }
}
