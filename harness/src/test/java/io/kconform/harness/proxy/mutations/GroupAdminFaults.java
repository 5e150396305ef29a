package io.kconform.harness.proxy.mutations;

import io.kconform.harness.proxy.Exchange;
import io.kconform.harness.proxy.RequestAction;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.message.DeleteGroupsRequestData;
import org.apache.kafka.common.message.DeleteGroupsResponseData;
import org.apache.kafka.common.message.DeleteGroupsResponseData.DeletableGroupResult;
import org.apache.kafka.common.message.DeleteGroupsResponseData.DeletableGroupResultCollection;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.message.OffsetDeleteRequestData;
import org.apache.kafka.common.message.OffsetDeleteResponseData;
import org.apache.kafka.common.message.OffsetDeleteResponseData.OffsetDeleteResponsePartition;
import org.apache.kafka.common.message.OffsetDeleteResponseData.OffsetDeleteResponsePartitionCollection;
import org.apache.kafka.common.message.OffsetDeleteResponseData.OffsetDeleteResponseTopic;
import org.apache.kafka.common.message.OffsetDeleteResponseData.OffsetDeleteResponseTopicCollection;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.DeleteGroupsRequest;
import org.apache.kafka.common.requests.DeleteGroupsResponse;
import org.apache.kafka.common.requests.DescribeGroupsResponse;
import org.apache.kafka.common.requests.ListGroupsRequest;
import org.apache.kafka.common.requests.OffsetCommitRequest;
import org.apache.kafka.common.requests.OffsetCommitResponse;
import org.apache.kafka.common.requests.OffsetDeleteRequest;
import org.apache.kafka.common.requests.OffsetDeleteResponse;

/**
 * Group administration that does not do what it says: a deletion acknowledged and never carried out, a refusal
 * (a group with members, a subscribed topic, a commit from outside a running group) answered as success, a
 * ListGroups filter ignored, every described group Stable. Each is one factory; the broker's own state is only
 * ever what it decided itself.
 */
public final class GroupAdminFaults extends NamedMutation {

    /** The APIs {@link #swallow} can answer by itself. */
    public static final Set<ApiKeys> SWALLOWABLE = Set.of(ApiKeys.DELETE_GROUPS, ApiKeys.OFFSET_DELETE,
            ApiKeys.OFFSET_COMMIT);
    /** The APIs whose refusals {@link #maskErrors} hides. */
    public static final Set<ApiKeys> MASKABLE = Set.of(ApiKeys.DELETE_GROUPS, ApiKeys.OFFSET_DELETE,
            ApiKeys.OFFSET_COMMIT);

    private enum Fault { SWALLOW, MASK_ERRORS, IGNORE_LIST_FILTERS, DESCRIBE_STABLE }

    private final Fault fault;
    private final ApiKeys api;
    private final int fromNth;
    /** Requests of {@link #api} seen per client connection, for {@link #fromNth}. */
    private final Map<Long, AtomicInteger> seen = new ConcurrentHashMap<>();

    private GroupAdminFaults(Fault fault, ApiKeys api, int fromNth, String name, String description) {
        super(name, description);
        this.fault = fault;
        this.api = api;
        this.fromNth = fromNth;
    }

    private GroupAdminFaults(Fault fault, ApiKeys api, String name, String description) {
        this(fault, api, 1, name, description);
    }

    /**
     * {@code api}, one of {@link #SWALLOWABLE}, acknowledged for everything asked and never forwarded, from the
     * {@code fromNth} request of that API on each client connection on (1: every one). A check that is first
     * refused and then asks again where the broker must comply meets the broker's own refusal first and the
     * fault second: the fault falls on the request that must be done.
     */
    public static GroupAdminFaults swallow(ApiKeys api, int fromNth) {
        if (!SWALLOWABLE.contains(api)) {
            throw new IllegalArgumentException("swallow-group-admin supports " + SWALLOWABLE + ", not " + api);
        }
        if (fromNth < 1) {
            throw new IllegalArgumentException("swallow-group-admin counts requests from 1, not " + fromNth);
        }
        return new GroupAdminFaults(Fault.SWALLOW, api, fromNth, "GroupAdminFaults[swallow " + api.name
                + (fromNth > 1 ? " from #" + fromNth : "") + "]", "acknowledges " + api.name
                + (fromNth > 1 ? " requests from the " + fromNth + "th on each connection" : "")
                + " without carrying them out");
    }

    /** {@code api}, one of {@link #MASKABLE}, forwarded and answered with success whatever the broker said. */
    public static GroupAdminFaults maskErrors(ApiKeys api) {
        if (!MASKABLE.contains(api)) {
            throw new IllegalArgumentException("mask-group-admin-errors supports " + MASKABLE + ", not " + api);
        }
        return new GroupAdminFaults(Fault.MASK_ERRORS, api, "GroupAdminFaults[mask " + api.name + " errors]",
                "answers " + api.name + " with success where the broker refused it");
    }

    /** ListGroups forwarded without its state and type filters: every group is listed whatever was asked. */
    public static GroupAdminFaults ignoreListFilters() {
        return new GroupAdminFaults(Fault.IGNORE_LIST_FILTERS, ApiKeys.LIST_GROUPS, "GroupAdminFaults[ListGroups"
                + " filters ignored]", "ListGroups lists every group whatever states or types were asked for");
    }

    /** Every group DescribeGroups finds is described Stable, whatever its state. */
    public static GroupAdminFaults describeEveryGroupStable() {
        return new GroupAdminFaults(Fault.DESCRIBE_STABLE, ApiKeys.DESCRIBE_GROUPS, "GroupAdminFaults[described"
                + " Stable]", "DescribeGroups describes every group as Stable");
    }

    @Override
    public boolean interceptsRequest(ApiKeys apiKey) {
        return apiKey == api && (fault == Fault.SWALLOW || fault == Fault.IGNORE_LIST_FILTERS);
    }

    @Override
    public boolean interceptsResponse(ApiKeys apiKey) {
        return apiKey == api && (fault == Fault.MASK_ERRORS || fault == Fault.DESCRIBE_STABLE);
    }

    @Override
    public RequestAction onRequest(Exchange exchange, AbstractRequest request) {
        if (request instanceof ListGroupsRequest list) {
            list.data().setStatesFilter(List.of()).setTypesFilter(List.of());
            return RequestAction.forward(list);
        }
        if (seen.computeIfAbsent(exchange.connectionId(), c -> new AtomicInteger()).incrementAndGet() < fromNth) {
            return RequestAction.forward();
        }
        if (request instanceof OffsetCommitRequest commit) {
            return RequestAction.respond(new OffsetCommitResponse(committed(commit.data())));
        }
        if (request instanceof DeleteGroupsRequest delete) {
            return RequestAction.respond(new DeleteGroupsResponse(deleted(delete.data())));
        }
        return RequestAction.respond(new OffsetDeleteResponse(deleted(((OffsetDeleteRequest) request).data())));
    }

    @Override
    public AbstractResponse onResponse(Exchange exchange, AbstractResponse response) {
        short none = Errors.NONE.code();
        if (response instanceof DescribeGroupsResponse describe) {
            describe.data().groups().stream().filter(g -> g.errorCode() == none).forEach(g -> g.setGroupState("Stable"));
        } else if (response instanceof DeleteGroupsResponse delete) {
            delete.data().results().forEach(r -> r.setErrorCode(none).setErrorMessage(null));
        } else if (response instanceof OffsetDeleteResponse delete) {
            delete.data().setErrorCode(none);
            delete.data().topics().forEach(t -> t.partitions().forEach(p -> p.setErrorCode(none)));
        } else if (response instanceof OffsetCommitResponse commit) {
            commit.data().topics().forEach(t -> t.partitions().forEach(p -> p.setErrorCode(none)));
        }
        return response;
    }

    private static OffsetCommitResponseData committed(OffsetCommitRequestData request) {
        OffsetCommitResponseData answer = new OffsetCommitResponseData();
        request.topics().forEach(t -> answer.topics().add(new OffsetCommitResponseData.OffsetCommitResponseTopic()
                .setName(t.name()).setTopicId(t.topicId()).setPartitions(t.partitions().stream()
                        .map(p -> new OffsetCommitResponseData.OffsetCommitResponsePartition()
                                .setPartitionIndex(p.partitionIndex()).setErrorCode(Errors.NONE.code())).toList())));
        return answer;
    }

    private static DeleteGroupsResponseData deleted(DeleteGroupsRequestData request) {
        DeletableGroupResultCollection results = new DeletableGroupResultCollection();
        request.groupsNames().forEach(group -> results.add(new DeletableGroupResult().setGroupId(group)
                .setErrorCode(Errors.NONE.code())));
        return new DeleteGroupsResponseData().setResults(results);
    }

    private static OffsetDeleteResponseData deleted(OffsetDeleteRequestData request) {
        OffsetDeleteResponseTopicCollection topics = new OffsetDeleteResponseTopicCollection();
        request.topics().forEach(t -> {
            OffsetDeleteResponsePartitionCollection partitions = new OffsetDeleteResponsePartitionCollection();
            t.partitions().forEach(p -> partitions.add(new OffsetDeleteResponsePartition()
                    .setPartitionIndex(p.partitionIndex()).setErrorCode(Errors.NONE.code())));
            topics.add(new OffsetDeleteResponseTopic().setName(t.name()).setPartitions(partitions));
        });
        return new OffsetDeleteResponseData().setErrorCode(Errors.NONE.code()).setTopics(topics);
    }
}
