package io.feedbackhub.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.feedbackhub.testing.Api;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A real webhook receiver on loopback: records every request it gets (headers, body, what it answered) and answers
 * as the test says. Verifies Standard Webhooks signatures on its own, from the specification, not with our code. Public
 * for the browser tests of the webhook pages.
 */
public final class Receiver implements AutoCloseable {
    /** One request as received (at: when it arrived), and the status it was answered with. */
    public record Received(String id, String timestamp, String signature, String body, int answered, Instant at) {
        public JsonNode json() {
            try {
                return Api.JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("not JSON: " + body, e);
            }
        }

        public String type() {
            return json().get("type").asText();
        }

        /** The id of the feedback (or alert rule) the event is about. */
        String subject() {
            var data = json().get("data");
            return data.has("rule") ? data.get("rule").get("id").asText() : data.get("id").asText();
        }

        /** True when one of the space-separated v1 signatures is the HMAC of id.timestamp.body under {@code secret}. */
        public boolean signedWith(String secret) {
            try {
                var key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
                var mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(key, "HmacSHA256"));
                var expected = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
                for (var candidate : signature.split(" ")) {
                    var parts = candidate.split(",", 2);
                    if (parts.length == 2 && parts[0].equals("v1")
                            && MessageDigest.isEqual(expected, Base64.getDecoder().decode(parts[1]))) {
                        return true;
                    }
                }
                return false;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        int signatureCount() {
            return signature.split(" ").length;
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final ConcurrentHashMap<String, AtomicInteger> seen = new ConcurrentHashMap<>();
    private volatile Function<Integer, Integer> answer = nth -> 200;
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private volatile Duration delay = Duration.ZERO;

    private Receiver(HttpServer server) {
        this.server = server;
    }

    public static Receiver start() {
        try {
            var server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
            var receiver = new Receiver(server);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/", exchange -> {
                try (exchange) {
                    var arrived = Instant.now();
                    var body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                    var headers = exchange.getRequestHeaders();
                    var id = headers.getFirst("webhook-id");
                    receiver.gate.await(60, TimeUnit.SECONDS);
                    if (!receiver.delay.isZero()) {
                        Thread.sleep(receiver.delay.toMillis());
                    }
                    int nth = receiver.seen.computeIfAbsent(String.valueOf(id), k -> new AtomicInteger()).incrementAndGet();
                    int status = receiver.answer.apply(nth);
                    receiver.received.add(new Received(id, headers.getFirst("webhook-timestamp"), headers.getFirst("webhook-signature"),
                            body, status, arrived));
                    exchange.sendResponseHeaders(status, -1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/feedback?token=t0p";
    }

    /** How to answer the n-th request carrying one webhook-id (1 for the first attempt). */
    void answer(Function<Integer, Integer> statusForNthAttempt) {
        this.answer = statusForNthAttempt;
    }

    void answerEvery(int status) {
        answer(nth -> status);
    }

    void delay(Duration d) {
        this.delay = d;
    }

    /** Holds every request open, unanswered, until {@link #release()}. */
    void hold() {
        gate = new CountDownLatch(1);
    }

    void release() {
        gate.countDown();
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public List<Received> accepted() {
        return received.stream().filter(r -> r.answered() >= 200 && r.answered() < 300).toList();
    }

    List<Received> accepted(Predicate<Received> which) {
        return accepted().stream().filter(which).toList();
    }

    @Override
    public void close() {
        release();
        server.stop(0);
    }

    /** Polls until the condition holds; fails after {@code max} with the description. */
    public static void eventually(Duration max, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + max.toSeconds() + " s: " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
