package io.kconform.checks.faults;

import org.apache.kafka.common.protocol.ApiKeys;

/**
 * A response the {@link FaultProxy} read from the target and did not return, cutting the client's connection
 * instead (see {@link FaultPlan#loseResponseOf}).
 *
 * @param connection    the proxy's number for the client connection, from 1
 * @param apiKey        the API of the request
 * @param nth           the request's number among the proxy's requests of that API, from 1
 * @param correlationId the request's correlation id
 * @param answer        what the target answered, in short (for Produce: each partition's error and base offset)
 */
public record LostResponse(long connection, ApiKeys apiKey, int nth, int correlationId, String answer) {

    @Override
    public String toString() {
        return apiKey.name + " #" + nth + " (connection " + connection + ", correlation id " + correlationId
                + ", answered " + answer + ")";
    }
}
