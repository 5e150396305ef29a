package io.kconform.checks.faults;

import java.nio.ByteBuffer;
import java.util.function.ToIntFunction;
import org.apache.kafka.common.message.DescribeClusterResponseData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.requests.RequestUtils;

/**
 * Replaces every broker address in the responses that carry one (Metadata, FindCoordinator, DescribeCluster, and
 * the leader hints of Produce and Fetch, KIP-951) with the proxy's address for that broker, so that a client that
 * follows metadata, a coordinator or a leader hint keeps talking through the proxy. Other responses, and those that
 * name no broker, pass as their original bytes.
 */
final class Addresses {

    private final String proxyHost;
    private final ToIntFunction<Endpoint> ports;

    /**
     * @param proxyHost the host clients reach the proxy at
     * @param ports     the proxy port that stands for an upstream broker, opened on first use
     */
    Addresses(String proxyHost, ToIntFunction<Endpoint> ports) {
        this.proxyHost = proxyHost;
        this.ports = ports;
    }

    /** Whether responses of {@code api} at {@code version} may carry a broker address. */
    static boolean carriesAddresses(ApiKeys api, short version) {
        return switch (api) {
            case METADATA, FIND_COORDINATOR, DESCRIBE_CLUSTER -> true;
            case PRODUCE -> version >= 10; // leader hints came with KIP-951
            case FETCH -> version >= 16;
            default -> false;
        };
    }

    /**
     * The response with the proxy's addresses in place of the brokers', or {@code frame} itself when it names no
     * broker.
     *
     * @throws RuntimeException when this client cannot read the response
     */
    ByteBuffer rewrite(ApiKeys api, short version, ByteBuffer frame) {
        if (!carriesAddresses(api, version)) {
            return frame;
        }
        Frames.Response response = Frames.Response.parse(frame, api, version);
        ApiMessage data;
        boolean changed = false;
        switch (api) {
            case METADATA -> {
                MetadataResponseData metadata = new MetadataResponseData(response.body(), version);
                for (MetadataResponseData.MetadataResponseBroker b : metadata.brokers()) {
                    b.setPort(port(b.host(), b.port())).setHost(proxyHost);
                    changed = true;
                }
                data = metadata;
            }
            case FIND_COORDINATOR -> {
                FindCoordinatorResponseData find = new FindCoordinatorResponseData(response.body(), version);
                // Before v4 one key is answered in top-level fields; an error leaves the host empty and port -1.
                if (find.port() > 0) {
                    find.setPort(port(find.host(), find.port())).setHost(proxyHost);
                    changed = true;
                }
                for (FindCoordinatorResponseData.Coordinator c : find.coordinators()) {
                    if (c.port() > 0) {
                        c.setPort(port(c.host(), c.port())).setHost(proxyHost);
                        changed = true;
                    }
                }
                data = find;
            }
            case DESCRIBE_CLUSTER -> {
                DescribeClusterResponseData cluster = new DescribeClusterResponseData(response.body(), version);
                for (DescribeClusterResponseData.DescribeClusterBroker b : cluster.brokers()) {
                    b.setPort(port(b.host(), b.port())).setHost(proxyHost);
                    changed = true;
                }
                data = cluster;
            }
            case PRODUCE -> {
                ProduceResponseData produce = new ProduceResponseData(response.body(), version);
                for (ProduceResponseData.NodeEndpoint e : produce.nodeEndpoints()) {
                    e.setPort(port(e.host(), e.port())).setHost(proxyHost);
                    changed = true;
                }
                data = produce;
            }
            default -> {
                FetchResponseData fetch = new FetchResponseData(response.body(), version);
                for (FetchResponseData.NodeEndpoint e : fetch.nodeEndpoints()) {
                    e.setPort(port(e.host(), e.port())).setHost(proxyHost);
                    changed = true;
                }
                data = fetch;
            }
        }
        return changed ? RequestUtils.serialize(response.header(), response.headerVersion(), data, version) : frame;
    }

    private int port(String host, int port) {
        return ports.applyAsInt(new Endpoint(host, port));
    }
}
