package io.feedbackhub.webhooks;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One attempt of one claimed delivery: the receiver's address checked again (a name may resolve elsewhere now), the
 * message signed, and POSTed within the timeout. Whatever happens, the attempt comes back as a value to record.
 */
final class AttemptSender {
    private final WebhookHttp http;
    private final AddressGuard guard;
    private final Signer signer;
    private final Duration timeout;
    private final Clock clock;
    private final Memo<String, URI> uris = new Memo<>(URI::create, 10_000);

    AttemptSender(WebhookHttp http, AddressGuard guard, Signer signer, Duration timeout, Clock clock) {
        this.http = http;
        this.guard = guard;
        this.signer = signer;
        this.timeout = timeout;
        this.clock = clock;
    }

    /** {@code endpoint} as last read, not as claimed: a rotated secret or a new URL applies from the next pass on. */
    Delivery.Attempt send(ClaimedDelivery c, Endpoint endpoint) {
        var started = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        long t0 = System.nanoTime();
        if (c.payload() == null) {
            return new Delivery.Attempt(started, null, "the event no longer exists", 0);
        }
        var uri = uris.get(endpoint.url());
        InetAddress address;
        try {
            address = guard.deliveryAddress(uri);
        } catch (AddressGuard.Refused refused) {
            return new Delivery.Attempt(started, null, "not sent: the URL " + refused.getMessage(), 0);
        }
        var headers = List.of("Content-Type", "application/json", "User-Agent", "FeedbackHub-Webhooks/1",
                "webhook-id", c.eventId(), "webhook-timestamp", Long.toString(started.getEpochSecond()),
                "webhook-signature", signer.header(endpoint, started, c.eventId(), c.payload()));
        Integer status = null;
        String error = null;
        try {
            status = http.post(uri, address, headers, c.payload().getBytes(StandardCharsets.UTF_8), timeout).status();
        } catch (IOException e) {
            error = describe(e);
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        return new Delivery.Attempt(started, status, error, millis);
    }

    /** Why an attempt got no status code, without the URL (its path or query may hold a token). */
    private String describe(IOException failure) {
        return switch (failure) {
            case WebhookHttp.DeadlineExceeded e -> "no complete answer within " + Durations.format(timeout);
            case ConnectException e -> "connection refused or host unreachable";
            case SSLException e -> "TLS failed: " + e.getMessage();
            default -> "connection failed: " + failure.getClass().getSimpleName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
        };
    }
}
