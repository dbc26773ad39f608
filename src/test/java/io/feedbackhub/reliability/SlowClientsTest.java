package io.feedbackhub.reliability;

import io.feedbackhub.testing.StoreKind;
import io.feedbackhub.testing.TestHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 13 item 7: a client that trickles its request is cut off, and the node serves everyone else meanwhile. The
 * hub runs with short deadlines (1 s for a head, 2 s for a body and for idleness); each trickler would need a minute
 * to finish, so "cut off" means the connection closed while it still had most of its bytes to send. Nothing waits on
 * a clock: the socket's own read timeout (60 s) only turns a hang into a failure. The store plays no part; SQLite only.
 */
class SlowClientsTest {
    /** One byte per pause; TRICKLED_BYTES of them would take a minute. */
    static final int PAUSE_MILLIS = 300;
    static final int TRICKLED_BYTES = 200;

    private static TestHub hub;

    @BeforeAll
    static void start() {
        hub = TestHub.start(StoreKind.SQLITE, Map.of("FEEDBACK_HUB_HEADER_TIMEOUT", "1s", "FEEDBACK_HUB_BODY_TIMEOUT", "2s",
                "FEEDBACK_HUB_IDLE_TIMEOUT", "2s"));
    }

    @AfterAll
    static void stop() {
        hub.close();
    }

    @Test
    void a_body_trickled_byte_by_byte_is_cut_off_while_others_are_served() throws Exception {
        try (var socket = connect()) {
            send(socket.getOutputStream(), "POST /v1/feedback HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + TestHub.SECRET_KEY
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + TRICKLED_BYTES + "\r\n\r\n");
            var sent = new AtomicInteger();
            var trickler = trickle(socket.getOutputStream(), sent);

            var normal = hub.api.post("/v1/feedback", "{\"message_id\": \"m-served\", \"label\": \"thumbs_up\"}");
            var answer = readUntilClosed(socket);

            assertEquals(201, normal.status(), normal.body());
            assertTrue(sent.get() < TRICKLED_BYTES / 2, "the trickler sent " + sent.get() + " of " + TRICKLED_BYTES + " bytes before the cut");
            assertTrue(answer.isEmpty() || answer.startsWith("HTTP/1.1 408"), answer);
            trickler.cancel(true);
        }
    }

    /** The import reads its body as it arrives (no body deadline holds it whole): a stalled one is a 408, never a 500. */
    @Test
    void an_import_whose_body_stops_arriving_is_a_408_and_keeps_what_it_read() throws Exception {
        var line = "{\"message_id\": \"m-stalled-import\", \"author_id\": \"u-1\", \"label\": \"thumbs_up\"}\n";
        try (var socket = connect()) {
            send(socket.getOutputStream(), "POST /v1/import HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + TestHub.SECRET_KEY
                    + "\r\nContent-Type: application/x-ndjson\r\nContent-Length: 100000\r\n\r\n" + line);

            var answer = readUntilClosed(socket); // the idle timeout (2 s) ends the wait for the rest

            assertTrue(answer.startsWith("HTTP/1.1 408"), answer);
            assertTrue(answer.contains("application/problem+json"), answer);
        }
    }

    @Test
    void a_request_head_trickled_byte_by_byte_is_cut_off_while_others_are_served() throws Exception {
        try (var socket = connect()) {
            send(socket.getOutputStream(), "GET /v1/feedback HTTP/1.1\r\nHost: localhost\r\nX-Slow: ");
            var sent = new AtomicInteger();
            var trickler = trickle(socket.getOutputStream(), sent);

            var normal = hub.api.get("/v1/feedback");
            var answer = readUntilClosed(socket);

            assertEquals(200, normal.status(), normal.body());
            assertTrue(sent.get() < TRICKLED_BYTES / 2, "the trickler sent " + sent.get() + " of " + TRICKLED_BYTES + " bytes before the cut");
            assertEquals("", answer, "no answer to a head that never ended");
            trickler.cancel(true);
        }
    }

    @Test
    void a_connection_that_sends_nothing_is_closed() throws Exception {
        try (var socket = connect()) {
            assertEquals("", readUntilClosed(socket));
        }
        assertEquals(200, hub.api.get("/healthz").status());
    }

    private static Socket connect() throws IOException {
        var socket = new Socket(InetAddress.getLoopbackAddress(), hub.port());
        socket.setSoTimeout(60_000);
        return socket;
    }

    private static void send(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** Sends one space per pause until all are sent or the server hangs up. */
    private static CompletableFuture<Void> trickle(OutputStream out, AtomicInteger sent) {
        return CompletableFuture.runAsync(() -> {
            try {
                for (int i = 0; i < TRICKLED_BYTES; i++) {
                    Thread.sleep(PAUSE_MILLIS);
                    out.write(' ');
                    out.flush();
                    sent.incrementAndGet();
                }
            } catch (IOException | InterruptedException closed) {
                // the server cut the connection: what this test waits for
            }
        });
    }

    /** Whatever the server answered before it closed the connection (a reset counts as closed). */
    private static String readUntilClosed(Socket socket) throws IOException {
        var answer = new ByteArrayOutputStream();
        try {
            socket.getInputStream().transferTo(answer);
        } catch (SocketException reset) {
            // closed with unread bytes in flight
        }
        return answer.toString(StandardCharsets.ISO_8859_1);
    }
}
