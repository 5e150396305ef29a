package io.kconform.harness.proxy.mutations;

import io.kconform.harness.proxy.RawAction;
import io.kconform.harness.proxy.Undecodable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * A server that one bad frame takes down: malformed input (a broken frame, an unknown API key, a header
 * or ApiVersions body that does not parse) closes its connection, as Apache Kafka does, and from then on
 * every new connection is closed at once. Connections open before stay served. Thread-safe.
 */
public final class RefuseAfterMalformed extends NamedMutation {

    private final AtomicBoolean down = new AtomicBoolean();

    public RefuseAfterMalformed() {
        super("RefuseAfterMalformed", "after the first malformed input, no new connection is served");
    }

    @Override
    public boolean interceptsRequest(ApiKeys apiKey) {
        return apiKey == ApiKeys.API_VERSIONS;
    }

    @Override
    public RawAction onUndecodable(Undecodable input) {
        if (!input.reason().malformed()) {
            return RawAction.pass();
        }
        down.set(true);
        return RawAction.close();
    }

    @Override
    public boolean servesNewConnection() {
        return !down.get();
    }
}
