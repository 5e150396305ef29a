package io.kconform.harness.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.harness.proxy.mutations.ConnectAssignmentLost;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupRequestData.SyncGroupRequestAssignment;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.types.Field;
import org.apache.kafka.common.protocol.types.Schema;
import org.apache.kafka.common.protocol.types.Struct;
import org.apache.kafka.common.protocol.types.Type;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.SyncGroupRequest;
import org.junit.jupiter.api.Test;

/**
 * The lost Connect assignment on single SyncGroup requests, without a broker: every member but the leader gets
 * a valid Connect assignment without work, read back with Connect's own deserializer (connect-runtime is on the
 * harness's run-time class path only, so it is called by name).
 */
class ConnectAssignmentLostTest {

    private static final String PROTOCOL = "org.apache.kafka.connect.runtime.distributed.IncrementalCooperativeConnectProtocol";

    @Test
    void everyMemberButTheLeaderGetsAConnectAssignmentWithoutWork() throws Exception {
        byte[] leaders = connectAssignment(2, "source", List.of(-1, 0, 2), "other", List.of(1));
        byte[] followers = connectAssignment(2, "source", List.of(1, 3), "gone", List.of(4));
        SyncGroupRequestData data = syncOfLeader("connect", leaders, followers);

        new ConnectAssignmentLost().onRequest(exchange(), new SyncGroupRequest(data, (short) 5));

        assertThat(data.assignments().get(0).assignment()).as("the leader's own assignment").isEqualTo(leaders);
        Object follower = deserialize(data.assignments().get(1).assignment());
        assertThat(call(follower, "connectors")).as("connectors of the other member").asList().isEmpty();
        assertThat(call(follower, "tasks")).as("tasks of the other member").asList().isEmpty();
        assertThat(call(follower, "revokedConnectors")).asList().isEmpty();
        assertThat(call(follower, "revokedTasks")).asList().isEmpty();
        assertThat(call(follower, "leader")).isEqualTo("leader-id");
        assertThat(call(follower, "leaderUrl")).isEqualTo("http://127.0.0.1:8083/");
        assertThat(call(follower, "offset")).isEqualTo(42L);
        assertThat(call(follower, "delay")).isEqualTo(7);
        assertThat(call(follower, "version")).isEqualTo((short) 2);
        Object leader = deserialize(data.assignments().get(0).assignment());
        assertThat(call(leader, "connectors")).as("connectors of the leader").asList().hasSize(1);
        assertThat(call(leader, "tasks")).as("tasks of the leader").asList().hasSize(2);
    }

    @Test
    void consumerGroupsAndFollowersRequestsPassUnchanged() {
        byte[] assignment = connectAssignment(1, "source", List.of(0), "x", List.of());
        SyncGroupRequestData consumer = syncOfLeader("consumer", assignment, assignment);
        new ConnectAssignmentLost().onRequest(exchange(), new SyncGroupRequest(consumer, (short) 5));
        assertThat(consumer.assignments()).allMatch(a -> a.assignment() == assignment);

        SyncGroupRequestData follower = new SyncGroupRequestData().setGroupId("g").setMemberId("other-id")
                .setProtocolType("connect").setAssignments(new ArrayList<>());
        new ConnectAssignmentLost().onRequest(exchange(), new SyncGroupRequest(follower, (short) 5));
        assertThat(follower.assignments()).isEmpty();
    }

    private static SyncGroupRequestData syncOfLeader(String protocolType, byte[] leaders, byte[] followers) {
        return new SyncGroupRequestData().setGroupId("g").setMemberId("leader-id").setGenerationId(3)
                .setProtocolType(protocolType).setProtocolName("sessioned")
                .setAssignments(new ArrayList<>(List.of(
                        new SyncGroupRequestAssignment().setMemberId("leader-id").setAssignment(leaders),
                        new SyncGroupRequestAssignment().setMemberId("other-id").setAssignment(followers))));
    }

    /** An incremental cooperative Connect assignment of {@code version}, written with the mutation's schema. */
    private static byte[] connectAssignment(int version, String connector, List<Integer> tasks, String revokedConnector,
                                            List<Integer> revokedTasks) {
        var header = new Struct(new Schema(
                new Field("version",
                        Type.INT16))).set("version", (short) version);
        var schema = assignmentSchema();
        Type connectorSchema = schema.get("assignment").def.type.arrayElementType().orElseThrow();
        var body = new Struct(schema)
                .set("error", (short) 0).set("leader", "leader-id").set("leader-url", "http://127.0.0.1:8083/")
                .set("config-offset", 42L)
                .set("assignment", new Object[]{structOf(connectorSchema, connector, tasks)})
                .set("revoked", new Object[]{structOf(connectorSchema, revokedConnector, revokedTasks)})
                .set("delay", 7);
        ByteBuffer out = ByteBuffer.allocate(header.sizeOf() + body.sizeOf());
        header.writeTo(out);
        body.writeTo(out);
        return out.array();
    }

    private static Schema assignmentSchema() {
        try {
            return (Schema) Class.forName(PROTOCOL).getField("ASSIGNMENT_V1")
                    .get(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private static Struct structOf(Type type,
                                                                         String connector, List<Integer> tasks) {
        return new Struct((Schema) type)
                .set("connector", connector).set("tasks", tasks.toArray());
    }

    private static Object deserialize(byte[] assignment) throws Exception {
        Method read = Class.forName(PROTOCOL).getMethod("deserializeAssignment", ByteBuffer.class);
        return read.invoke(null, ByteBuffer.wrap(assignment));
    }

    private static Object call(Object target, String method) throws Exception {
        return target.getClass().getMethod(method).invoke(target);
    }

    private static Exchange exchange() {
        return new Exchange(1, new RequestHeader(ApiKeys.SYNC_GROUP, ApiKeys.SYNC_GROUP.latestVersion(), "client", 7),
                new TopicNames());
    }
}
