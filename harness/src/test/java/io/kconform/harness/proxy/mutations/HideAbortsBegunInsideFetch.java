package io.kconform.harness.proxy.mutations;

import io.kconform.harness.proxy.Exchange;
import io.kconform.harness.proxy.RequestAction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.FetchRequestData.FetchPartition;
import org.apache.kafka.common.message.FetchRequestData.FetchTopic;
import org.apache.kafka.common.message.FetchResponseData.AbortedTransaction;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.FetchRequest;
import org.apache.kafka.common.requests.FetchResponse;

/**
 * Lists in a Fetch answer only the aborted transactions that had begun by the fetch offset, leaving out
 * those that begin inside the fetched range: a leader that looks up the aborted transactions at the
 * position a fetch starts from, not over the whole range it returns. A fetch that begins inside a large
 * aborted transaction is still filtered; a fetch that spans a committed transaction, an aborted one and a
 * committed one delivers the aborted records. Partitions a request does not name (an incremental fetch
 * session's unchanged ones) keep their list.
 */
public final class HideAbortsBegunInsideFetch extends NamedMutation {

    private static final String FETCH_OFFSETS = "HideAbortsBegunInsideFetch.fetchOffsets";

    public HideAbortsBegunInsideFetch() {
        super("HideAbortsBegunInsideFetch", "Fetch answers list only the aborted transactions begun by the fetch offset:"
                + " an aborted transaction inside the fetched range is delivered to read_committed");
    }

    @Override
    public boolean interceptsRequest(ApiKeys apiKey) {
        return apiKey == ApiKeys.FETCH;
    }

    @Override
    public boolean interceptsResponse(ApiKeys apiKey) {
        return apiKey == ApiKeys.FETCH;
    }

    @Override
    public RequestAction onRequest(Exchange exchange, AbstractRequest request) {
        Map<String, Long> offsets = new HashMap<>();
        for (FetchTopic topic : ((FetchRequest) request).data().topics()) {
            for (FetchPartition partition : topic.partitions()) {
                offsets.put(key(topic.topic(), topic.topicId(), partition.partition()), partition.fetchOffset());
            }
        }
        exchange.attach(FETCH_OFFSETS, offsets);
        return RequestAction.forward();
    }

    @Override
    public AbstractResponse onResponse(Exchange exchange, AbstractResponse response) {
        Map<?, ?> offsets = exchange.attachment(FETCH_OFFSETS, Map.class).orElse(Map.of());
        for (FetchedPartition partition : FetchedPartition.of((FetchResponse) response)) {
            List<AbortedTransaction> aborted = partition.data().abortedTransactions();
            Object fetchOffset = offsets.get(key(partition.topic().topic(), partition.topic().topicId(),
                    partition.data().partitionIndex()));
            if (aborted == null || !(fetchOffset instanceof Long from)) {
                continue;
            }
            List<AbortedTransaction> begun = aborted.stream().filter(a -> a.firstOffset() <= from).toList();
            // null, not empty, for none: the field is nullable from v4 on and the broker sends null for none
            partition.data().setAbortedTransactions(begun.isEmpty() ? null : new ArrayList<>(begun));
        }
        return response;
    }

    /** Names a partition by topic id where the exchange has one (v13 on), otherwise by topic name. */
    private static String key(String topic, Uuid topicId, int partition) {
        return (topicId == null || Uuid.ZERO_UUID.equals(topicId) ? topic : topicId.toString()) + ":" + partition;
    }
}
