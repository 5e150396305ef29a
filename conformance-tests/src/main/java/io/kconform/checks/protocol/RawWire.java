package io.kconform.checks.protocol;

import io.kconform.api.context.CheckContext;
import io.kconform.api.target.TargetProbe;
import io.kconform.api.wire.RawConnection;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Locale;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * Opens {@link RawConnection}s for checks that send bytes no client would, on any listener: plain TCP, or TLS
 * with the target's own {@code ssl.*} client properties. On a SASL listener the bytes arrive before
 * authentication, where the protocol allows ApiVersions and a target must cope with anything else; the check
 * says so in its evidence, since what it then exercises is the target's authentication layer.
 */
final class RawWire {

    /** How long connecting may take, and how long a target may think about bad input before it must act. */
    static final Duration BOUND = Duration.ofSeconds(10);

    private RawWire() {
    }

    /** A connection to the first bootstrap address, as the target's listener requires (TLS where it speaks TLS). */
    static RawConnection toBootstrap(CheckContext ctx) {
        InetSocketAddress address = TargetProbe.parseBootstrap(ctx.target().bootstrapServers()).get(0);
        RawConnection connection = RawConnection.open(address.getHostString(), address.getPort(), BOUND,
                ctx.target().clientProperties());
        if (authenticatesWithSasl(ctx)) {
            ctx.evidence("raw frames sent to %s before SASL authentication (the listener speaks %s)",
                    connection.address(), securityProtocol(ctx));
        }
        return connection;
    }

    /** A connection to one broker, at the address Metadata or the probe named, as its listener requires. */
    static RawConnection toNode(CheckContext ctx, String host, int port) {
        return RawConnection.open(host, port, BOUND, ctx.target().clientProperties());
    }

    private static boolean authenticatesWithSasl(CheckContext ctx) {
        return securityProtocol(ctx).startsWith("SASL_");
    }

    private static String securityProtocol(CheckContext ctx) {
        Object protocol = ctx.target().clientProperties().get(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG);
        return protocol == null ? "PLAINTEXT" : protocol.toString().strip().toUpperCase(Locale.ROOT);
    }
}
