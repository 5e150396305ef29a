package io.kconform.harness.proxy;

import java.net.Socket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * A Kafka-protocol proxy between clients and a real broker that breaks the protocol on purpose, so
 * that a conformance check can be shown to FAIL (or report UNSUPPORTED) on a target that lacks or
 * breaks the feature it checks.
 *
 * <pre>{@code
 * try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker.bootstrapServers(),
 *         List.of(new StripApis(ApiKeys.INIT_PRODUCER_ID)))) {
 *     producerProps.put("bootstrap.servers", proxy.bootstrapServers());
 *     ...
 * }
 * }</pre>
 *
 * <p>Guarantees:
 * <ul>
 *   <li>With no mutations it is transparent: producers (idempotent and transactional), consumer
 *       groups and the Admin client work through it as against the broker.</li>
 *   <li>Broker addresses in Metadata, FindCoordinator and DescribeCluster responses, and leader
 *       hints in Produce, Fetch and share-group responses, are replaced by proxy addresses, one
 *       proxy port per upstream broker (opened when the broker is first seen), so clients never
 *       bypass the proxy.</li>
 *   <li>Frames are decoded only where a mutation or the address rewrite needs them; the rest pass
 *       as raw bytes, including requests at versions newer than this proxy's kafka-clients knows.</li>
 *   <li>Responses reach each client in the order of its requests, also when a mutation answers a
 *       request itself.</li>
 *   <li>Everything binds 127.0.0.1; {@link #close()} stops all threads and sockets within about a
 *       second.</li>
 *   <li>A frame the proxy cannot decode, or a mutation that throws, is passed on untouched and
 *       recorded in {@link #problems()}; tests should assert that list is empty. Input a mutation
 *       handles through {@link Mutation#onUndecodable} (answered, held, closed) is not a problem: it
 *       is the fault that mutation makes. A broken stream (size prefix out of range, end of stream
 *       inside a frame) closes the connection unless a mutation holds it.</li>
 *   <li>When a mutation says {@link Mutation#servesNewConnection() no}, new client connections are
 *       closed as soon as they are accepted.</li>
 *   <li>A mutation may {@linkplain ProxyControl#crash crash} the proxy: every connection is closed and the
 *       ports refuse connections from then on, as when a server process dies.</li>
 * </ul>
 */
public final class KafkaMutatingProxy implements AutoCloseable {

    private static final String LOOPBACK = "127.0.0.1";
    private static final long CLOSE_WAIT_MS = 1_000;

    private final ProxyContext context;
    private final List<HostPort> bootstrap;
    private final Map<HostPort, BrokerListener> listeners = new LinkedHashMap<>();
    private final Set<ProxiedConnection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicLong connectionIds = new AtomicLong();
    private volatile boolean closed;
    private volatile boolean crashed;

    private KafkaMutatingProxy(List<HostPort> bootstrap, List<? extends Mutation> mutations) {
        this.bootstrap = bootstrap;
        this.context = new ProxyContext(new MutationChain(mutations), new AddressRewriter(LOOPBACK, this::proxyPortFor),
                new TopicNames(), new ProblemLog());
    }

    /**
     * Starts a proxy in front of a cluster.
     *
     * @param upstreamBootstrap the real cluster's bootstrap servers, {@code host:port[,host:port...]}
     * @param mutations         the faults to apply, in this order
     */
    public static KafkaMutatingProxy start(String upstreamBootstrap, List<? extends Mutation> mutations) {
        KafkaMutatingProxy proxy = new KafkaMutatingProxy(HostPort.parseList(upstreamBootstrap), mutations);
        proxy.mutations().forEach(mutation -> mutation.attach(proxy::crash));
        try {
            proxy.bootstrap.forEach(proxy::proxyPortFor);
        } catch (RuntimeException e) {
            proxy.close();
            throw e;
        }
        return proxy;
    }

    /** Starts a proxy in front of a cluster; see {@link #start(String, List)}. */
    public static KafkaMutatingProxy start(String upstreamBootstrap, Mutation... mutations) {
        return start(upstreamBootstrap, List.of(mutations));
    }

    /** The address clients use instead of the cluster's: {@code 127.0.0.1:<port>[,...]}. */
    public String bootstrapServers() {
        return bootstrap.stream().map(b -> LOOPBACK + ":" + proxyPortFor(b)).collect(Collectors.joining(","));
    }

    public List<Mutation> mutations() {
        return context.chain().mutations();
    }

    /** One line per frame the proxy failed to decode or a mutation failed on; empty when all went well. */
    public List<String> problems() {
        return context.problems().all();
    }

    /** For test output: the mutations' names and what each breaks. */
    public String describe() {
        if (mutations().isEmpty()) {
            return "transparent proxy";
        }
        return mutations().stream().map(m -> m.name() + " (" + m.description() + ")").collect(Collectors.joining("; "));
    }

    synchronized int proxyPortFor(HostPort upstream) {
        if (closed) {
            throw new IllegalStateException("the proxy is closed");
        }
        if (crashed && !listeners.containsKey(upstream)) {
            throw new IllegalStateException("the proxy crashed");
        }
        return listeners.computeIfAbsent(upstream, u -> new BrokerListener(u, this::accept)).port();
    }

    private void accept(Socket client, HostPort upstream) {
        if (!context.chain().servesNewConnection()) {
            try {
                client.close();
            } catch (java.io.IOException ignored) {
                // refused either way
            }
            return;
        }
        ProxiedConnection connection = new ProxiedConnection(connectionIds.incrementAndGet(), client, upstream, context,
                connections::remove);
        connections.add(connection);
        if (closed || crashed) {
            connection.close();
            return;
        }
        connection.start();
    }

    /** See {@link ProxyControl#crash()}. */
    private void crash() {
        List<BrokerListener> toStop;
        synchronized (this) {
            if (crashed || closed) {
                return;
            }
            crashed = true;
            toStop = new ArrayList<>(listeners.values());
        }
        toStop.forEach(BrokerListener::close);
        new ArrayList<>(connections).forEach(ProxiedConnection::close);
    }

    /** Stops listening, closes every connection and waits briefly for their threads to end. */
    @Override
    public void close() {
        List<BrokerListener> toStop;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            toStop = new ArrayList<>(listeners.values());
        }
        toStop.forEach(BrokerListener::close);
        List<ProxiedConnection> open = new ArrayList<>(connections);
        open.forEach(ProxiedConnection::close);
        long deadline = System.currentTimeMillis() + CLOSE_WAIT_MS;
        try {
            for (BrokerListener listener : toStop) {
                listener.join(Math.max(1, deadline - System.currentTimeMillis()));
            }
            for (ProxiedConnection connection : open) {
                connection.join(Math.max(1, deadline - System.currentTimeMillis()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "KafkaMutatingProxy[" + bootstrap + " -> " + describe() + "]";
    }
}
