package io.kconform.checks.protocol;

import static org.assertj.core.api.Assertions.fail;

import io.kconform.api.baseline.ApiBaseline;
import io.kconform.api.Battery;
import io.kconform.api.Check;
import io.kconform.api.Level;
import io.kconform.api.Strength;
import io.kconform.api.context.CheckContext;
import io.kconform.api.outcome.UnsupportedFeatureException;
import io.kconform.api.target.ApiRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * What the target advertises compared with what clients need: the Apache Kafka 4.4 baseline (are
 * APIs or newer versions missing?) and the floor of today's Java clients (can a Kafka 4.x client talk
 * to it at all?). Both read the ranges the harness's probe found with the newest ApiVersions.
 */
class ApiBaselineChecks {

    /**
     * Every API key Apache Kafka 4.4.0 advertises on its client listener must be advertised up to at
     * least the same max version. A missing key or an older max is a gap, not a wrong behaviour:
     * UNSUPPORTED with the list. A key of the baseline advertised with a range that holds no version
     * (min above max, as Kroxylicious 0.12 answers for APIs it cannot pass on) is claimed and unusable:
     * FAIL, whatever else is missing, because its max version alone would pass for coverage. Keys and
     * versions beyond the baseline, and raised minimum versions, are shown as evidence only.
     */
    @Check(id = "protocol.apiversions.baseline-coverage",
            title = "Every API key of the Apache Kafka 4.4 client listener is advertised up to its 4.4 version",
            battery = Battery.PROTOCOL, level = Level.INGEST, strength = Strength.SHOULD,
            spec = {"KIP-35", "KIP-511", "Kafka protocol guide: API keys"},
            hint = "The evidence lists the keys that are missing and those advertised below the 4.4 max version;"
                    + " each is a feature (an API) or newer fields of it (a version) that 4.4 clients will not get."
                    + " A key listed with min above max is a malformed answer: leave out an API you cannot serve.")
    void baselineCoverage(CheckContext ctx) {
        ApiBaseline baseline = ApiBaseline.kafka44();
        Map<Integer, ApiRange> advertised = ctx.target().facts().apiVersions();
        ApiBaseline.Comparison comparison = baseline.compare(advertised);
        ctx.evidence("baseline: %d API keys of Apache Kafka 4.4.0; target advertises %d API keys",
                baseline.entries().size(), advertised.size());
        ctx.evidence("missing (%d): %s", comparison.missing().size(), listOrNone(comparison.missing()));
        ctx.evidence("behind (%d): %s", comparison.behind().size(), listOrNone(comparison.behind()));
        ctx.evidence("ahead (%d): %s", comparison.ahead().size(), listOrNone(comparison.ahead()));
        ctx.evidence("min version raised (%d): %s", comparison.floorRaised().size(),
                listOrNone(comparison.floorRaised()));
        ctx.evidence("not in the baseline (%d): %s", comparison.extra().size(), listOrNone(comparison.extra()));
        ctx.evidence("advertised with a range that holds no version (%d): %s", comparison.malformed().size(),
                listOrNone(comparison.malformed()));
        if (!comparison.malformed().isEmpty()) {
            fail("%d API key(s) of the baseline are advertised with a range that holds no version (min above max or"
                    + " negative), a malformed ApiVersions answer: %s", comparison.malformed().size(),
                    String.join(", ", comparison.malformed()));
        }
        if (!comparison.covers()) {
            List<String> gaps = new ArrayList<>();
            if (!comparison.missing().isEmpty()) {
                gaps.add(comparison.missing().size() + " API keys missing: " + String.join(", ", comparison.missing()));
            }
            if (!comparison.behind().isEmpty()) {
                gaps.add(comparison.behind().size() + " behind: " + String.join(", ", comparison.behind()));
            }
            throw new UnsupportedFeatureException("behind the Apache Kafka 4.4 baseline: " + String.join("; ", gaps));
        }
    }

    /**
     * Every client-facing API the target advertises must overlap the versions Kafka 4.x Java clients
     * speak (KIP-896 removed the oldest ones from the clients in 4.0). When it does not, the client
     * refuses to send the request at all ({@code UnsupportedVersionException}): today's clients cannot
     * use the target for that API.
     *
     * <p>The outcome is UNSUPPORTED, not FAIL: the target describes itself truthfully, it just offers
     * only versions from before the Kafka 2.1 baseline of KIP-896, so it does not offer what current
     * clients need. Nothing is accepted and then mishandled, which is what FAIL means. Being a MUST
     * check, the UNSUPPORTED still withholds the INGEST level, which says plainly what the architect
     * needs to know: current Kafka clients cannot produce to it.
     *
     * <p>A client-facing API advertised with a range that holds no version (min above max, or negative)
     * is a FAIL: the target claims the API and describes it in a way no client can use, which is not a
     * truthful description of older versions but a malformed answer.
     */
    @Check(id = "protocol.apiversions.modern-client-floor",
            title = "Every client-facing API advertised overlaps the versions Kafka 4.x Java clients speak",
            battery = Battery.PROTOCOL, level = Level.INGEST, strength = Strength.MUST,
            spec = {"KIP-896", "KIP-35"},
            hint = "Kafka 4.0 clients dropped Produce v0-2, Fetch v0-3, ListOffsets v0, OffsetCommit v0-1,"
                    + " OffsetFetch v0 and more (KIP-896); the target must advertise at least one version each"
                    + " side knows for every API in the evidence, in a range with min not above max.")
    void modernClientFloor(CheckContext ctx) {
        Map<Integer, ApiRange> advertised = ctx.target().facts().apiVersions();
        List<String> checked = new ArrayList<>();
        for (ApiKeys api : ClientFloor.CLIENT_APIS) {
            ApiRange range = advertised.get((int) api.id);
            if (range != null) {
                checked.add(api.name + " v" + range + " (client v" + ClientFloor.clientRange(api) + ")");
            }
        }
        ctx.evidence("client-facing APIs advertised (%d of %d): %s", checked.size(), ClientFloor.CLIENT_APIS.size(),
                String.join(", ", checked));
        List<ClientFloor.Violation> malformed = ClientFloor.malformed(advertised);
        if (!malformed.isEmpty()) {
            List<String> lines = malformed.stream().map(ClientFloor.Violation::describe).toList();
            lines.forEach(line -> ctx.evidence("a range that holds no version: %s", line));
            fail("%d client-facing API(s) are advertised with a range that holds no version (min above max or"
                    + " negative), a malformed ApiVersions answer no client can use: %s", malformed.size(),
                    String.join("; ", lines));
        }
        List<ClientFloor.Violation> violations = ClientFloor.violations(advertised);
        if (!violations.isEmpty()) {
            List<String> lines = violations.stream().map(ClientFloor.Violation::describe).toList();
            lines.forEach(line -> ctx.evidence("unusable by Kafka 4.x clients: %s", line));
            throw new UnsupportedFeatureException("Kafka 4.x Java clients cannot use " + violations.size()
                    + " advertised API(s): no advertised version is one they speak (KIP-896): "
                    + String.join("; ", lines));
        }
    }

    private static String listOrNone(List<String> items) {
        return items.isEmpty() ? "none" : String.join(", ", items);
    }
}
