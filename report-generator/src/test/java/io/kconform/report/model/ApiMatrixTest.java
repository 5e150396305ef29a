package io.kconform.report.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.Battery;
import io.kconform.api.CheckDescriptor;
import io.kconform.api.Level;
import io.kconform.api.Outcome;
import io.kconform.api.Strength;
import io.kconform.api.baseline.ApiBaseline;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ApiMatrixTest {

    private static final ApiBaseline BASELINE = ApiBaseline.parse(List.of(
            "0\tProduce\t3\t13", "1\tFetch\t4\t18", "3\tMetadata\t0\t13", "21\tDeleteRecords\t0\t2"));

    @Test
    void relatesEveryKeyToTheBaselineAndCarriesTheSweepPerVersion() {
        Map<String, String> advertised = new LinkedHashMap<>();
        advertised.put("Produce", "3-13");
        advertised.put("Fetch", "4-12");
        advertised.put("Metadata", "0-14");
        advertised.put("key-999", "0-1");
        List<CheckResult> checks = List.of(
                result("protocol.sweep.fetch.v12", Outcome.PASS, true),
                result("protocol.sweep.fetch.v4", Outcome.FAIL, true),
                result("protocol.sweep.fetch.v13", Outcome.SKIPPED, true),
                result("protocol.sweep.produce.v13", Outcome.SKIPPED, false),
                result("protocol.apiversions.answered", Outcome.PASS, true));
        TargetReport target = new TargetReport("t", "external", "", "", "", List.of(), advertised, Map.of(), "p",
                Optional.empty(), null, checks, Duration.ZERO);

        List<ApiMatrix.Row> rows = ApiMatrix.of(target, BASELINE).rows();

        assertThat(rows).extracting(ApiMatrix.Row::name).containsExactly("Produce", "Fetch", "Metadata",
                "DeleteRecords", "key-999");
        assertThat(rows).extracting(ApiMatrix.Row::status).containsExactly(ApiMatrix.Status.SAME,
                ApiMatrix.Status.BEHIND, ApiMatrix.Status.AHEAD, ApiMatrix.Status.MISSING, ApiMatrix.Status.EXTRA);
        ApiMatrix.Row fetch = rows.get(1);
        assertThat(fetch.baseline()).isEqualTo("4-18");
        assertThat(fetch.target()).isEqualTo("4-12");
        assertThat(fetch.sweep()).extracting(ApiMatrix.Cell::version).containsExactly((short) 4, (short) 12, (short) 13);
        assertThat(fetch.sweep()).extracting(ApiMatrix.Cell::outcome).containsExactly(Outcome.FAIL, Outcome.PASS,
                Outcome.SKIPPED);
        assertThat(rows.get(0).sweep()).singleElement().satisfies(c -> assertThat(c.selected()).isFalse());
        assertThat(rows.get(3).target()).isEmpty();
        assertThat(rows.get(4).baseline()).isEmpty();
    }

    private static CheckResult result(String id, Outcome outcome, boolean selected) {
        CheckDescriptor check = new CheckDescriptor(id, "title", Battery.PROTOCOL, Level.INGEST, Strength.MUST,
                List.of(), "hint", List.of(), List.of(), "C", "m");
        return selected ? CheckResult.ran(check, outcome, Duration.ZERO, "", List.of()) : CheckResult.notSelected(check);
    }
}
