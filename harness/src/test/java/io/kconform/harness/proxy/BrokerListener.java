package io.kconform.harness.proxy;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.function.BiConsumer;

/** The proxy port that stands for one upstream broker: accepts clients and hands each one on. */
final class BrokerListener implements Closeable {

    private final HostPort upstream;
    private final ServerSocket server;
    private final Thread acceptor;

    BrokerListener(HostPort upstream, BiConsumer<Socket, HostPort> onAccept) {
        this.upstream = upstream;
        try {
            server = new ServerSocket();
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on the loopback address for " + upstream, e);
        }
        acceptor = new Thread(() -> acceptLoop(onAccept), "kconform-proxy-" + server.getLocalPort() + "-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    HostPort upstream() {
        return upstream;
    }

    private void acceptLoop(BiConsumer<Socket, HostPort> onAccept) {
        while (!server.isClosed()) {
            try {
                onAccept.accept(server.accept(), upstream);
            } catch (IOException e) {
                // the server socket was closed; the loop ends
            }
        }
    }

    @Override
    public void close() {
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
