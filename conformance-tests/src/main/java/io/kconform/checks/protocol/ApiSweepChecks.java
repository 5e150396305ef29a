package io.kconform.checks.protocol;

import io.kconform.api.CheckFamily;
import io.kconform.api.context.CheckContext;
import io.kconform.api.outcome.NotApplicableException;
import io.kconform.api.outcome.UnsupportedFeatureException;
import io.kconform.api.target.ApiRange;
import io.kconform.api.wire.WireClient;
import io.kconform.api.wire.WireException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;

/**
 * The sweep: every API key and version of the baseline that the target advertises gets one minimal
 * request, and must get a response that decodes at that version, carries the request's correlation
 * id, and comes within {@link #BOUND}. Checked by kafka-clients' own network client, which matches
 * correlation ids and decodes at the version it sent.
 *
 * <p>A version the target does not advertise is SKIPPED: it makes no claim there (whether it should
 * is {@code protocol.apiversions.baseline-coverage}'s finding). An error code in the response is an
 * answer; UNSUPPORTED_VERSION is a clean refusal of what the API is for, so UNSUPPORTED (Apache Kafka
 * 4.4 itself advertises StreamsGroupTopologyDescriptionUpdate and refuses it so).
 */
class ApiSweepChecks {

    /** Client id of the sweep's connections, so that a target's logs show which requests were the sweep's. */
    static final String CLIENT_ID = "kconform-sweep";

    /** Connecting plus one answer; a minimal request needs no more than a round trip. */
    static final Duration BOUND = Duration.ofSeconds(10);

    @CheckFamily(ApiSweep.class)
    void sweep(CheckContext ctx, ApiSweep.Case sweep) {
        Optional<ApiRange> advertised = ctx.target().facts().range(sweep.api());
        if (advertised.isEmpty() || !advertised.get().includes(sweep.version())) {
            throw new NotApplicableException("the target does not advertise " + sweep + " (advertised: "
                    + advertised.map(ApiRange::toString).orElse("none") + "), so there is no claim to verify");
        }
        AbstractRequest request = SweepRequests.minimal(sweep.api(), sweep.version(), ctx.uniqueName("sweep"));
        try (WireClient wire = Wire.toBootstrap(ctx, BOUND, CLIENT_ID)) {
            long start = System.nanoTime();
            AbstractResponse response;
            try {
                response = wire.send(SweepRequests.builder(request), sweep.version());
            } catch (WireException | IllegalStateException | org.apache.kafka.common.protocol.types.SchemaException e) {
                // Connected, sent, and then no usable answer: the advertised version is not served.
                throw new AssertionError(sweep + " is advertised (" + advertised.get() + ") but not answered: "
                        + e.getMessage(), e);
            }
            long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
            Map<Errors, Integer> errors = new TreeMap<>(response.errorCounts());
            ctx.evidence("%s: answered in %d ms at v%d, error codes %s", sweep, millis, sweep.version(),
                    errors.isEmpty() ? "none" : errors);
            if (errors.containsKey(Errors.UNSUPPORTED_VERSION)) {
                // Answered, and cleanly refused: the feature behind the API is not offered (DESIGN.md:
                // a clean refusal is UNSUPPORTED even where the API is advertised).
                throw new UnsupportedFeatureException(sweep + " is advertised (" + advertised.get() + ") but"
                        + " answered UNSUPPORTED_VERSION: the target does not offer what the API is for");
            }
        }
    }
}
