package io.kconform.harness.kroxylicious;

import io.kroxylicious.proxy.internal.clusternetworkaddressconfigprovider.PortPerBrokerClusterNetworkAddressConfigProvider;
import io.kroxylicious.proxy.internal.clusternetworkaddressconfigprovider.PortPerBrokerClusterNetworkAddressConfigProvider.PortPerBrokerClusterNetworkAddressConfigProviderConfig;
import io.kroxylicious.proxy.plugin.Plugin;
import io.kroxylicious.proxy.service.ClusterNetworkAddressConfigProvider;
import io.kroxylicious.proxy.service.ClusterNetworkAddressConfigProviderService;
import io.kroxylicious.proxy.service.HostPort;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Kroxylicious's own port-per-node address scheme, bound to 127.0.0.1. Kroxylicious 0.12 binds the
 * ports of its port-per-node gateway on every interface (its provider names no bind address); this
 * plugin delegates every address decision to that provider and only names the loopback address
 * to bind, so that the proxy is reachable from this machine alone.
 */
@Plugin(configType = LoopbackPortPerNode.Config.class)
public final class LoopbackPortPerNode implements ClusterNetworkAddressConfigProviderService<LoopbackPortPerNode.Config> {

    /** Where the proxy listens, all on 127.0.0.1. */
    static final String LOOPBACK = "127.0.0.1";

    /**
     * @param bootstrapPort the proxy's bootstrap port
     * @param nodeStartPort the port of the node with id {@code lowestNodeId}; the others follow
     * @param lowestNodeId  the lowest node id of the cluster behind the proxy
     * @param nodeCount     how many nodes get a port
     */
    public record Config(int bootstrapPort, int nodeStartPort, int lowestNodeId, int nodeCount) {
    }

    @Override
    public ClusterNetworkAddressConfigProvider build(Config config) {
        ClusterNetworkAddressConfigProvider ports = new PortPerBrokerClusterNetworkAddressConfigProvider().build(
                new PortPerBrokerClusterNetworkAddressConfigProviderConfig(new HostPort(LOOPBACK, config.bootstrapPort()),
                        LOOPBACK, config.nodeStartPort(), config.lowestNodeId(), config.nodeCount()));
        return new Loopback(ports);
    }

    /** Kroxylicious's port-per-node provider, with a bind address. */
    private record Loopback(ClusterNetworkAddressConfigProvider ports) implements ClusterNetworkAddressConfigProvider {

        @Override
        public Optional<String> getBindAddress() {
            return Optional.of(LOOPBACK);
        }

        @Override
        public HostPort getClusterBootstrapAddress() {
            return ports.getClusterBootstrapAddress();
        }

        @Override
        public HostPort getBrokerAddress(int nodeId) {
            return ports.getBrokerAddress(nodeId);
        }

        @Override
        public HostPort getAdvertisedBrokerAddress(int nodeId) {
            return ports.getAdvertisedBrokerAddress(nodeId);
        }

        @Override
        public Integer getBrokerIdFromBrokerAddress(HostPort address) {
            return ports.getBrokerIdFromBrokerAddress(address);
        }

        @Override
        public boolean requiresServerNameIndication() {
            return ports.requiresServerNameIndication();
        }

        @Override
        public Set<Integer> getExclusivePorts() {
            return ports.getExclusivePorts();
        }

        @Override
        public Set<Integer> getSharedPorts() {
            return ports.getSharedPorts();
        }

        @Override
        public Map<Integer, HostPort> discoveryAddressMap() {
            return ports.discoveryAddressMap();
        }
    }
}
