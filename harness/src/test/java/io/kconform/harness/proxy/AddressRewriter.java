package io.kconform.harness.proxy;

import java.util.Set;
import org.apache.kafka.common.message.DescribeClusterResponseData.DescribeClusterBroker;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.message.FindCoordinatorResponseData.Coordinator;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseBroker;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.message.ShareAcknowledgeResponseData;
import org.apache.kafka.common.message.ShareFetchResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.DescribeClusterResponse;
import org.apache.kafka.common.requests.FetchResponse;
import org.apache.kafka.common.requests.FindCoordinatorResponse;
import org.apache.kafka.common.requests.MetadataResponse;
import org.apache.kafka.common.requests.ProduceResponse;
import org.apache.kafka.common.requests.ShareAcknowledgeResponse;
import org.apache.kafka.common.requests.ShareFetchResponse;

/**
 * Replaces every broker address in a response with the proxy's address for that broker, so that a
 * client that follows metadata, a coordinator or a leader hint keeps talking through the proxy.
 */
final class AddressRewriter {

    /** Gives the proxy port that stands for one upstream broker, opening it on first use. */
    interface Ports {
        int proxyPortFor(HostPort upstream);
    }

    private static final Set<ApiKeys> CARRY_ADDRESSES = Set.of(ApiKeys.METADATA, ApiKeys.FIND_COORDINATOR,
            ApiKeys.DESCRIBE_CLUSTER, ApiKeys.PRODUCE, ApiKeys.FETCH, ApiKeys.SHARE_FETCH, ApiKeys.SHARE_ACKNOWLEDGE);

    private final String proxyHost;
    private final Ports ports;

    AddressRewriter(String proxyHost, Ports ports) {
        this.proxyHost = proxyHost;
        this.ports = ports;
    }

    boolean rewrites(ApiKeys apiKey) {
        return CARRY_ADDRESSES.contains(apiKey);
    }

    /** @return whether anything changed, so that unchanged responses go on as their original bytes */
    boolean rewrite(AbstractResponse response) {
        if (response instanceof MetadataResponse metadata) {
            for (MetadataResponseBroker b : metadata.data().brokers()) {
                b.setPort(port(b.host(), b.port())).setHost(proxyHost);
            }
            return !metadata.data().brokers().isEmpty();
        }
        if (response instanceof FindCoordinatorResponse find) {
            return rewrite(find.data());
        }
        if (response instanceof DescribeClusterResponse cluster) {
            for (DescribeClusterBroker b : cluster.data().brokers()) {
                b.setPort(port(b.host(), b.port())).setHost(proxyHost);
            }
            return !cluster.data().brokers().isEmpty();
        }
        // Leader hints (KIP-951) are sent only with NOT_LEADER errors, so these are usually empty.
        if (response instanceof ProduceResponse produce) {
            for (ProduceResponseData.NodeEndpoint e : produce.data().nodeEndpoints()) {
                e.setPort(port(e.host(), e.port())).setHost(proxyHost);
            }
            return !produce.data().nodeEndpoints().isEmpty();
        }
        if (response instanceof FetchResponse fetch) {
            for (FetchResponseData.NodeEndpoint e : fetch.data().nodeEndpoints()) {
                e.setPort(port(e.host(), e.port())).setHost(proxyHost);
            }
            return !fetch.data().nodeEndpoints().isEmpty();
        }
        if (response instanceof ShareFetchResponse shareFetch) {
            for (ShareFetchResponseData.NodeEndpoint e : shareFetch.data().nodeEndpoints()) {
                e.setPort(port(e.host(), e.port())).setHost(proxyHost);
            }
            return !shareFetch.data().nodeEndpoints().isEmpty();
        }
        if (response instanceof ShareAcknowledgeResponse shareAck) {
            for (ShareAcknowledgeResponseData.NodeEndpoint e : shareAck.data().nodeEndpoints()) {
                e.setPort(port(e.host(), e.port())).setHost(proxyHost);
            }
            return !shareAck.data().nodeEndpoints().isEmpty();
        }
        return false;
    }

    private boolean rewrite(FindCoordinatorResponseData data) {
        boolean changed = false;
        // Versions before 4 answer one key in top-level fields; an error leaves host empty and port -1.
        if (data.port() > 0) {
            data.setPort(port(data.host(), data.port())).setHost(proxyHost);
            changed = true;
        }
        for (Coordinator c : data.coordinators()) {
            if (c.port() > 0) {
                c.setPort(port(c.host(), c.port())).setHost(proxyHost);
                changed = true;
            }
        }
        return changed;
    }

    private int port(String host, int port) {
        return ports.proxyPortFor(new HostPort(host, port));
    }
}
