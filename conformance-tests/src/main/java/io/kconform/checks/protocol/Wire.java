package io.kconform.checks.protocol;

import io.kconform.api.context.CheckContext;
import io.kconform.api.target.TargetProbe;
import io.kconform.api.wire.WireClient;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.apache.kafka.common.Node;

/** Opens {@link WireClient}s for protocol checks that must send a request at an exact version. */
final class Wire {

    /** How long connecting and one request may take. */
    static final Duration TIMEOUT = Duration.ofSeconds(15);

    private Wire() {
    }

    /** A wire client to the first bootstrap address of the target. */
    static WireClient toBootstrap(CheckContext ctx) {
        InetSocketAddress address = TargetProbe.parseBootstrap(ctx.target().bootstrapServers()).get(0);
        return WireClient.connect(address.getHostString(), address.getPort(), ctx.target().clientProperties(), TIMEOUT);
    }

    /** As {@link #toBootstrap(CheckContext)}, with its own bound and a client id of its own. */
    static WireClient toBootstrap(CheckContext ctx, Duration timeout, String clientId) {
        InetSocketAddress address = TargetProbe.parseBootstrap(ctx.target().bootstrapServers()).get(0);
        return WireClient.connect(address.getHostString(), address.getPort(), ctx.target().clientProperties(), timeout,
                clientId);
    }

    /** A wire client to one broker, as Metadata or DescribeCluster named it. */
    static WireClient toNode(CheckContext ctx, Node node) {
        return WireClient.connect(node.host(), node.port(), ctx.target().clientProperties(), TIMEOUT);
    }
}
