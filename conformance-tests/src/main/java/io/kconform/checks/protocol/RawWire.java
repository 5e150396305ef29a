package io.kconform.checks.protocol;

import io.kconform.api.context.CheckContext;
import io.kconform.api.outcome.NotApplicableException;
import io.kconform.api.target.TargetProbe;
import io.kconform.api.wire.RawConnection;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Locale;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * Opens {@link RawConnection}s for checks that send bytes no client would. They speak PLAINTEXT only:
 * on a target whose client properties ask for TLS or SASL, the check is not applicable (SKIPPED with
 * that reason), since the bytes would never reach the Kafka protocol layer.
 */
final class RawWire {

    /** How long connecting may take, and how long a target may think about bad input before it must act. */
    static final Duration BOUND = Duration.ofSeconds(10);

    private RawWire() {
    }

    /** A plain connection to the first bootstrap address. */
    static RawConnection toBootstrap(CheckContext ctx) {
        requirePlaintext(ctx);
        InetSocketAddress address = TargetProbe.parseBootstrap(ctx.target().bootstrapServers()).get(0);
        return RawConnection.open(address.getHostString(), address.getPort(), BOUND);
    }

    /** A plain connection to one broker, at the address Metadata or the probe named. */
    static RawConnection toNode(CheckContext ctx, String host, int port) {
        requirePlaintext(ctx);
        return RawConnection.open(host, port, BOUND);
    }

    static void requirePlaintext(CheckContext ctx) {
        Object protocol = ctx.target().clientProperties().get(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG);
        String name = protocol == null ? "PLAINTEXT" : protocol.toString().strip().toUpperCase(Locale.ROOT);
        if (!name.equals("PLAINTEXT")) {
            throw new NotApplicableException("raw frames are sent over plain TCP, and the target's listener speaks "
                    + name);
        }
    }
}
