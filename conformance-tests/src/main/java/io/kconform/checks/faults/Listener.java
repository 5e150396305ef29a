package io.kconform.checks.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.function.BiConsumer;

/** The proxy port, on the loopback address, that stands for one upstream broker: accepts clients, hands each on. */
final class Listener {

    private final ServerSocket server;
    private final Thread acceptor;

    Listener(Endpoint upstream, BiConsumer<Socket, Endpoint> onAccept) {
        try {
            server = new ServerSocket();
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on the loopback address for " + upstream, e);
        }
        acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    onAccept.accept(server.accept(), upstream);
                } catch (IOException e) {
                    // the server socket was closed; the loop ends
                }
            }
        }, "kconform-fault-proxy-" + server.getLocalPort() + "-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }

    void join(long millis) throws InterruptedException {
        acceptor.join(millis);
    }
}
