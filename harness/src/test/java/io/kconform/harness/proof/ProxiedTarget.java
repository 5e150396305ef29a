package io.kconform.harness.proof;

import io.kconform.api.target.BrokerControl;
import io.kconform.api.target.ClientPrincipal;
import io.kconform.harness.launch.RunningTarget;
import io.kconform.harness.proxy.KafkaMutatingProxy;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A target reached through a rewriting proxy: clients get the proxy's bootstrap servers, the
 * target's own client properties, broker control and restricted principal. Closing it closes neither: their owner does.
 */
final class ProxiedTarget implements RunningTarget {

    private final RunningTarget target;
    private final KafkaMutatingProxy proxy;

    ProxiedTarget(RunningTarget target, KafkaMutatingProxy proxy) {
        this.target = target;
        this.proxy = proxy;
    }

    @Override
    public String name() {
        return target.name();
    }

    @Override
    public String kind() {
        return target.kind();
    }

    @Override
    public String description() {
        return target.description() + ", behind the rewriting proxy (" + proxy.describe() + ")";
    }

    @Override
    public String bootstrapServers() {
        return proxy.bootstrapServers();
    }

    @Override
    public Map<String, Object> clientProperties() {
        return target.clientProperties();
    }

    @Override
    public Set<String> secretValues() {
        return target.secretValues();
    }

    @Override
    public Optional<Path> logFile() {
        return target.logFile();
    }

    @Override
    public Optional<BrokerControl> brokerControl() {
        return target.brokerControl();
    }

    @Override
    public Optional<ClientPrincipal> restrictedPrincipal() {
        return target.restrictedPrincipal();
    }

    @Override
    public void close() {
        // the proxy and the target belong to the test that started them
    }
}
