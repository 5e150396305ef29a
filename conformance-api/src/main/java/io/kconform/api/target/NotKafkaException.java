package io.kconform.api.target;

/**
 * The target's address accepted a connection, and what answered there does not speak Kafka: it sent
 * bytes that are not a Kafka response, closed the connection instead of answering ApiVersions, or stayed
 * silent. The message says, in plain words, what the endpoint did; it is the target's failure, not the
 * harness's, and not a network that could not reach it.
 */
public class NotKafkaException extends UnreachableTargetException {
    private static final long serialVersionUID = 1L;

    public NotKafkaException(String message) {
        super(message);
    }
}
