package io.kconform.harness.proxy.mutations;

import io.kconform.harness.proxy.Exchange;
import io.kconform.harness.proxy.RequestAction;
import java.util.ArrayList;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.FetchRequest;
import org.apache.kafka.common.requests.FetchResponse;

/**
 * Keeps fetch sessions (KIP-227) wrong, as a target whose session cache is half-built would: the partitions an
 * incremental fetch forgets stay in the session (the broker never sees the removals), and a fetch in a session it
 * does not hold, or at a wrong epoch, is answered NONE with no partitions instead of FETCH_SESSION_ID_NOT_FOUND or
 * INVALID_FETCH_SESSION_EPOCH, so the client never starts over. Full fetches are untouched.
 */
public final class MisstateFetchSessions extends NamedMutation {

    public MisstateFetchSessions() {
        super("MisstateFetchSessions", "ignores partitions forgotten by incremental fetches and answers unknown"
                + " sessions and wrong epochs with an empty success");
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
        FetchRequest fetch = (FetchRequest) request;
        if (fetch.data().forgottenTopicsData().isEmpty()) {
            return RequestAction.forward();
        }
        fetch.data().setForgottenTopicsData(new ArrayList<>());
        return RequestAction.forward(fetch);
    }

    @Override
    public AbstractResponse onResponse(Exchange exchange, AbstractResponse response) {
        FetchResponse fetch = (FetchResponse) response;
        short error = fetch.data().errorCode();
        if (error == Errors.FETCH_SESSION_ID_NOT_FOUND.code() || error == Errors.INVALID_FETCH_SESSION_EPOCH.code()) {
            fetch.data().setErrorCode(Errors.NONE.code()).setResponses(new ArrayList<>());
        }
        return fetch;
    }
}
