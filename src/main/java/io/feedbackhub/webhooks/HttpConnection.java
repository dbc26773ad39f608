package io.feedbackhub.webhooks;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

/** One kept-alive connection to a receiver: its streams, when it was last used, and whether its last answer left it reusable. */
final class HttpConnection {
    final Socket socket;
    final InputStream in;
    final OutputStream out;
    volatile long lastUsed;
    boolean answered;
    boolean reusable;

    HttpConnection(Socket socket) throws IOException {
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
