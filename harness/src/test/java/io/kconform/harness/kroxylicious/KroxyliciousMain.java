package io.kconform.harness.kroxylicious;

import io.kroxylicious.proxy.KafkaProxy;
import io.kroxylicious.proxy.config.ClusterNetworkAddressConfigProviderDefinition;
import io.kroxylicious.proxy.config.Configuration;
import io.kroxylicious.proxy.config.ServiceBasedPluginFactoryRegistry;
import io.kroxylicious.proxy.config.TargetCluster;
import io.kroxylicious.proxy.config.VirtualCluster;
import io.kroxylicious.proxy.internal.config.Features;
import java.util.List;
import java.util.Optional;

/**
 * Starts Kroxylicious in this JVM, as its own application would, with one virtual cluster in front
 * of one target cluster, no filters and no management endpoint; blocks until the JVM ends.
 *
 * <p>Usage: {@code KroxyliciousMain <target bootstrap> <bootstrap port> <node start port> <lowest node id>
 * <node count>}. Run by {@link KroxyliciousProxy} on the class path of the Kroxylicious release.
 */
public final class KroxyliciousMain {

    private KroxyliciousMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            System.err.println("usage: KroxyliciousMain <target bootstrap> <bootstrap port> <node start port>"
                    + " <lowest node id> <node count>");
            System.exit(2);
        }
        LoopbackPortPerNode.Config ports = new LoopbackPortPerNode.Config(Integer.parseInt(args[1]),
                Integer.parseInt(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]));
        // The address provider is given the pre-gateway way Kroxylicious 0.12 still accepts (a deprecation
        // warning in the log): it is the one that takes a provider plugin of our own, bound to loopback.
        VirtualCluster cluster = new VirtualCluster("kconform",
                new TargetCluster(args[0], Optional.empty()),
                new ClusterNetworkAddressConfigProviderDefinition(LoopbackPortPerNode.class.getName(), ports),
                Optional.empty(), List.of(), false, false, List.of());
        Configuration configuration = new Configuration(null, List.of(), List.of(), List.of(cluster), List.of(), false,
                Optional.empty());
        try (KafkaProxy proxy = new KafkaProxy(new ServiceBasedPluginFactoryRegistry(), configuration,
                Features.defaultFeatures())) {
            proxy.startup();
            proxy.block();
        }
    }
}
