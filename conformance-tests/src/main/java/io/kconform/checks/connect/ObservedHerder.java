package io.kconform.checks.connect;

import java.util.List;
import java.util.Map;
import java.util.HashMap;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.connect.connector.policy.ConnectorClientConfigOverridePolicy;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.runtime.Worker;
import org.apache.kafka.connect.runtime.distributed.DistributedConfig;
import org.apache.kafka.connect.runtime.distributed.DistributedHerder;
import org.apache.kafka.connect.runtime.isolation.Plugins;
import org.apache.kafka.connect.runtime.rest.RestClient;
import org.apache.kafka.connect.runtime.rest.RestServer;
import org.apache.kafka.connect.storage.Converter;
import org.apache.kafka.connect.storage.KafkaConfigBackingStore;
import org.apache.kafka.connect.storage.KafkaOffsetBackingStore;
import org.apache.kafka.connect.storage.KafkaStatusBackingStore;
import org.apache.kafka.connect.util.ConnectUtils;
import org.apache.kafka.connect.util.SharedTopicAdmin;

/**
 * Connect's distributed herder, wired exactly as {@code ConnectDistributed} wires it (Kafka-backed
 * config, offset and status stores sharing one admin client), that also remembers why it could not
 * start or why it stopped. Connect only logs that error and then asks the JVM to exit; a check needs it as the cause
 * of its outcome: a target that refuses the compacted internal topics (a {@code PolicyViolationException}
 * in the chain) is UNSUPPORTED, not a generic timeout.
 */
final class ObservedHerder extends DistributedHerder {

    private volatile Throwable failure;
    private volatile boolean ended;
    private volatile boolean servicesStarted;

    private ObservedHerder(DistributedConfig config, Worker worker, String kafkaClusterId,
                           KafkaStatusBackingStore statusStore, KafkaConfigBackingStore configStore, String restUrl,
                           RestClient restClient, ConnectorClientConfigOverridePolicy policy, SharedTopicAdmin admin) {
        super(config, Time.SYSTEM, worker, kafkaClusterId, statusStore, configStore, restUrl, restClient, policy,
                List.of(), admin);
    }

    /** A herder for a worker whose REST server is already initialised. */
    static ObservedHerder create(DistributedConfig config, String workerId, Plugins plugins,
                                 ConnectorClientConfigOverridePolicy policy, RestServer restServer,
                                 RestClient restClient) {
        String kafkaClusterId = config.kafkaClusterId();
        String clientIdBase = ConnectUtils.clientIdBase(config);
        Map<String, Object> adminProps = new HashMap<>(config.originals());
        ConnectUtils.addMetricsContextProperties(adminProps, config, kafkaClusterId);
        adminProps.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientIdBase + "shared-admin");
        SharedTopicAdmin sharedAdmin = new SharedTopicAdmin(adminProps);
        KafkaOffsetBackingStore offsetStore = new KafkaOffsetBackingStore(sharedAdmin, () -> clientIdBase,
                plugins.newInternalConverter(true, JsonConverter.class.getName(), Map.of("schemas.enable", "false")));
        offsetStore.configure(config);
        Worker worker = new Worker(workerId, Time.SYSTEM, plugins, config, offsetStore, policy);
        Converter internalValueConverter = worker.getInternalValueConverter();
        KafkaStatusBackingStore statusStore = new KafkaStatusBackingStore(Time.SYSTEM, internalValueConverter,
                sharedAdmin, clientIdBase);
        statusStore.configure(config);
        KafkaConfigBackingStore configStore = new KafkaConfigBackingStore(internalValueConverter, config,
                worker.configTransformer(), sharedAdmin, clientIdBase);
        return new ObservedHerder(config, worker, kafkaClusterId, statusStore, configStore,
                restServer.advertisedUrl().toString(), restClient, policy, sharedAdmin);
    }

    /** Starts the worker and its Kafka-backed stores (creating the internal topics), remembering a failure. */
    @Override
    protected void startServices() {
        try {
            super.startServices();
            servicesStarted = true;
        } catch (RuntimeException | Error e) {
            failure = e;
            throw e;
        }
    }

    /** One turn of the herder's loop; an error that escapes it ends the herder, and is remembered. */
    @Override
    public void tick() {
        try {
            super.tick();
        } catch (RuntimeException | Error e) {
            failure = e;
            throw e;
        }
    }

    /**
     * The herder's loop, remembering when it ended: what {@code herderTask().isDone()} tells on Apache Kafka 4.x,
     * also on older releases, which have no such method (the checks run with one where current clients cannot
     * connect to a target).
     */
    @Override
    public void run() {
        try {
            super.run();
        } finally {
            ended = true;
        }
    }

    /**
     * Whether the worker and its Kafka-backed stores have started (its internal topics created and read): what
     * Connect's {@code /health} reports as ready from Apache Kafka 3.9 on (KIP-1017).
     */
    boolean servicesStarted() {
        return servicesStarted;
    }

    /** Whether the herder's loop has ended, for whatever reason. */
    boolean ended() {
        return ended;
    }

    /** Why the herder stopped (while starting its stores or in its loop), or null while it has not failed. */
    Throwable failure() {
        return failure;
    }
}
