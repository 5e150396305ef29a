package io.kconform.harness.proxy.mutations;

import io.kconform.harness.proxy.Exchange;
import io.kconform.harness.proxy.RequestAction;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.message.AlterShareGroupOffsetsRequestData;
import org.apache.kafka.common.message.AlterShareGroupOffsetsResponseData;
import org.apache.kafka.common.message.AlterShareGroupOffsetsResponseData.AlterShareGroupOffsetsResponsePartition;
import org.apache.kafka.common.message.AlterShareGroupOffsetsResponseData.AlterShareGroupOffsetsResponseTopic;
import org.apache.kafka.common.message.DeleteShareGroupOffsetsRequestData;
import org.apache.kafka.common.message.DeleteShareGroupOffsetsResponseData;
import org.apache.kafka.common.message.DeleteShareGroupOffsetsResponseData.DeleteShareGroupOffsetsResponseTopic;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AlterShareGroupOffsetsRequest;
import org.apache.kafka.common.requests.AlterShareGroupOffsetsResponse;
import org.apache.kafka.common.requests.DeleteShareGroupOffsetsRequest;
import org.apache.kafka.common.requests.DeleteShareGroupOffsetsResponse;

/**
 * Share-group offset administration (KIP-932) acknowledged and never carried out: AlterShareGroupOffsets or
 * DeleteShareGroupOffsets is answered with success for every topic and partition asked, and never reaches the broker,
 * from the {@code fromNth} request of that API on each client connection on (the earlier ones reach it). The group's
 * start offsets stay as they were.
 */
public final class SwallowShareOffsets extends NamedMutation {

    /** The APIs this can answer by itself. */
    public static final Set<ApiKeys> SWALLOWABLE = Set.of(ApiKeys.ALTER_SHARE_GROUP_OFFSETS,
            ApiKeys.DELETE_SHARE_GROUP_OFFSETS);

    private final ApiKeys api;
    private final int fromNth;
    /** Requests of {@link #api} seen per client connection, for {@link #fromNth}. */
    private final Map<Long, AtomicInteger> seen = new ConcurrentHashMap<>();

    /** Every request of {@code api} swallowed. */
    public SwallowShareOffsets(ApiKeys api) {
        this(api, 1);
    }

    /** The requests of {@code api} swallowed from the {@code fromNth} on each connection (counted from 1). */
    public SwallowShareOffsets(ApiKeys api, int fromNth) {
        super("SwallowShareOffsets[" + api.name + (fromNth > 1 ? " from #" + fromNth : "") + "]", "acknowledges "
                + api.name + (fromNth > 1 ? " requests from the " + fromNth + "th on each connection" : "")
                + " without carrying them out");
        if (!SWALLOWABLE.contains(api)) {
            throw new IllegalArgumentException("swallow-share-offsets supports " + SWALLOWABLE + ", not " + api);
        }
        if (fromNth < 1) {
            throw new IllegalArgumentException("swallow-share-offsets counts requests from 1, not " + fromNth);
        }
        this.api = api;
        this.fromNth = fromNth;
    }

    @Override
    public boolean interceptsRequest(ApiKeys apiKey) {
        return apiKey == api;
    }

    @Override
    public RequestAction onRequest(Exchange exchange, AbstractRequest request) {
        if (seen.computeIfAbsent(exchange.connectionId(), c -> new AtomicInteger()).incrementAndGet() < fromNth) {
            return RequestAction.forward();
        }
        if (request instanceof AlterShareGroupOffsetsRequest alter) {
            return RequestAction.respond(new AlterShareGroupOffsetsResponse(altered(alter.data())));
        }
        return RequestAction.respond(new DeleteShareGroupOffsetsResponse(
                deleted(((DeleteShareGroupOffsetsRequest) request).data())));
    }

    private static AlterShareGroupOffsetsResponseData altered(AlterShareGroupOffsetsRequestData request) {
        AlterShareGroupOffsetsResponseData answer = new AlterShareGroupOffsetsResponseData();
        request.topics().forEach(t -> answer.responses().add(new AlterShareGroupOffsetsResponseTopic()
                .setTopicName(t.topicName()).setPartitions(t.partitions().stream()
                        .map(p -> new AlterShareGroupOffsetsResponsePartition().setPartitionIndex(p.partitionIndex())
                                .setErrorCode(Errors.NONE.code())).toList())));
        return answer;
    }

    private static DeleteShareGroupOffsetsResponseData deleted(DeleteShareGroupOffsetsRequestData request) {
        DeleteShareGroupOffsetsResponseData answer = new DeleteShareGroupOffsetsResponseData();
        request.topics().forEach(t -> answer.responses().add(new DeleteShareGroupOffsetsResponseTopic()
                .setTopicName(t.topicName()).setErrorCode(Errors.NONE.code())));
        return answer;
    }
}
