package io.kconform.checks.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.Battery;
import io.kconform.api.Check;
import io.kconform.api.Level;
import io.kconform.api.Strength;
import io.kconform.api.context.CheckContext;
import io.kconform.api.target.TargetProbe;
import io.kconform.api.wire.ClientHandshake;
import io.kconform.api.wire.WireException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.utils.internals.AppInfoParser;

/**
 * The handshake as current Java clients make it, rather than as a probe chooses to: a target that
 * answers a hand-picked ApiVersions request but closes the connection on what a real client sends
 * leaves every real client unable to connect, and every other check's failure unexplained.
 */
class ClientHandshakeChecks {

    /** Enough brokers to see a cluster-wide behaviour; a client connects to each it needs. */
    private static final int MAX_BROKERS = 3;

    /**
     * What a Java client of this build sends, step by step: ApiVersions at its newest version on a bootstrap
     * connection (ClusterId null), again within the target's range if it is refused with UNSUPPORTED_VERSION
     * (KIP-511); Metadata, which tells it the cluster; then, on connecting to each broker, its newest ApiVersions
     * again, now with ClusterId and NodeId set (fields of v5 and later), and within the target's range if
     * refused. Every one must be answered without error. A connection closed
     * instead (or a request never answered) FAILS, naming the version and field; where the bootstrap handshake
     * is closed, the newest version the target answers is named, since older clients can connect.
     */
    @Check(id = "protocol.apiversions.current-client-handshake",
            title = "ApiVersions as current Java clients send it is answered: the newest version on a bootstrap"
                    + " connection, and with ClusterId and NodeId set on connecting to each broker",
            battery = Battery.PROTOCOL, level = Level.INGEST, strength = Strength.MUST,
            spec = {"KIP-35", "KIP-511", "ApiVersions v5 (ClusterId, NodeId)"},
            hint = "A client sends its newest ApiVersions version first: a version the target does not know must be"
                    + " refused with UNSUPPORTED_VERSION and the ApiVersions range in a v0 body (KIP-511), never by"
                    + " closing the connection. Java clients 4.4 set ClusterId (nullable compact string) and NodeId"
                    + " (int32) in ApiVersions v5 on connecting to a broker of a cluster they know; parse them, or"
                    + " producers hang with 'Expiring N record(s)'.")
    void currentClientHandshake(CheckContext ctx) {
        InetSocketAddress bootstrap = TargetProbe.parseBootstrap(ctx.target().bootstrapServers()).get(0);
        String clients = "Java clients " + AppInfoParser.getVersion();
        ClientHandshake.Bootstrap first;
        try {
            first = ClientHandshake.bootstrap(bootstrap.getHostString(), bootstrap.getPort(),
                    ctx.target().clientProperties(), Wire.TIMEOUT);
        } catch (WireException e) {
            if (!e.unanswered()) {
                throw e;
            }
            throw new AssertionError("current " + clients + " cannot connect: " + e.getMessage(), e);
        }
        ctx.evidence("bootstrap connection, ApiVersions v%d with ClusterId null, as %s send it: %s", first.clientVersion(),
                clients, !first.answersCurrentClients() ? String.join("; ", first.refused())
                        : first.answeredVersion() < first.clientVersion() ? "refused with UNSUPPORTED_VERSION and the"
                        + " range up to v" + first.answeredVersion() + " (KIP-511), asked again at v" + first.answeredVersion()
                        : "answered");
        if (!first.answersCurrentClients()) {
            throw new AssertionError("current " + clients + " cannot connect: " + String.join("; ", first.refused())
                    + "; ApiVersions v" + first.answeredVersion() + " is answered (KIP-511: refuse an unknown version with"
                    + " UNSUPPORTED_VERSION and the supported range instead)");
        }
        short version = first.answeredVersion();
        Errors error = Errors.forCode(first.answer().errorCode());
        ctx.evidence("ApiVersions v%d answered: error %s, %d API keys", version, error, first.answer().apiKeys().size());
        assertThat(error).as("error of ApiVersions v%d on the bootstrap connection", version).isEqualTo(Errors.NONE);

        ApiVersionsResponseData.ApiVersion metadata = first.answer().apiKeys().find(ApiKeys.METADATA.id);
        if (metadata == null) {
            ctx.evidence("Metadata is not advertised: a client learns no cluster and connects to no broker");
            return;
        }
        short metadataVersion = (short) Math.min(ApiKeys.METADATA.latestVersion(), metadata.maxVersion());
        ClientHandshake.Cluster cluster = ClientHandshake.cluster(bootstrap.getHostString(), bootstrap.getPort(),
                ctx.target().clientProperties(), metadataVersion, Wire.TIMEOUT);
        ctx.evidence("Metadata v%d: cluster id '%s', brokers %s", metadataVersion, cluster.clusterId(),
                cluster.brokers().stream().map(Node::idString).toList());
        if (cluster.clusterId().isEmpty()) {
            ctx.evidence("no cluster id: a client connects to brokers with the same ApiVersions request as above");
            return;
        }
        List<String> refused = new ArrayList<>();
        for (Node broker : cluster.brokers().subList(0, Math.min(MAX_BROKERS, cluster.brokers().size()))) {
            try {
                ClientHandshake.Answered answered = ClientHandshake.knownCluster(broker.host(), broker.port(),
                        ctx.target().clientProperties(), cluster.clusterId(), broker.id(), Wire.TIMEOUT);
                Errors answer = Errors.forCode(answered.answer().errorCode());
                ctx.evidence("broker %d, ApiVersions v%d with ClusterId '%s' and NodeId %d: %s", broker.id(),
                        first.clientVersion(), cluster.clusterId(), broker.id(), answered.version() == first.clientVersion()
                                ? "error " + answer : "refused with UNSUPPORTED_VERSION, asked again at v"
                                + answered.version() + ": error " + answer);
                assertThat(answer).as("error of ApiVersions v%d with the cluster's own ClusterId and broker %d's"
                        + " NodeId", answered.version(), broker.id()).isEqualTo(Errors.NONE);
            } catch (WireException e) {
                if (!e.unanswered()) {
                    throw e;
                }
                String line = "broker " + broker.id() + ": " + ClientHandshake.refusal(e);
                ctx.evidence("%s", line);
                refused.add(line);
            }
        }
        assertThat(refused).as("ApiVersions as current %s send it on connecting to a broker of a cluster they know"
                + " (answered with ClusterId null on the bootstrap connection); without an answer their producers"
                + " hang with 'Expiring N record(s)'", clients).isEmpty();
    }
}
