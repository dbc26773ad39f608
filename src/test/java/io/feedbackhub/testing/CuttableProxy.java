package io.feedbackhub.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP forwarder between the server and PostgreSQL that a test can cut (every connection dropped, new ones
 * refused) and restore, or hang (nothing answers, nothing closes) and resume, to make the database unreachable
 * without stopping the shared PostgreSQL server.
 */
public final class CuttableProxy implements AutoCloseable {
    private final int upstreamPort;
    private final int port;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile ServerSocket listener;
    private volatile boolean hung;

    public CuttableProxy(int upstreamPort) throws IOException {
        this.upstreamPort = upstreamPort;
        this.listener = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        this.port = listener.getLocalPort();
        accept(listener);
    }

    public int port() {
        return port;
    }

    private void accept(ServerSocket server) {
        Thread.ofPlatform().daemon(true).start(() -> {
            while (!server.isClosed()) {
                try {
                    var client = server.accept();
                    var upstream = new Socket();
                    upstream.connect(new InetSocketAddress("127.0.0.1", upstreamPort), 2000);
                    open.add(client);
                    open.add(upstream);
                    pump(client.getInputStream(), upstream.getOutputStream(), client, upstream);
                    pump(upstream.getInputStream(), client.getOutputStream(), client, upstream);
                } catch (IOException e) {
                    // the listener was closed by cut(), or upstream refused
                }
            }
        });
    }

    private void pump(InputStream in, OutputStream out, Socket a, Socket b) {
        Thread.ofPlatform().daemon(true).start(() -> {
            var buffer = new byte[16384];
            try {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    while (hung && !a.isClosed()) {
                        Thread.sleep(5);
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException | InterruptedException ignored) {
                // either side went away
            } finally {
                closeQuietly(a);
                closeQuietly(b);
            }
        });
    }

    /** The database becomes unreachable: open connections are dropped and new ones refused. */
    public void cut() throws IOException {
        listener.close();
        open.forEach(CuttableProxy::closeQuietly);
        open.clear();
    }

    /**
     * The database stops answering without closing anything (its processes stopped, a network partition): connections
     * stay open and new ones are accepted, but no byte goes through until {@link #resume()}.
     */
    public void hang() {
        hung = true;
    }

    public void resume() {
        hung = false;
    }

    /** The database is back on the same port. */
    public void restore() throws IOException {
        var server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port));
        listener = server;
        accept(server);
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        hung = false;
        cut();
    }
}
