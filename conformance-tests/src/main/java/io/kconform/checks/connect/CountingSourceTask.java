package io.kconform.checks.connect;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;

/**
 * The task of {@link CountingSourceConnector}. At start it reads its stored source offset (the
 * sequence number of the last record whose offset was committed) and resumes after it; without one
 * it starts at 0. Each poll emits the next records up to {@code batch.size}, never beyond N nor
 * beyond the gate its check may set in the {@link ConnectorRegistry}; with nothing to emit it idles.
 */
public class CountingSourceTask extends SourceTask {

    /** The header holding a record's sequence number. */
    public static final String SEQ_HEADER = "kconform-seq";
    /** The header holding the id of the task run that emitted the record. */
    public static final String RUN_HEADER = "kconform-run";
    /** The source partition: one stream per connector. */
    static final Map<String, String> PARTITION = Map.of("stream", "counter");
    /** The source offset field: the sequence number of the record. */
    static final String POSITION = "position";

    private static final long IDLE_MS = 100;

    private String connector;
    private String topic;
    private long records;
    private int batchSize;
    private long pollIntervalMs;
    private String run;
    private long next;

    @Override
    public void start(Map<String, String> props) {
        AbstractConfig config = new AbstractConfig(CountingSourceConnector.CONFIG, props);
        connector = props.get("name");
        topic = config.getString(CountingSourceConnector.TOPIC);
        records = config.getLong(CountingSourceConnector.RECORDS);
        batchSize = config.getInt(CountingSourceConnector.BATCH_SIZE);
        pollIntervalMs = config.getLong(CountingSourceConnector.POLL_INTERVAL_MS);
        run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> stored = context.offsetStorageReader().offset(PARTITION);
        Object position = stored == null ? null : stored.get(POSITION);
        next = position instanceof Number number ? number.longValue() + 1 : 0;
        ConnectorRegistry.Entry entry = ConnectorRegistry.lookup(connector);
        if (entry != null) {
            entry.sourceStarted(new ConnectorRegistry.SourceStart(run, stored, next));
        }
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        ConnectorRegistry.Entry entry = ConnectorRegistry.lookup(connector);
        long limit = Math.min(records, entry == null ? Long.MAX_VALUE : entry.gate());
        if (next >= limit) {
            Thread.sleep(IDLE_MS);
            return null;
        }
        if (pollIntervalMs > 0) {
            Thread.sleep(pollIntervalMs);
        }
        long end = Math.min(limit, next + batchSize);
        List<SourceRecord> batch = new ArrayList<>();
        for (long seq = next; seq < end; seq++) {
            ConnectHeaders headers = new ConnectHeaders();
            headers.addString(SEQ_HEADER, Long.toString(seq));
            headers.addString(RUN_HEADER, run);
            batch.add(new SourceRecord(PARTITION, Map.of(POSITION, seq), topic, null, Schema.STRING_SCHEMA,
                    "k-" + seq, Schema.STRING_SCHEMA, "v-" + seq, null, headers));
        }
        next = end;
        return batch;
    }

    @Override
    public void stop() {
        // poll() holds no resources; the worker stops calling it
    }

    @Override
    public String version() {
        return "1";
    }
}
