package io.feedbackhub.webhooks;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import java.io.IOException;
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
import java.util.function.Supplier;

/**
 * The HTTP/1.1 client of the dispatcher: one POST at a time per connection, blocking sockets on virtual threads,
 * connections kept alive per origin. It does the little a webhook needs (send, read the status, drain the body)
 * at a fraction of java.net.http's cost per request, which matters because deliveries share the CPU with writes.
 * Redirects are not followed (a 3xx is a failed attempt). Anything unexpected closes the connection.
 */
final class WebhookHttp implements AutoCloseable {
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

    private final Supplier<SSLSocketFactory> tls;
    private final Map<String, ConcurrentLinkedDeque<HttpConnection>> idle = new ConcurrentHashMap<>();
    private volatile boolean closed;

    WebhookHttp(SSLSocketFactory tls) {
        this.tls = () -> tls;
    }

    private WebhookHttp(Supplier<SSLSocketFactory> tls) {
        this.tls = tls;
    }

    /** The JDK's TLS, set up on the first https delivery: it costs a few hundred ms of a start that may never need it. */
    static WebhookHttp withDefaultTls() {
        return new WebhookHttp(() -> (SSLSocketFactory) SSLSocketFactory.getDefault());
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

    private Answer exchange(HttpConnection c, String origin, byte[] request, long deadline) throws IOException {
        boolean keep = false;
        try {
            c.answered = false;
            c.out.write(request);
            c.out.flush();
            var answer = HttpAnswers.read(c, deadline);
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

    private HttpConnection take(String origin) {
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

    private HttpConnection open(URI uri, InetAddress address, long deadline) throws IOException {
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
                var ssl = (SSLSocket) tls.get().createSocket(socket, host, port, true);
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
            return new HttpConnection(connected);
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
}
