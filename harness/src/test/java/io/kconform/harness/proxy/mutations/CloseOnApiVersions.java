package io.kconform.harness.proxy.mutations;

import io.kconform.harness.proxy.Exchange;
import io.kconform.harness.proxy.RawAction;
import io.kconform.harness.proxy.RequestAction;
import io.kconform.harness.proxy.Undecodable;
import java.nio.ByteBuffer;
import java.util.Optional;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * Closes the connection on an ApiVersions request it cannot parse, instead of answering
 * UNSUPPORTED_VERSION with its range as KIP-511 requires: what endpoints were seen to do with the
 * ApiVersions current Java clients send. Every other request, and ApiVersions it can parse, reaches
 * the broker.
 * <ul>
 *   <li>{@link #fromVersion}: ApiVersions at that version or above, known to this proxy or newer;</li>
 *   <li>{@link #withClusterId}: ApiVersions v5 or above whose ClusterId is set, as Java clients 4.4 send
 *       it on connecting to a broker of a cluster they know; with ClusterId null it is answered. A request
 *       newer than this proxy knows is read as the newest it knows, as such an endpoint would.</li>
 * </ul>
 */
public final class CloseOnApiVersions extends NamedMutation {

    private final short minVersion;
    private final boolean onlyWithClusterId;

    private CloseOnApiVersions(short minVersion, boolean onlyWithClusterId, String name, String description) {
        super(name, description);
        this.minVersion = minVersion;
        this.onlyWithClusterId = onlyWithClusterId;
    }

    /** Closes the connection on ApiVersions at {@code minVersion} or above. */
    public static CloseOnApiVersions fromVersion(short minVersion) {
        return new CloseOnApiVersions(minVersion, false, "CloseOnApiVersions[v" + minVersion + "+]",
                "closes the connection on ApiVersions v" + minVersion + " and above instead of refusing it");
    }

    /** Closes the connection on ApiVersions whose ClusterId is set; a null ClusterId is answered. */
    public static CloseOnApiVersions withClusterId() {
        return new CloseOnApiVersions((short) 0, true, "CloseOnApiVersions[ClusterId]",
                "closes the connection on ApiVersions with ClusterId set");
    }

    @Override
    public boolean interceptsRequest(ApiKeys apiKey) {
        return apiKey == ApiKeys.API_VERSIONS;
    }

    @Override
    public RequestAction onRequest(Exchange exchange, AbstractRequest request) {
        return closes(exchange.apiVersion(), ((ApiVersionsRequest) request).data()) ? RequestAction.close()
                : RequestAction.forward();
    }

    @Override
    public RawAction onUndecodable(Undecodable input) {
        if (input.reason() != Undecodable.Reason.UNKNOWN_VERSION
                || input.apiKey().filter(k -> k == ApiKeys.API_VERSIONS.id).isEmpty()) {
            return RawAction.pass();
        }
        short version = input.apiVersion().orElseThrow();
        Optional<ApiVersionsRequestData> body = onlyWithClusterId ? readAsNewest(input.frame().orElseThrow())
                : Optional.of(new ApiVersionsRequestData());
        // an undecodable body is left to the broker, which refuses the version properly
        return body.filter(b -> closes(version, b)).isPresent() ? RawAction.close() : RawAction.pass();
    }

    private boolean closes(short version, ApiVersionsRequestData body) {
        return version >= minVersion && (!onlyWithClusterId || body.clusterId() != null);
    }

    /** The body of a request newer than this proxy knows, read as the newest ApiVersions it knows. */
    private static Optional<ApiVersionsRequestData> readAsNewest(ByteBuffer frame) {
        ByteBuffer copy = ByteBuffer.allocate(frame.remaining()).put(frame.duplicate());
        copy.flip();
        short newest = ApiKeys.API_VERSIONS.latestVersion();
        copy.putShort(2, newest);
        try {
            RequestHeader.parse(copy);
            return Optional.of(new ApiVersionsRequestData(new ByteBufferAccessor(copy), newest));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
