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
import org.apache.kafka.connect.source.TransactionContext;

/**
 * The task of {@link CountingSourceConnector}. At start it reads its stored source offset (the
 * sequence number of the last record whose offset was committed) and resumes after it; without one
 * it starts at 0. Each poll emits the next records up to {@code batch.size}, never beyond N nor
 * beyond the gate its check may set in the {@link ConnectorRegistry}; with nothing to emit it idles.
 * With connector-defined transaction boundaries it ends each poll's transaction itself (see
 * {@link CountingSourceConnector#ABORT_ONCE_AT}).
 */
public class CountingSourceTask extends SourceTask {

    /** The header holding a record's sequence number. */
    public static final String SEQ_HEADER = "kconform-seq";
    /** The header holding the id of the task run that emitted the record. */
    public static final String RUN_HEADER = "kconform-run";
    /** The source partition of the single counter. */
    static final Map<String, String> PARTITION = Map.of("stream", "counter");
    /** The source offset field: the sequence number of the record. */
    static final String POSITION = "position";

    private static final long IDLE_MS = 100;

    private String connector;
    private String topic;
    private long records;
    private int batchSize;
    private long pollIntervalMs;
    private long abortOnceAt;
    /** The sequence numbers of the transaction left open to be aborted, while it is; otherwise null. */
    private String doomed;
    private boolean aborted;
    private String run;
    private long next;
    /** The counter of this task, -1 for the single one. */
    private int stream;
    private Map<String, String> sourcePartition;
    /** The topic partition of this counter's records, or null for the producer's choice. */
    private Integer topicPartition;

    @Override
    public void start(Map<String, String> props) {
        AbstractConfig config = new AbstractConfig(CountingSourceConnector.CONFIG, props);
        connector = props.get("name");
        topic = config.getString(CountingSourceConnector.TOPIC);
        records = config.getLong(CountingSourceConnector.RECORDS);
        batchSize = config.getInt(CountingSourceConnector.BATCH_SIZE);
        pollIntervalMs = config.getLong(CountingSourceConnector.POLL_INTERVAL_MS);
        abortOnceAt = config.getLong(CountingSourceConnector.ABORT_ONCE_AT);
        stream = config.getInt(CountingSourceConnector.STREAM);
        sourcePartition = stream < 0 ? PARTITION : partition(stream);
        topicPartition = stream < 0 ? null : stream;
        run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> stored = context.offsetStorageReader().offset(sourcePartition);
        Object position = stored == null ? null : stored.get(POSITION);
        next = position instanceof Number number ? number.longValue() + 1 : 0;
        ConnectorRegistry.Entry entry = ConnectorRegistry.lookup(connector);
        if (entry != null) {
            entry.sourceStarted(new ConnectorRegistry.SourceStart(stream, run, stored, next));
        }
    }

    /** The source partition of counter {@code stream} when there are several. */
    static Map<String, String> partition(int stream) {
        return Map.of("stream", "counter-" + stream);
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        ConnectorRegistry.Entry entry = ConnectorRegistry.lookup(connector);
        TransactionContext transaction = context.transactionContext();
        if (doomed != null) {
            return abortWhenReleased(entry, transaction);
        }
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
            batch.add(new SourceRecord(sourcePartition, Map.of(POSITION, seq), topic, topicPartition, Schema.STRING_SCHEMA,
                    "k-" + seq, Schema.STRING_SCHEMA, "v-" + seq, null, headers));
        }
        if (transaction != null) {
            // connector-defined boundaries: this poll's records are one transaction, ended by the last of them
            if (!aborted && abortOnceAt >= next && abortOnceAt < end) {
                // left open: sent, but neither committed nor aborted until the check has seen them in the log
                doomed = next + ".." + (end - 1);
                if (entry != null) {
                    entry.transactionLeftOpen(doomed);
                }
                return batch; // next stays: after the abort these records are emitted again
            }
            transaction.commitTransaction(batch.get(batch.size() - 1));
        }
        next = end;
        return batch;
    }

    /**
     * While a transaction is left open to be aborted, emits nothing until the check releases the abort
     * (at once when no check registered the connector), then asks for the abort: Connect aborts after the
     * batch of this poll, which is empty. An abort asked for right after the records were handed to the
     * producer would discard them in the producer before they reach the target; the check releases it
     * once the target's log holds them, so that the aborted records are in the log.
     */
    private List<SourceRecord> abortWhenReleased(ConnectorRegistry.Entry entry, TransactionContext transaction)
            throws InterruptedException {
        if (entry != null && !entry.abortReleased()) {
            Thread.sleep(IDLE_MS);
            return null;
        }
        transaction.abortTransaction();
        aborted = true;
        if (entry != null) {
            entry.transactionAborted(doomed);
        }
        doomed = null;
        return null;
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
