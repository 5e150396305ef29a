package io.kconform.checks.faults;

import io.kconform.api.outcome.NotAssessableHereException;
import io.kconform.api.target.Target;
import io.kconform.api.wire.ClientSockets;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * A fault-injecting TCP proxy between a check's Kafka clients and the target: it loses chosen responses by cutting
 * the connection after the target answered (the client sees a disconnect with its request in flight and retries),
 * cuts every connection on demand and delays responses, so that a check sees what the target makes of a client's
 * retries. It reads only Kafka's framing and request headers; it never changes a request.
 *
 * <pre>{@code
 * FaultProxy proxy = ctx.closeLater(FaultProxy.start(ctx.target(),
 *         FaultPlan.none().loseResponseOf(ApiKeys.PRODUCE, 3, 8)));
 * Map<String, Object> overrides = new HashMap<>(proxy.clientOverrides());
 * overrides.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, proxy.bootstrapServers());
 * Producer<String, String> producer = ctx.defaultProducer(overrides);
 * ...
 * proxy.lostResponses();   // what was lost, for the evidence
 * }</pre>
 *
 * <p>Guarantees:
 * <ul>
 *   <li>Binds 127.0.0.1 only, on ephemeral ports: one port per upstream broker, opened when the proxy first sees
 *       the broker, and broker addresses in Metadata, FindCoordinator and DescribeCluster responses (and the leader
 *       hints of Produce and Fetch) are replaced by the proxy's, so clients never bypass the proxy.</li>
 *   <li>Without faults it is transparent: every request and response passes as its bytes, in order, at any API
 *       version; only the address-bearing responses are decoded and, when they name a broker, encoded again.</li>
 *   <li>Every upstream connection is the client's own: a cut closes the client's connection and its upstream
 *       connection together, so nothing the client sent afterwards can reach the target on the old connection.</li>
 *   <li>A lost response was read from the target first: the request it answers was acted on.</li>
 *   <li>No state is shared between instances; thread-safe; every thread is a daemon. {@link #close()} stops every
 *       port and connection and waits about a second at most for the threads to end.</li>
 *   <li>Where the target's clients speak TLS, the proxy makes the TLS session with each broker itself, from the
 *       target's {@code ssl.*} client properties as a Kafka client does, and clients reach it on the loopback
 *       address without TLS ({@link #clientOverrides()}): it must read the frames, which it cannot do inside the
 *       clients' own TLS. SASL (PLAIN, SCRAM, OAUTHBEARER) is the clients' own, relayed unchanged.
 *       {@link #start(Target, FaultPlan)} refuses a target whose clients authenticate with Kerberos (its service
 *       principal is named after the host the client connects to, which would be 127.0.0.1) with
 *       {@link NotAssessableHereException}, so that the check reports SKIPPED with the reason.</li>
 * </ul>
 */
public final class FaultProxy implements AutoCloseable {

    private static final String LOOPBACK = "127.0.0.1";
    private static final long CLOSE_WAIT_MS = 1_000;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final List<Endpoint> bootstrap;
    private final Map<String, Object> clientProperties;
    private final FaultPlan plan;
    private final Map<Endpoint, Listener> listeners = new LinkedHashMap<>();
    private final Set<FaultConnection> connections = ConcurrentHashMap.newKeySet();
    private final Map<ApiKeys, AtomicInteger> requestCounts = new EnumMap<>(ApiKeys.class);
    private final List<LostResponse> lost = new CopyOnWriteArrayList<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final AtomicLong connectionIds = new AtomicLong();
    private final AtomicInteger cut = new AtomicInteger();
    private final Addresses addresses = new Addresses(LOOPBACK, this::portFor);
    private final FaultConnection.Owner owner = new Owner();
    private volatile Duration responseDelay;
    private volatile boolean closed;

    private FaultProxy(List<Endpoint> bootstrap, Map<String, ?> clientProperties, FaultPlan plan) {
        this.bootstrap = bootstrap;
        this.clientProperties = java.util.Collections.unmodifiableMap(new java.util.HashMap<>(clientProperties));
        this.plan = plan;
        this.responseDelay = plan.responseDelay();
    }

    /**
     * Starts a proxy in front of the target's bootstrap servers, speaking to the target as its clients do (plain or
     * TLS, from the target's client properties). Clients reach the proxy with {@link #clientOverrides()} applied.
     *
     * @throws NotAssessableHereException when the target's clients authenticate with Kerberos
     */
    public static FaultProxy start(Target target, FaultPlan plan) {
        String unusable = whyUnusable(target.clientProperties());
        if (unusable != null) {
            throw new NotAssessableHereException(unusable);
        }
        return start(target.bootstrapServers(), target.clientProperties(), plan);
    }

    /**
     * Why clients with these properties cannot talk to a target through a proxy that reads their frames, or
     * {@code null} when they can.
     */
    public static String whyUnusable(Map<String, ?> clientProperties) {
        Object mechanism = clientProperties.get(SaslConfigs.SASL_MECHANISM);
        if (mechanism != null && mechanism.toString().strip().toUpperCase(Locale.ROOT).equals("GSSAPI")) {
            return "the target's clients authenticate with Kerberos (sasl.mechanism GSSAPI), whose service principal"
                    + " is named after the broker's host: through the fault-injecting proxy this check puts between"
                    + " client and target, that host would be 127.0.0.1";
        }
        return null;
    }

    /**
     * Starts a proxy in front of a cluster whose clients speak plain TCP.
     *
     * @param upstreamBootstrap the cluster's bootstrap servers, {@code host:port[,host:port...]}
     * @param plan              the faults to make from the start
     */
    public static FaultProxy start(String upstreamBootstrap, FaultPlan plan) {
        return start(upstreamBootstrap, Map.of(), plan);
    }

    /**
     * Starts a proxy in front of a cluster. Where {@code clientProperties} ask for TLS ({@code SSL},
     * {@code SASL_SSL}), the proxy makes the TLS session with each broker itself, from the {@code ssl.*} properties
     * as a Kafka client would (the host checked is the broker's own), and clients reach the proxy without TLS
     * ({@link #clientOverrides()}); SASL, where used, stays the clients' own, relayed unchanged.
     *
     * @param upstreamBootstrap the cluster's bootstrap servers, {@code host:port[,host:port...]}
     * @param clientProperties  the cluster's client properties (security protocol, TLS); never shown
     * @param plan              the faults to make from the start
     */
    public static FaultProxy start(String upstreamBootstrap, Map<String, ?> clientProperties, FaultPlan plan) {
        FaultProxy proxy = new FaultProxy(Endpoint.parseList(upstreamBootstrap), clientProperties, plan);
        try {
            proxy.bootstrap.forEach(proxy::portFor);
        } catch (RuntimeException e) {
            proxy.close();
            throw e;
        }
        return proxy;
    }

    /** What clients use instead of the target's bootstrap servers: {@code 127.0.0.1:<port>[,...]}. */
    public String bootstrapServers() {
        return bootstrap.stream().map(b -> LOOPBACK + ":" + portFor(b)).collect(Collectors.joining(","));
    }

    /**
     * What a client's properties need, beside {@code bootstrap.servers} = {@link #bootstrapServers()}, to talk to
     * the target through the proxy: where the target's clients speak TLS the proxy does that for them, and they
     * reach it on the loopback address over {@code PLAINTEXT} ({@code SASL_PLAINTEXT} with SASL); empty otherwise.
     */
    public Map<String, Object> clientOverrides() {
        if (!ClientSockets.speaksTls(clientProperties)) {
            return Map.of();
        }
        String protocol = String.valueOf(clientProperties.get(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG))
                .strip().toUpperCase(Locale.ROOT);
        return Map.of(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG,
                protocol.equals("SASL_SSL") ? "SASL_PLAINTEXT" : "PLAINTEXT");
    }

    /** For evidence: how the proxy reaches the target. */
    public String upstreamTransport() {
        return ClientSockets.speaksTls(clientProperties)
                ? "TLS made by the proxy for its clients, which reach it on 127.0.0.1 over " + clientOverrides().get(
                CommonClientConfigs.SECURITY_PROTOCOL_CONFIG)
                : "the clients' own plain connections";
    }

    /** The plan the proxy was started with. */
    public FaultPlan plan() {
        return plan;
    }

    /**
     * Cuts every client connection open now (and its upstream connection): their clients see a disconnect with
     * whatever they had in flight. The ports stay open; clients reconnect.
     *
     * @return how many connections were cut
     */
    public int cutConnections() {
        List<FaultConnection> open = new ArrayList<>(connections);
        open.forEach(FaultConnection::close);
        cut.addAndGet(open.size());
        return open.size();
    }

    /** From now on holds every response for {@code delay} before returning it; {@link Duration#ZERO} for none. */
    public void delayResponses(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("a negative delay: " + delay);
        }
        responseDelay = delay;
    }

    /** The responses lost so far ({@link FaultPlan#loseResponseOf}), in the order they were lost. */
    public List<LostResponse> lostResponses() {
        return List.copyOf(lost);
    }

    /** How many connections the proxy cut: one per lost response, plus those {@link #cutConnections()} cut. */
    public int connectionsCut() {
        return cut.get();
    }

    /** How many client connections the proxy accepted. */
    public long connectionsAccepted() {
        return connectionIds.get();
    }

    /** How many requests of {@code api} clients sent through the proxy. */
    public int requests(ApiKeys api) {
        synchronized (requestCounts) {
            AtomicInteger count = requestCounts.get(api);
            return count == null ? 0 : count.get();
        }
    }

    /**
     * One line per thing the proxy could not do as it should (a response it could not read to rewrite, passed on
     * untouched; a stream out of step); empty when all went well. For tests and for a check's evidence.
     */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    private synchronized int portFor(Endpoint upstream) {
        if (closed) {
            throw new IllegalStateException("the fault proxy is closed");
        }
        return listeners.computeIfAbsent(upstream, u -> new Listener(u, this::accept)).port();
    }

    private void accept(Socket client, Endpoint upstream) {
        FaultConnection connection = new FaultConnection(connectionIds.incrementAndGet(), client, upstream, owner);
        connections.add(connection);
        if (closed) {
            connection.close();
            return;
        }
        connection.start();
    }

    /** Stops listening, closes every connection and waits briefly for their threads to end. */
    @Override
    public void close() {
        List<Listener> toStop;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            toStop = new ArrayList<>(listeners.values());
        }
        toStop.forEach(Listener::close);
        List<FaultConnection> open = new ArrayList<>(connections);
        open.forEach(FaultConnection::close);
        long deadline = System.currentTimeMillis() + CLOSE_WAIT_MS;
        try {
            for (Listener listener : toStop) {
                listener.join(Math.max(1, deadline - System.currentTimeMillis()));
            }
            for (FaultConnection connection : open) {
                connection.join(Math.max(1, deadline - System.currentTimeMillis()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "FaultProxy[" + bootstrap + ": " + plan + "]";
    }

    /** The proxy's side of its connections. */
    private final class Owner implements FaultConnection.Owner {
        @Override
        public Socket connect(Endpoint upstream) throws IOException {
            return ClientSockets.connect(upstream.host(), upstream.port(), CONNECT_TIMEOUT, clientProperties);
        }

        @Override
        public int count(ApiKeys api) {
            synchronized (requestCounts) {
                return requestCounts.computeIfAbsent(api, a -> new AtomicInteger()).incrementAndGet();
            }
        }

        @Override
        public boolean loses(ApiKeys api, int nth) {
            return plan.loses(api, nth);
        }

        @Override
        public Duration responseDelay() {
            return responseDelay;
        }

        @Override
        public Addresses addresses() {
            return addresses;
        }

        @Override
        public void lost(LostResponse response) {
            lost.add(response);
            cut.incrementAndGet();
        }

        @Override
        public void problem(String what) {
            problems.add(what);
        }

        @Override
        public void closed(FaultConnection connection) {
            connections.remove(connection);
        }
    }
}
