package io.kconform.checks.connect;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.ConnectorTransactionBoundaries;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;

/**
 * A deterministic source: one task that emits the records 0..N-1 of a counter into one topic, in
 * order, and stores its position as the source offset so that a restarted task resumes after the
 * last committed record. With {@value #STREAMS} above 1 it runs several counters, one per task,
 * counter {@code i} writing to partition {@code i} of the topic with its own source partition, so
 * that the tasks can be spread over the workers of a Connect cluster. It supports exactly-once delivery (KIP-618): its records depend only on
 * its offset.
 *
 * <p>Record {@code i} has key {@code k-i}, value {@code v-i}, header {@value CountingSourceTask#SEQ_HEADER}
 * = {@code i} and header {@value CountingSourceTask#RUN_HEADER} = an id of the task's run (new at every
 * task start), so a check can tell what each run of the task emitted.
 *
 * <p>With {@code transaction.boundary=connector} each poll's records are one transaction that the task
 * commits itself, except that the poll holding the record named by {@value #ABORT_ONCE_AT} has its transaction
 * aborted once and its records emitted again, as a source does after a failed step.
 */
public class CountingSourceConnector extends SourceConnector {

    /** The topic to write to. */
    public static final String TOPIC = "topic";
    /** N, how many records the counter emits in all. */
    public static final String RECORDS = "records";
    /** How many records one poll returns at most (one transaction with exactly-once). */
    public static final String BATCH_SIZE = "batch.size";
    /** A pause before each poll that emits records, to spread the records in time. */
    public static final String POLL_INTERVAL_MS = "poll.interval.ms";
    /**
     * With connector-defined transaction boundaries ({@code transaction.boundary=connector}): the
     * sequence number whose poll's transaction the task aborts, once, before emitting the same records
     * again in a transaction it commits; -1 (the default) for none. The transaction stays open until the
     * connector's check releases the abort ({@link ConnectorRegistry.Entry#releaseAbort}).
     */
    public static final String ABORT_ONCE_AT = "abort.once.at";
    /**
     * How many counters (streams) to run, one per task, at most {@code tasks.max}: 1 (the default) for one
     * counter whose source partition is {@code {"stream": "counter"}} and whose records go to the partition
     * the producer picks; above 1, counter {@code i} has source partition {@code {"stream": "counter-i"}} and
     * writes to partition {@code i} of the topic, which must have as many partitions.
     */
    public static final String STREAMS = "streams";
    /** The counter a task runs, set by {@link #taskConfigs} when there are several; -1 for the single one. */
    static final String STREAM = "stream";

    static final ConfigDef CONFIG = new ConfigDef()
            .define(TOPIC, ConfigDef.Type.STRING, ConfigDef.Importance.HIGH, "the topic to write to")
            .define(RECORDS, ConfigDef.Type.LONG, ConfigDef.Importance.HIGH, "how many records to emit")
            .define(BATCH_SIZE, ConfigDef.Type.INT, 10, ConfigDef.Range.atLeast(1), ConfigDef.Importance.LOW,
                    "records per poll")
            .define(POLL_INTERVAL_MS, ConfigDef.Type.LONG, 0L, ConfigDef.Range.atLeast(0), ConfigDef.Importance.LOW,
                    "pause before each poll that emits")
            .define(ABORT_ONCE_AT, ConfigDef.Type.LONG, -1L, ConfigDef.Importance.LOW,
                    "the record whose transaction is aborted once (connector-defined transaction boundaries)")
            .define(STREAMS, ConfigDef.Type.INT, 1, ConfigDef.Range.atLeast(1), ConfigDef.Importance.LOW,
                    "how many counters, one per task, counter i writing to partition i")
            .define(STREAM, ConfigDef.Type.INT, -1, ConfigDef.Importance.LOW,
                    "the counter of this task (set by the connector)");

    private Map<String, String> props;

    @Override
    public void start(Map<String, String> props) {
        CONFIG.parse(props);
        this.props = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return CountingSourceTask.class;
    }

    /**
     * One task per counter: one task for the single counter; with several, task {@code i} runs counter
     * {@code i}, up to {@code maxTasks} of them.
     */
    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        int streams = new AbstractConfig(CONFIG, props).getInt(STREAMS);
        if (streams == 1) {
            return List.of(props);
        }
        List<Map<String, String>> configs = new ArrayList<>();
        for (int i = 0; i < Math.min(streams, maxTasks); i++) {
            Map<String, String> config = new HashMap<>(props);
            config.put(STREAM, String.valueOf(i));
            configs.add(config);
        }
        return configs;
    }

    @Override
    public void stop() {
        // nothing to release
    }

    @Override
    public ConfigDef config() {
        return CONFIG;
    }

    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        return ExactlyOnceSupport.SUPPORTED;
    }

    /**
     * Each poll's records can be one transaction, committed or aborted by the task itself (KIP-618
     * connector-defined boundaries), which lets a check abort a transaction of an exactly-once source.
     */
    @Override
    public ConnectorTransactionBoundaries canDefineTransactionBoundaries(Map<String, String> connectorConfig) {
        return ConnectorTransactionBoundaries.SUPPORTED;
    }

    @Override
    public String version() {
        return "1";
    }
}
