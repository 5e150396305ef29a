package io.kconform.harness.proxy;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * One request and, later, its response on one client connection, as mutations see them.
 *
 * <p>Whatever a mutation {@linkplain #attach attaches} while handling the request is there when it
 * handles the response: that is how a mutation that removes part of a request puts the missing part
 * back into the answer.
 */
public final class Exchange {

    private final long connectionId;
    private final RequestHeader header;
    private final TopicNames topicNames;
    private final Map<Object, Object> attachments = new ConcurrentHashMap<>();
    private volatile AbstractRequest request;

    Exchange(long connectionId, RequestHeader header, TopicNames topicNames) {
        this.connectionId = connectionId;
        this.header = header;
        this.topicNames = topicNames;
    }

    /** Numbers the proxy's client connections from 1, in the order they were accepted. */
    public long connectionId() {
        return connectionId;
    }

    public RequestHeader header() {
        return header;
    }

    public ApiKeys apiKey() {
        return header.apiKey();
    }

    public short apiVersion() {
        return header.apiVersion();
    }

    /** The request as forwarded, where the proxy decoded it (that is, where some mutation intercepts it). */
    public Optional<AbstractRequest> request() {
        return Optional.ofNullable(request);
    }

    void request(AbstractRequest request) {
        this.request = request;
    }

    /**
     * The name of a topic, as learnt from the Metadata responses that went through this proxy;
     * Fetch and Produce name topics by id only from versions 13 on.
     */
    public Optional<String> topicName(Uuid topicId) {
        return topicNames.name(topicId);
    }

    public void attach(Object key, Object value) {
        attachments.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
    }

    public <T> Optional<T> attachment(Object key, Class<T> type) {
        return Optional.ofNullable(attachments.get(key)).map(type::cast);
    }

    @Override
    public String toString() {
        return header.apiKey().name + " v" + header.apiVersion() + " #" + header.correlationId()
                + " on connection " + connectionId;
    }
}
