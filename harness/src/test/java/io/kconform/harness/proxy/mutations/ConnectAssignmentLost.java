package io.kconform.harness.proxy.mutations;

import io.kconform.harness.proxy.Exchange;
import io.kconform.harness.proxy.RequestAction;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.kafka.common.message.SyncGroupRequestData.SyncGroupRequestAssignment;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.types.ArrayOf;
import org.apache.kafka.common.protocol.types.Field;
import org.apache.kafka.common.protocol.types.Schema;
import org.apache.kafka.common.protocol.types.Struct;
import org.apache.kafka.common.protocol.types.Type;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.SyncGroupRequest;

/**
 * A group coordinator that loses the assignments of a Kafka Connect group's members: the leader's SyncGroup
 * reaches the coordinator with the assignment of every member but the leader emptied of connectors and tasks
 * (and of revocations). What is left is a valid Connect assignment (its version, error, leader, leader URL,
 * config offset and delay kept), so the members take it and run nothing: the work the leader planned for them
 * runs nowhere, and the leader, which believes it handed it out, does not hand it out again until the next
 * rebalance. Only groups of protocol type {@code connect} are touched, and a group of one is unaffected.
 *
 * <p>The assignment formats are Connect's own (the {@code ConnectProtocol} and
 * {@code IncrementalCooperativeConnectProtocol} schemas of connect-runtime, versions 0 to 2), written out
 * here with the client library's schema types, which Connect uses too.
 */
public final class ConnectAssignmentLost extends NamedMutation {

    static final String CONNECT_PROTOCOL_TYPE = "connect";
    private static final Schema HEADER = new Schema(new Field("version", Type.INT16));
    private static final Schema CONNECTOR_ASSIGNMENT = new Schema(
            new Field("connector", Type.STRING),
            new Field("tasks", new ArrayOf(Type.INT32)));
    /** Eager protocol (version 0). */
    static final Schema ASSIGNMENT_V0 = new Schema(
            new Field("error", Type.INT16),
            new Field("leader", Type.STRING),
            new Field("leader-url", Type.STRING),
            new Field("config-offset", Type.INT64),
            new Field("assignment", new ArrayOf(CONNECTOR_ASSIGNMENT)));
    /** Incremental cooperative protocol (versions 1 and 2, the latter with session keys). */
    static final Schema ASSIGNMENT_V1 = new Schema(
            new Field("error", Type.INT16),
            new Field("leader", Type.STRING),
            new Field("leader-url", Type.STRING),
            new Field("config-offset", Type.INT64),
            new Field("assignment", ArrayOf.nullable(CONNECTOR_ASSIGNMENT)),
            new Field("revoked", ArrayOf.nullable(CONNECTOR_ASSIGNMENT)),
            new Field("delay", Type.INT32));

    public ConnectAssignmentLost() {
        super("ConnectAssignmentLost", "the leader's SyncGroup of a Kafka Connect group reaches the coordinator with"
                + " every other member's assignment emptied of connectors and tasks: their work runs nowhere");
    }

    @Override
    public boolean interceptsRequest(ApiKeys apiKey) {
        return apiKey == ApiKeys.SYNC_GROUP;
    }

    @Override
    public RequestAction onRequest(Exchange exchange, AbstractRequest request) {
        SyncGroupRequest sync = (SyncGroupRequest) request;
        List<SyncGroupRequestAssignment> assignments = sync.data().assignments();
        // only the leader's request carries assignments; Connect names its protocol type from SyncGroup v5 on
        if (assignments.size() < 2 || !CONNECT_PROTOCOL_TYPE.equals(sync.data().protocolType())) {
            return RequestAction.forward();
        }
        String leader = sync.data().memberId();
        for (SyncGroupRequestAssignment member : assignments) {
            if (!member.memberId().equals(leader)) {
                member.setAssignment(emptied(member.assignment()));
            }
        }
        return RequestAction.forward(sync);
    }

    /** A Connect assignment with the same header fields and no connectors, tasks or revocations. */
    static byte[] emptied(byte[] assignment) {
        ByteBuffer buffer = ByteBuffer.wrap(assignment);
        short version = HEADER.read(buffer).getShort("version");
        Schema schema = version == 0 ? ASSIGNMENT_V0 : ASSIGNMENT_V1;
        Struct read = schema.read(buffer);
        Struct empty = new Struct(schema)
                .set("error", read.getShort("error"))
                .set("leader", read.getString("leader"))
                .set("leader-url", read.getString("leader-url"))
                .set("config-offset", read.getLong("config-offset"))
                .set("assignment", new Object[0]);
        if (version != 0) {
            empty.set("revoked", new Object[0]).set("delay", read.getInt("delay"));
        }
        Struct header = new Struct(HEADER).set("version", version);
        ByteBuffer out = ByteBuffer.allocate(header.sizeOf() + empty.sizeOf());
        header.writeTo(out);
        empty.writeTo(out);
        return out.array();
    }
}
