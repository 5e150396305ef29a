package io.kconform.report.render;

import static io.kconform.report.ReportFixture.check;
import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.Outcome;
import io.kconform.report.ReportFixture;
import io.kconform.report.model.BaselineComparison;
import io.kconform.report.model.RunReport;
import java.io.StringWriter;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every rendering marks a check whose result changed since the baseline, and only such a check. */
class BaselineMarksTest {

    private static RunReport compared() {
        RunReport before = ReportFixture.run(ReportFixture.target("t").check(check("protocol.a.changed"))
                .check(check("protocol.a.same")).build());
        RunReport now = ReportFixture.run(ReportFixture.target("t").check(check("protocol.a.changed")
                .outcome(Outcome.FAIL).message("wrong")).check(check("protocol.a.same")).build());
        return now.gated(Optional.of(BaselineComparison.of("b.json", "", before, now.targets())), Optional.empty());
    }

    private static String render(ReportFormat format, RunReport run) throws Exception {
        StringWriter out = new StringWriter();
        format.write(run, out);
        return out.toString();
    }

    @Test
    void htmlMarkdownAndJsonMarkTheChangedCheckOnly() throws Exception {
        RunReport run = compared();

        assertThat(render(new HtmlReport(), run)).containsOnlyOnce("since baseline: PASS → FAIL (regression)");
        assertThat(render(new MarkdownReport(), run)).containsOnlyOnce("PASS → FAIL (regression)")
                .contains("**Since the baseline** (1 changed)\n\n- `protocol.a.changed` PASS → FAIL (regression)");
        String json = render(new JsonReport(), run);
        assertThat(json).containsOnlyOnce("\"regression\": true").contains("\"change\": null");
        assertThat(JsonReport.read(new java.io.StringReader(json))).isEqualTo(run);
    }
}
