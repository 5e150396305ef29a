package io.kconform.harness.proxy.mutations;

import io.kconform.harness.proxy.Exchange;
import java.util.List;
import org.apache.kafka.common.message.StreamsGroupHeartbeatResponseData;
import org.apache.kafka.common.message.StreamsGroupHeartbeatResponseData.TaskIds;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.StreamsGroupHeartbeatResponse;

/**
 * A Streams group coordinator (KIP-1071) that loses a task: every StreamsGroupHeartbeat answer that
 * carries an assignment lacks the highest-numbered active task of each subtopology that has more than
 * one, so that task is processed by no member and the records of its partition never reach the
 * output. Subtopologies of a single task are unaffected.
 */
public final class StreamsHeartbeatDropsTask extends NamedMutation {

    public StreamsHeartbeatDropsTask() {
        super("StreamsHeartbeatDropsTask", "StreamsGroupHeartbeat assignments lose the last active task of each"
                + " subtopology: its partition is processed by no member");
    }

    @Override
    public boolean interceptsResponse(ApiKeys apiKey) {
        return apiKey == ApiKeys.STREAMS_GROUP_HEARTBEAT;
    }

    @Override
    public AbstractResponse onResponse(Exchange exchange, AbstractResponse response) {
        StreamsGroupHeartbeatResponseData data = ((StreamsGroupHeartbeatResponse) response).data();
        if (data.activeTasks() != null) {
            data.activeTasks().forEach(StreamsHeartbeatDropsTask::dropLast);
        }
        return response;
    }

    private static void dropLast(TaskIds tasks) {
        List<Integer> partitions = tasks.partitions();
        if (partitions.size() > 1) {
            partitions.remove(partitions.stream().max(Integer::compare).orElseThrow());
        }
    }
}
