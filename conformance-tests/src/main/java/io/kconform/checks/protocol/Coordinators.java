package io.kconform.checks.protocol;

import io.kconform.api.context.CheckContext;
import io.kconform.api.context.TargetContext;
import io.kconform.api.wire.WireClient;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.FindCoordinatorRequest;
import org.apache.kafka.common.requests.FindCoordinatorResponse;

/**
 * Finds the group or transaction coordinator for a key with a raw FindCoordinator request, asking
 * again (bounded) while the target answers with a retriable error, as it does while it creates and
 * loads its internal topics.
 */
public final class Coordinators {

    private Coordinators() {
    }

    /** A wire client to the coordinator of {@code key}. */
    public static WireClient connect(CheckContext ctx, FindCoordinatorRequest.CoordinatorType type, String key) {
        short version = ctx.target().facts().newestCommonVersion(ApiKeys.FIND_COORDINATOR);
        long deadline = System.nanoTime() + TargetContext.DEFAULT_WAIT.toNanos();
        try (WireClient bootstrap = Wire.toBootstrap(ctx)) {
            while (true) {
                FindCoordinatorRequestData request = new FindCoordinatorRequestData().setKeyType(type.id());
                if (version >= 4) {
                    request.setCoordinatorKeys(List.of(key));
                } else {
                    request.setKey(key);
                }
                FindCoordinatorResponseData data = ((FindCoordinatorResponse) bootstrap.send(
                        new FindCoordinatorRequest.Builder(request), version)).data();
                Errors error;
                Node node;
                if (version >= 4) {
                    FindCoordinatorResponseData.Coordinator c = data.coordinators().get(0);
                    error = Errors.forCode(c.errorCode());
                    node = new Node(c.nodeId(), c.host(), c.port());
                } else {
                    error = Errors.forCode(data.errorCode());
                    node = new Node(data.nodeId(), data.host(), data.port());
                }
                if (error == Errors.NONE) {
                    ctx.evidence("FindCoordinator v%d (%s %s): node %d at %s:%d", version, type, key, node.id(),
                            node.host(), node.port());
                    return Wire.toNode(ctx, node);
                }
                if (!(error.exception() instanceof RetriableException) || System.nanoTime() > deadline) {
                    throw new KafkaException("FindCoordinator v" + version + " (" + type + " " + key + ") answered "
                            + error, error.exception());
                }
                TargetContext.sleep(Duration.ofMillis(200));
            }
        }
    }
}
