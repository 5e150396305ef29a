package io.kconform.harness.proxy.mutations;

import io.kconform.harness.proxy.Exchange;
import java.util.Set;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.FetchResponse;
import org.apache.kafka.common.requests.ProduceResponse;

/**
 * Answers one error as another: wherever the broker's answer to a Produce or Fetch carries error
 * {@code from} for a partition, the client sees {@code to}. Rewritten to NONE, it is a target that
 * accepts what it should refuse; rewritten to another code, a target whose error tells clients the
 * wrong thing. The broker's own handling (nothing stored) is unchanged.
 */
public final class RewriteErrorCode extends NamedMutation {

    private static final Set<ApiKeys> SUPPORTED = Set.of(ApiKeys.PRODUCE, ApiKeys.FETCH);

    private final ApiKeys api;
    private final Errors from;
    private final Errors to;

    public RewriteErrorCode(ApiKeys api, Errors from, Errors to) {
        super("RewriteErrorCode[" + api.name + " " + from + "->" + to + "]",
                api.name + " answers " + from + " as " + to);
        if (!SUPPORTED.contains(api)) {
            throw new IllegalArgumentException("error codes of " + api + " cannot be rewritten; only of " + SUPPORTED);
        }
        this.api = api;
        this.from = from;
        this.to = to;
    }

    @Override
    public boolean interceptsResponse(ApiKeys apiKey) {
        return apiKey == api;
    }

    @Override
    public AbstractResponse onResponse(Exchange exchange, AbstractResponse response) {
        if (response instanceof ProduceResponse produce) {
            for (ProduceResponseData.TopicProduceResponse topic : produce.data().responses()) {
                for (ProduceResponseData.PartitionProduceResponse p : topic.partitionResponses()) {
                    if (p.errorCode() == from.code()) {
                        p.setErrorCode(to.code()).setErrorMessage(to == Errors.NONE ? null : to.message());
                        p.recordErrors().clear();
                    }
                }
            }
        } else if (response instanceof FetchResponse fetch) {
            for (FetchResponseData.FetchableTopicResponse topic : fetch.data().responses()) {
                for (FetchResponseData.PartitionData p : topic.partitions()) {
                    if (p.errorCode() == from.code()) {
                        p.setErrorCode(to.code());
                    }
                }
            }
        }
        return response;
    }
}
