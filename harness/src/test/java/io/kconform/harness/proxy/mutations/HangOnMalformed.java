package io.kconform.harness.proxy.mutations;

import io.kconform.harness.proxy.RawAction;
import io.kconform.harness.proxy.Undecodable;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * A server stuck on bad input: on a broken frame, an unknown API key, or a header or ApiVersions body
 * that does not parse, the connection stays open and nothing is answered. ApiVersions requests are
 * decoded so that a body of garbage is noticed; a version newer than the proxy knows is not malformed
 * and passes as usual.
 */
public final class HangOnMalformed extends NamedMutation {

    public HangOnMalformed() {
        super("HangOnMalformed", "malformed input leaves the connection open and unanswered");
    }

    @Override
    public boolean interceptsRequest(ApiKeys apiKey) {
        return apiKey == ApiKeys.API_VERSIONS;
    }

    @Override
    public RawAction onUndecodable(Undecodable input) {
        return input.reason().malformed() ? RawAction.hang() : RawAction.pass();
    }
}
