package io.kconform.checks.eos.history;

import io.kconform.api.context.TargetContext;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;

/**
 * Where a workload gets its clients and names: the one place to put faults later. A fault-injecting proxy goes
 * in by overriding {@code bootstrap.servers} here; killed and restarted clients by handing out a new client
 * where the workload asks for one (a transactional writer asks again after its producer failed, and fences the
 * old one). Clients are closed by whoever made them, after the workload.
 */
public interface WorkloadClients {

    /** A producer of strings with {@code overrides} over the target's client settings. */
    Producer<String, String> producer(String role, Map<String, Object> overrides);

    /** A consumer of strings with {@code overrides} over the target's client settings. */
    Consumer<String, String> consumer(String role, Map<String, Object> overrides);

    /** A name under the run's prefix no other call returns, for transactional ids. */
    String uniqueName(String suffix);

    /** The target's own clients, without faults: made and closed by the check's context. */
    static WorkloadClients of(TargetContext ctx) {
        return new WorkloadClients() {
            @Override
            public Producer<String, String> producer(String role, Map<String, Object> overrides) {
                return ctx.producer(overrides);
            }

            @Override
            public Consumer<String, String> consumer(String role, Map<String, Object> overrides) {
                return ctx.consumer(overrides);
            }

            @Override
            public String uniqueName(String suffix) {
                return ctx.uniqueName(suffix);
            }
        };
    }
}
