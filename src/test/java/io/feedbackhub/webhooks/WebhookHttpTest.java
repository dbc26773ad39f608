package io.feedbackhub.webhooks;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dispatcher's HTTP client against a raw socket server that answers exactly as scripted: every way an HTTP/1.x
 * answer can end, connections kept alive and reused, a kept-alive connection the receiver closed, answers too slow,
 * and TLS with the host name verified.
 */
class WebhookHttpTest {
    private static final List<String> HEADERS = List.of("Content-Type", "application/json", "webhook-id", "msg_1");
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private final List<ServerSocket> servers = new ArrayList<>();

    /** A server answering each request with {@code answer.apply(n)} (n counts requests), recording what it got. */
    private record Script(int port, List<String> requests, AtomicInteger connections) {
    }

    private Script serve(ServerSocket server, Function<Integer, String> answer) {
        servers.add(server);
        var requests = new CopyOnWriteArrayList<String>();
        var connections = new AtomicInteger();
        var count = new AtomicInteger();
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try {
                    var socket = server.accept();
                    connections.incrementAndGet();
                    Thread.ofVirtual().start(() -> handle(socket, answer, requests, count));
                } catch (IOException closed) {
                    return;
                }
            }
        });
        return new Script(server.getLocalPort(), requests, connections);
    }

    private static void handle(Socket socket, Function<Integer, String> answer, List<String> requests, AtomicInteger count) {
        try (socket) {
            var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            while (true) {
                var head = new StringBuilder();
                int length = 0;
                for (String line; (line = in.readLine()) != null && !line.isEmpty(); ) {
                    head.append(line).append('\n');
                    if (line.toLowerCase().startsWith("content-length:")) {
                        length = Integer.parseInt(line.substring(15).trim());
                    }
                }
                if (head.isEmpty()) {
                    return;
                }
                var body = new char[length];
                for (int read = 0; read < length; ) {
                    read += in.read(body, read, length - read);
                }
                requests.add(head + "\n" + new String(body));
                var reply = answer.apply(count.incrementAndGet());
                if (reply == null) {
                    return; // hang up without answering
                }
                if (reply.startsWith("SLEEP ")) {
                    Thread.sleep(Long.parseLong(reply.substring(6)));
                    return;
                }
                if (reply.startsWith("TRICKLE ")) { // "TRICKLE <ms> <answer>": one byte of the answer every <ms>
                    var parts = reply.split(" ", 3);
                    for (var b : parts[2].getBytes(StandardCharsets.ISO_8859_1)) {
                        socket.getOutputStream().write(b);
                        socket.getOutputStream().flush();
                        Thread.sleep(Long.parseLong(parts[1]));
                    }
                    return;
                }
                socket.getOutputStream().write(reply.getBytes(StandardCharsets.ISO_8859_1));
                socket.getOutputStream().flush();
                if (reply.contains("Connection: close") || reply.startsWith("HTTP/1.0")) {
                    return;
                }
            }
        } catch (IOException | InterruptedException ignored) {
            // the client went away
        }
    }

    @AfterEach
    void stop() throws IOException {
        for (var s : servers) {
            s.close();
        }
    }

    private static URI local(Script s) {
        return URI.create("http://127.0.0.1:" + s.port() + "/hooks/in?token=a%20b");
    }

    @Test
    void a_connection_goes_to_the_checked_address_whatever_the_name_resolves_to_now() throws Exception {
        var server = serve(new ServerSocket(0), n -> "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        try (var http = WebhookHttp.withDefaultTls()) {
            // .invalid never resolves (RFC 6761): the request can only have reached the server through the address given
            var answer = http.post(URI.create("http://hooks.invalid:" + server.port() + "/h"), LOOPBACK, HEADERS, new byte[0],
                    Duration.ofSeconds(5));

            assertEquals(200, answer.status());
            assertTrue(server.requests().get(0).contains("Host: hooks.invalid:" + server.port()), server.requests().get(0));
        }
    }

    @Test
    void a_post_carries_the_path_query_headers_and_body_and_reads_the_status() throws Exception {
        var server = serve(new ServerSocket(0), n -> "HTTP/1.1 204 No Content\r\n\r\n");
        try (var http = WebhookHttp.withDefaultTls()) {
            var answer = http.post(local(server), LOOPBACK, HEADERS, "{\"a\":1}".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5));

            assertEquals(204, answer.status());
            var request = server.requests().get(0);
            assertTrue(request.startsWith("POST /hooks/in?token=a%20b HTTP/1.1\n"), request);
            assertTrue(request.contains("Host: 127.0.0.1:" + server.port()), request);
            assertTrue(request.contains("webhook-id: msg_1"), request);
            assertTrue(request.endsWith("\n{\"a\":1}"), request);
        }
    }

    @Test
    void answers_with_a_length_a_chunked_body_or_a_continue_keep_the_connection_for_the_next_post() throws Exception {
        var answers = List.of(
                "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello",
                "HTTP/1.1 202 Accepted\r\nTransfer-Encoding: chunked\r\n\r\n5;x=1\r\nhello\r\n0\r\nTrailer: t\r\n\r\n",
                "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\ncontent-length: 0\r\n\r\n",
                "HTTP/1.1 500 Oops\r\nContent-Length: 2\r\n\r\nno");
        var server = serve(new ServerSocket(0), n -> answers.get(n - 1));
        try (var http = WebhookHttp.withDefaultTls()) {
            var statuses = new ArrayList<Integer>();
            for (int i = 0; i < answers.size(); i++) {
                statuses.add(http.post(local(server), LOOPBACK, HEADERS, new byte[0], Duration.ofSeconds(5)).status());
            }

            assertEquals(List.of(200, 202, 201, 500), statuses);
            assertEquals(1, server.connections().get(), "one connection served all four");
        }
    }

    @Test
    void a_connection_the_receiver_closes_is_not_reused_and_a_stale_one_is_replaced() throws Exception {
        var server = serve(new ServerSocket(0), n -> switch (n) {
            case 1 -> "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n";
            case 2 -> "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
            case 3 -> null; // closes the kept-alive connection when the next request arrives
            default -> "HTTP/1.0 200 OK\r\n\r\nbody until close";
        });
        try (var http = WebhookHttp.withDefaultTls()) {
            var statuses = new ArrayList<Integer>();
            for (int i = 0; i < 3; i++) {
                statuses.add(http.post(local(server), LOOPBACK, HEADERS, new byte[0], Duration.ofSeconds(5)).status());
            }

            assertEquals(List.of(200, 200, 200), statuses);
            assertEquals(3, server.connections().get(), "closed, then kept, then found stale and replaced");
        }
    }

    @Test
    void an_answer_slower_than_the_timeout_is_a_deadline_exceeded() throws Exception {
        var server = serve(new ServerSocket(0), n -> "SLEEP 5000");
        try (var http = WebhookHttp.withDefaultTls()) {
            long t0 = System.nanoTime();

            assertThrows(WebhookHttp.DeadlineExceeded.class,
                    () -> http.post(local(server), LOOPBACK, HEADERS, new byte[0], Duration.ofMillis(300)));
            assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(4).toNanos(), "gave up at the deadline, not when the server did");
        }
    }

    @Test
    void an_answer_trickled_byte_by_byte_cannot_stretch_the_attempt_past_its_deadline() throws Exception {
        var headers = "HTTP/1.1 200 OK\r\n" + "X-Slow: 0123456789\r\n".repeat(20) + "Content-Length: 0\r\n\r\n";
        var server = serve(new ServerSocket(0), n -> "TRICKLE 100 " + headers); // about 45 s in all
        try (var http = WebhookHttp.withDefaultTls()) {
            long t0 = System.nanoTime();

            assertThrows(WebhookHttp.DeadlineExceeded.class,
                    () -> http.post(local(server), LOOPBACK, HEADERS, new byte[0], Duration.ofMillis(500)));
            assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(10).toNanos(), "gave up at the deadline, not when the answer ended");
        }
    }

    @Test
    void a_malformed_length_is_a_failed_attempt_not_a_crash() throws Exception {
        for (var answer : List.of("HTTP/1.1 200 OK\r\nContent-Length: ten\r\n\r\n",
                "HTTP/1.1 200 OK\r\nContent-Length: -5\r\n\r\n",
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")) {
            var server = serve(new ServerSocket(0), n -> answer);
            try (var http = WebhookHttp.withDefaultTls()) {
                var failure = assertThrows(IOException.class, () -> http.post(local(server), LOOPBACK, HEADERS, new byte[0], Duration.ofSeconds(5)));
                assertTrue(failure.getMessage().startsWith("bad "), failure.getMessage());
            }
        }
    }

    @Test
    void tls_is_verified_against_the_host_name(@TempDir Path dir) throws Exception {
        var store = dir.resolve("server.p12");
        var keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        var process = new ProcessBuilder(keytool, "-genkeypair", "-alias", "hook", "-keyalg", "EC", "-keystore", store.toString(),
                "-storetype", "PKCS12", "-storepass", "changeit", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost",
                "-validity", "2").redirectErrorStream(true).start();
        assertEquals(0, process.waitFor(), new String(process.getInputStream().readAllBytes()));
        var keys = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(store)) {
            keys.load(in, "changeit".toCharArray());
        }
        var kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, "changeit".toCharArray());
        var tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(keys);
        var context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        var server = serve((SSLServerSocket) context.getServerSocketFactory().createServerSocket(0),
                n -> "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        SSLSocketFactory trusting = context.getSocketFactory();
        try (var http = new WebhookHttp(trusting)) {
            var byName = http.post(URI.create("https://localhost:" + server.port() + "/h"), LOOPBACK, HEADERS, new byte[0], Duration.ofSeconds(5));

            assertEquals(200, byName.status());
            assertThrows(SSLException.class, () -> http.post(URI.create("https://127.0.0.1:" + server.port() + "/h"), LOOPBACK, HEADERS,
                    new byte[0], Duration.ofSeconds(5)), "the certificate names localhost, not 127.0.0.1");
        }
        try (var http = WebhookHttp.withDefaultTls()) {
            assertThrows(SSLException.class, () -> http.post(URI.create("https://localhost:" + server.port() + "/h"), LOOPBACK, HEADERS,
                    new byte[0], Duration.ofSeconds(5)), "a certificate nobody vouches for is refused");
        }
    }
}
