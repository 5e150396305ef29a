package io.kconform.harness.proxy.mutations;

import io.kconform.harness.proxy.Exchange;
import io.kconform.harness.proxy.RequestAction;
import java.util.List;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.common.message.ShareAcknowledgeRequestData;
import org.apache.kafka.common.message.ShareFetchRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.ShareAcknowledgeRequest;
import org.apache.kafka.common.requests.ShareFetchRequest;

/**
 * A share-group broker (KIP-932) that takes one acknowledgement type for another: every acknowledgement of type
 * {@code from} a member sends, in ShareFetch (piggybacked) or ShareAcknowledge, reaches the broker as {@code to}.
 * REJECT taken as RELEASE redelivers a poison record; RELEASE taken as ACCEPT loses the record a member gave back.
 * The member is told its acknowledgement succeeded; other types are untouched.
 */
public final class ShareAcknowledgementRewrite extends NamedMutation {

    private final byte from;
    private final byte to;

    public ShareAcknowledgementRewrite(AcknowledgeType from, AcknowledgeType to) {
        super("ShareAcknowledgementRewrite[" + from + "=" + to + "]", "share-group acknowledgements of type " + from
                + " are applied as " + to);
        this.from = from.id;
        this.to = to.id;
    }

    @Override
    public boolean interceptsRequest(ApiKeys apiKey) {
        return apiKey == ApiKeys.SHARE_FETCH || apiKey == ApiKeys.SHARE_ACKNOWLEDGE;
    }

    @Override
    public RequestAction onRequest(Exchange exchange, AbstractRequest request) {
        boolean changed = false;
        if (request instanceof ShareFetchRequest fetch) {
            for (ShareFetchRequestData.FetchTopic topic : fetch.data().topics()) {
                for (ShareFetchRequestData.FetchPartition partition : topic.partitions()) {
                    for (ShareFetchRequestData.AcknowledgementBatch batch : partition.acknowledgementBatches()) {
                        changed |= rewrite(batch.acknowledgeTypes());
                    }
                }
            }
        } else {
            ShareAcknowledgeRequest acknowledge = (ShareAcknowledgeRequest) request;
            for (ShareAcknowledgeRequestData.AcknowledgeTopic topic : acknowledge.data().topics()) {
                for (ShareAcknowledgeRequestData.AcknowledgePartition partition : topic.partitions()) {
                    for (ShareAcknowledgeRequestData.AcknowledgementBatch batch : partition.acknowledgementBatches()) {
                        changed |= rewrite(batch.acknowledgeTypes());
                    }
                }
            }
        }
        return changed ? RequestAction.forward(request) : RequestAction.forward();
    }

    /** Rewrites the types of one batch in place (one type for the whole range, or one per offset). */
    private boolean rewrite(List<Byte> types) {
        boolean changed = false;
        for (int i = 0; i < types.size(); i++) {
            if (types.get(i) == from) {
                types.set(i, to);
                changed = true;
            }
        }
        return changed;
    }
}
