// Webhook receivers for bench/webhooks-throughput.sh: one HTTP server per "port:delay_ms" argument, answering 204 to
// every POST after the delay (on a virtual thread each), and GET /count with how many POSTs it has answered.
// Run with the JDK's source launcher: java bench/WebhookReceivers.java 18201:0 18202:0 18203:1000
import com.sun.net.httpserver.HttpServer;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

public class WebhookReceivers {
    public static void main(String[] args) throws Exception {
        for (var arg : args) {
            var parts = arg.split(":");
            int port = Integer.parseInt(parts[0]);
            long delay = Long.parseLong(parts[1]);
            var answered = new AtomicLong();
            var server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/", exchange -> {
                try (exchange) {
                    if (exchange.getRequestMethod().equals("GET")) {
                        var body = Long.toString(answered.get()).getBytes(StandardCharsets.UTF_8);
                        exchange.sendResponseHeaders(200, body.length);
                        exchange.getResponseBody().write(body);
                        return;
                    }
                    exchange.getRequestBody().readAllBytes();
                    if (delay > 0) {
                        Thread.sleep(delay);
                    }
                    answered.incrementAndGet();
                    exchange.sendResponseHeaders(204, -1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            server.start();
            System.out.println("receiver on " + port + " answering after " + delay + " ms");
        }
        Thread.currentThread().join();
    }
}
