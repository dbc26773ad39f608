package io.feedbackhub.reliability;

import io.feedbackhub.app.Config;
import io.feedbackhub.app.FeedbackHub;
import io.feedbackhub.reliability.EveryRoute.Door;
import io.feedbackhub.testing.Api;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * While a node stops (SIGTERM, {@code close()}), a request on a kept-alive connection gets its door's own 503 with
 * Retry-After (problem+json, FastAPI's detail, Devic's envelope, Langfuse's message), and the request in flight when
 * the stop began still completes.
 */
class GracefulStopTest {
    @TempDir
    Path dataDir;

    /** One path per door, each under the door's prefix. */
    private static final Map<String, Door> DOORS = doors();

    private static Map<String, Door> doors() {
        var doors = new LinkedHashMap<String, Door>();
        doors.put("/v1/feedback/no-such-id", Door.NATIVE);
        doors.put("/compat/scale/v4/threads/t/messages/m/feedback", Door.FASTAPI);
        doors.put("/compat/contextual/v1/agents/a/feedback", Door.FASTAPI);
        doors.put("/compat/virtuous/api/v1/feedback/no-such-id", Door.FASTAPI);
        doors.put("/compat/parea/api/parea/v1/feedback", Door.FASTAPI);
        doors.put("/compat/devic/api/v1/agents/threads/t/feedback", Door.DEVIC);
        doors.put("/compat/langfuse/api/public/scores/no-such-id", Door.LANGFUSE);
        doors.put("/compat/langsmith/feedback/no-such-id", Door.FASTAPI);
        return doors;
    }

    @Test
    void requests_on_kept_alive_connections_during_a_stop_get_their_doors_503_with_retry_after() throws Exception {
        var hub = new FeedbackHub(Config.from(EmbeddedStoreRecoveryTest.environment(dataDir))).start();
        int port = hub.port();
        var connections = new LinkedHashMap<String, KeptAlive>();
        for (var path : DOORS.keySet()) {
            var connection = new KeptAlive(port);
            var first = connection.get(path);
            assertTrue(first.status() != 503, "before the stop: " + path + " " + first);
            connections.put(path, connection);
        }
        var inFlight = new KeptAlive(port);
        inFlight.startPostWithoutItsEnd("/v1/feedback", "{\"message_id\": \"in-flight\", \"label\": \"thumbs_up\"}");
        // admitted before the stop begins, or the stop would not wait for it and Jetty's own stop would answer the rest
        EmbeddedStoreRecoveryTest.waitFor(() -> hub.requestsInFlight() >= 1);

        var stopped = CompletableFuture.runAsync(hub::close);
        var nativeConnection = connections.get("/v1/feedback/no-such-id");
        Api.Response probe = null;
        for (int i = 0; i < 1000 && (probe == null || probe.status() != 503); i++) {
            probe = nativeConnection.get("/v1/feedback/no-such-id");
        }
        var answers = new LinkedHashMap<String, Api.Response>();
        var wrong = new ArrayList<String>();
        connections.forEach((path, connection) -> {
            try {
                answers.put(path, connection.get(path));
            } catch (java.io.UncheckedIOException e) {
                wrong.add(path + " -> no answer on the kept-alive connection: " + e.getCause().getMessage());
            }
        });
        var inFlightAnswer = inFlight.finishPost();
        stopped.get(60, TimeUnit.SECONDS);

        answers.forEach((path, r) -> {
            if (r.status() != 503 || r.header("Retry-After") == null || !DoorShape.matches(DOORS.get(path), r)) {
                wrong.add(path + " -> " + r + " " + r.headers().map());
            }
        });
        assertEquals(List.of(), wrong, "during the stop every door answers its own 503 with Retry-After (the first 503: " + probe + ")");
        assertEquals(201, inFlightAnswer.status(), "the request in flight when the stop began completes: " + inFlightAnswer);
    }

    /** One HTTP/1.1 connection kept alive across requests. */
    private static final class KeptAlive {
        private final Socket socket;
        private final int port;
        private byte[] pendingBody;

        KeptAlive(int port) throws IOException {
            this.port = port;
            this.socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.setSoTimeout(30_000);
        }

        Api.Response get(String path) {
            try {
                write("GET " + path + " HTTP/1.1\r\nHost: localhost:" + port + "\r\n"
                        + "Authorization: Bearer " + io.feedbackhub.testing.TestHub.SECRET_KEY + "\r\n"
                        + "X-API-Key: " + io.feedbackhub.testing.TestHub.SECRET_KEY + "\r\n\r\n");
                return read(socket.getInputStream());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("GET " + path, e);
            }
        }

        /** Sends the head and all but the last byte of the body: the server is now serving this request. */
        void startPostWithoutItsEnd(String path, String json) throws IOException {
            var body = json.getBytes(StandardCharsets.UTF_8);
            write("POST " + path + " HTTP/1.1\r\nHost: localhost:" + port + "\r\n"
                    + "Authorization: Bearer " + io.feedbackhub.testing.TestHub.SECRET_KEY + "\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n");
            socket.getOutputStream().write(body, 0, body.length - 1);
            socket.getOutputStream().flush();
            pendingBody = new byte[]{body[body.length - 1]};
        }

        Api.Response finishPost() throws IOException {
            socket.getOutputStream().write(pendingBody);
            socket.getOutputStream().flush();
            return read(socket.getInputStream());
        }

        private void write(String text) throws IOException {
            socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
        }

        private static Api.Response read(InputStream in) throws IOException {
            var head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("connection closed after " + head.size() + " bytes: " + head);
                }
                head.write(b);
            }
            var lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
            var headers = new TreeMap<String, List<String>>(String.CASE_INSENSITIVE_ORDER);
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.computeIfAbsent(lines[i].substring(0, colon).strip(), k -> new ArrayList<>()).add(lines[i].substring(colon + 1).strip());
            }
            byte[] body;
            if (headers.containsKey("Content-Length")) {
                body = in.readNBytes(Integer.parseInt(headers.get("Content-Length").getFirst()));
            } else {
                var chunks = new ByteArrayOutputStream();
                for (int size; (size = Integer.parseInt(line(in).split(";")[0].strip(), 16)) > 0; ) {
                    chunks.write(in.readNBytes(size));
                    line(in);
                }
                line(in);
                body = chunks.toByteArray();
            }
            return new Api.Response(Integer.parseInt(lines[0].split(" ")[1]), HttpHeaders.of(headers, (a, b) -> true),
                    new String(body, StandardCharsets.UTF_8));
        }

        private static String line(InputStream in) throws IOException {
            var line = new ByteArrayOutputStream();
            for (int b; (b = in.read()) >= 0 && b != '\n'; ) {
                if (b != '\r') {
                    line.write(b);
                }
            }
            return line.toString(StandardCharsets.ISO_8859_1);
        }
    }
}
