package io.kconform.harness.proxy.mutations;

import io.kconform.harness.proxy.Exchange;
import io.kconform.harness.proxy.RequestAction;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.ProduceRequest;

/**
 * Turns every acks=all Produce request into acks=1 before the broker sees it: the target then
 * acknowledges a write as soon as the partition leader has it, before any follower does, while the
 * client believes every in-sync replica has it. A leader that dies right after acknowledging loses
 * those writes; the classic way an implementation breaks acks=all.
 */
public final class AcksLeaderOnly extends NamedMutation {

    public AcksLeaderOnly() {
        super("AcksLeaderOnly", "acknowledges acks=all writes once the leader alone has them: a leader's death loses them");
    }

    @Override
    public boolean interceptsRequest(ApiKeys apiKey) {
        return apiKey == ApiKeys.PRODUCE;
    }

    @Override
    public RequestAction onRequest(Exchange exchange, AbstractRequest request) {
        ProduceRequest produce = (ProduceRequest) request;
        if (produce.data().acks() != -1) {
            return RequestAction.forward();
        }
        produce.data().setAcks((short) 1);
        return RequestAction.forward(produce);
    }
}
