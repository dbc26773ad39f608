package io.feedbackhub.app;

import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnection;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.Scheduler;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A request head must arrive within the header deadline: Jetty's idle timeout restarts at every byte, so a client
 * trickling one header byte every few seconds (slowloris) would hold its connection, and the memory of its half-read
 * head, for ever. Each connection is looked at once per deadline; one that has completed no request head since the
 * last look and is still inside one at two looks in a row (or, on a new connection, has not sent a first head) has
 * taken at least the deadline, and is closed. Between requests of a kept-alive connection the idle timeout rules;
 * the body has its own deadline ({@link io.feedbackhub.api.RequestText}).
 */
final class SlowClients implements Connection.Listener {
    private final Scheduler scheduler;
    private final long deadlineMillis;

    SlowClients(Scheduler scheduler, Duration headerDeadline) {
        this.scheduler = scheduler;
        this.deadlineMillis = headerDeadline.toMillis();
    }

    /** The one HTTP connector, on {@code host:port}, with the idle timeout and the header deadline of {@code timeouts}. */
    static ServerConnector connector(Server server, HttpConfiguration http, String host, int port, Config.HttpTimeouts timeouts) {
        var connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        connector.setIdleTimeout(timeouts.idle().toMillis());
        connector.addBean(new SlowClients(connector.getScheduler(), timeouts.header()));
        return connector;
    }

    @Override
    public void onOpened(Connection connection) {
        if (connection instanceof HttpConnection http) {
            look(http, 0, false);
        }
    }

    @Override
    public void onClosed(Connection connection) {
        // the next look finds the end point closed and stops
    }

    private void look(HttpConnection http, long headsBefore, boolean insideBefore) {
        scheduler.schedule(() -> {
            if (!http.getEndPoint().isOpen()) {
                return;
            }
            long heads = http.getMessagesIn();
            var parser = http.getParser();
            boolean inside = parser.inHeaderState() && (heads == 0 || !parser.isStart());
            if (heads == headsBefore && inside && (insideBefore || heads == 0)) {
                http.getEndPoint().close();
                return;
            }
            look(http, heads, inside);
        }, deadlineMillis, TimeUnit.MILLISECONDS);
    }
}
