package io.kconform.checks.protocol;

import io.kconform.api.CheckFamily;
import io.kconform.api.context.CheckContext;
import io.kconform.api.outcome.NotApplicableException;
import io.kconform.api.outcome.UnsupportedFeatureException;
import io.kconform.api.target.ApiRange;
import io.kconform.api.wire.ErrorFields;
import io.kconform.api.wire.ErrorFields.ErrorField;
import io.kconform.api.wire.WireClient;
import io.kconform.api.wire.WireException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
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
 * is {@code protocol.apiversions.baseline-coverage}'s finding). Every error code of the answer, at the
 * top level and per group, topic, partition or resource ({@link ErrorFields}), must be one that this
 * very request can produce ({@link SweepAnswers}): otherwise the member FAILS, and UNKNOWN_SERVER_ERROR
 * always does, so that a target answering one error to everything does not pass. UNSUPPORTED_VERSION
 * is a clean refusal of what the API is for, so UNSUPPORTED (Apache Kafka 4.4 itself advertises
 * StreamsGroupTopologyDescriptionUpdate and refuses it so).
 */
class ApiSweepChecks {

    /** Client id of the sweep's connections, so that a target's logs show which requests were the sweep's. */
    static final String CLIENT_ID = "kconform-sweep";

    /** Connecting plus one answer; a minimal request needs no more than a round trip. */
    static final Duration BOUND = Duration.ofSeconds(10);

    /** How many fields carry each code, e.g. {@code {INVALID_GROUP_ID=1, NONE=2}}; "none" for an answer without any. */
    static String counts(List<ErrorField> fields) {
        if (fields.isEmpty()) {
            return "none";
        }
        return fields.stream().collect(Collectors.groupingBy(ErrorField::errorName, TreeMap::new, Collectors.counting()))
                .toString();
    }

    /** The first few fields, and how many more: an answer listing every topic can carry hundreds. */
    private static String describe(List<ErrorField> fields) {
        int shown = Math.min(fields.size(), 5);
        return fields.subList(0, shown).stream().map(ErrorField::toString).collect(Collectors.joining(", "))
                + (fields.size() > shown ? " and " + (fields.size() - shown) + " more" : "");
    }

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
            List<ErrorField> fields = ErrorFields.of(response, sweep.version());
            ctx.evidence("%s: answered in %d ms at v%d, error codes %s", sweep, millis, sweep.version(), counts(fields));
            SweepAnswers.Rule rule = SweepAnswers.standard().rule(sweep.api());
            List<ErrorField> unexpected = SweepAnswers.standard().unexpected(sweep.api(), fields);
            if (!unexpected.isEmpty()) {
                boolean failedToServe = unexpected.stream().anyMatch(f -> f.code() == Errors.UNKNOWN_SERVER_ERROR.code());
                throw new AssertionError(sweep + " answered its minimal request with " + describe(unexpected)
                        + ", which that request cannot"
                        + " produce" + (failedToServe ? " (UNKNOWN_SERVER_ERROR never passes: the target failed on a"
                        + " harmless request)" : "") + "; it may answer " + rule.describeAllowed() + " (" + rule.note()
                        + ")");
            }
            if (fields.stream().anyMatch(f -> f.code() == Errors.UNSUPPORTED_VERSION.code())) {
                // Answered, and cleanly refused: the feature behind the API is not offered (DESIGN.md:
                // a clean refusal is UNSUPPORTED even where the API is advertised).
                throw new UnsupportedFeatureException(sweep + " is advertised (" + advertised.get() + ") but"
                        + " answered UNSUPPORTED_VERSION: the target does not offer what the API is for");
            }
        }
    }
}
