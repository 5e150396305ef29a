package io.kconform.harness.proxy.mutations;

import io.kconform.harness.proxy.Exchange;

/**
 * Answers the requests of one client id with the broker's response under a wrong correlation id, as
 * a server that mixes up its in-flight requests would. Scoped to one client id so that the target
 * stays reachable for everything else (the probe, other checks): a control built with it shows that
 * the checks sending as that client detect the fault, API by API and version by version.
 */
public final class WrongCorrelationId extends NamedMutation {

    /** Added to the right id: far from any id a client has in flight. */
    private static final int OFFSET = 1_000_000;

    private final String clientId;

    public WrongCorrelationId(String clientId) {
        super("WrongCorrelationId[" + clientId + "]", "responses to client " + clientId
                + " carry a correlation id no request had");
        this.clientId = clientId;
    }

    @Override
    public int responseCorrelationId(Exchange exchange, int correlationId) {
        return clientId.equals(exchange.header().clientId()) ? correlationId + OFFSET : correlationId;
    }
}
