package io.kconform.harness.proxy;

/** What a {@link Mutation} may do to the {@link KafkaMutatingProxy} it runs in. Thread-safe. */
public interface ProxyControl {

    /**
     * Crashes the proxy as a server process dies: every client connection is closed at once, and its
     * ports stop listening, so that new connections are refused. Returns without waiting for the
     * connections' threads; idempotent.
     */
    void crash();
}
