package io.kconform.report.model;

import static io.kconform.report.ReportFixture.check;
import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.Battery;
import io.kconform.api.Level;
import io.kconform.api.Outcome;
import io.kconform.api.Strength;
import io.kconform.report.ReportFixture;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ComparisonTest {

    private static TargetReport target(String name, ReportFixture.CheckBuilder... checks) {
        ReportFixture.TargetBuilder builder = ReportFixture.target(name);
        for (ReportFixture.CheckBuilder check : checks) {
            builder.check(check);
        }
        return builder.build();
    }

    /** A run of the given kconform version, its check list the digest of its first target's checks. */
    private static RunReport run(String toolVersion, TargetReport... targets) {
        RunReport plain = ReportFixture.run(targets);
        return new RunReport(plain.schemaVersion(), plain.tool(), toolVersion, plain.baseline(), plain.startedAt(),
                plain.finishedAt(), plain.selection(), plain.targets(), plain.checkList(), Optional.empty(),
                Optional.empty());
    }

    private static Comparison.Source source(String file, RunReport run) {
        return new Comparison.Source(file, run, "");
    }

    private static List<String> ids(Comparison comparison) {
        return comparison.rows().stream().map(Comparison.Row::id).toList();
    }

    private static List<Comparison.Result> results(Comparison comparison, String id) {
        return comparison.rows().stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow().cells().stream()
                .map(Comparison.Cell::result).toList();
    }

    @Test
    void rowsThatDifferComeFirstTheWorstFirstThenPartialThenTheSame() {
        RunReport run = run("1.0", target("a", check("protocol.a.same"), check("protocol.a.skip-vs-pass"),
                        check("protocol.a.only-a"), check("protocol.a.fail-vs-pass"), check("protocol.a.nobody").notSelected()),
                target("b", check("protocol.a.same"), check("protocol.a.skip-vs-pass").outcome(Outcome.SKIPPED),
                        check("protocol.a.only-a").notSelected(), check("protocol.a.fail-vs-pass").outcome(Outcome.FAIL),
                        check("protocol.a.nobody").notSelected()));

        Comparison comparison = Comparison.of(List.of(source("results.json", run)));

        assertThat(ids(comparison)).containsExactly("protocol.a.fail-vs-pass", "protocol.a.skip-vs-pass",
                "protocol.a.only-a", "protocol.a.same");
        assertThat(comparison.rows()).extracting(Comparison.Row::kind).containsExactly(Comparison.Row.Kind.DIFFERENT,
                Comparison.Row.Kind.DIFFERENT, Comparison.Row.Kind.PARTIAL, Comparison.Row.Kind.SAME);
        assertThat(results(comparison, "protocol.a.only-a")).containsExactly(Comparison.Result.PASS,
                Comparison.Result.NOT_SELECTED);
        assertThat(comparison.leftOut()).as("selected by no column").isEqualTo(1);
        assertThat(comparison.checkLists().same()).isTrue();
        assertThat(comparison.columns()).extracting(Comparison.Column::label).containsExactly("a", "b");
    }

    @Test
    void filtersKeepRowsByBatteryLevelOutcomeAndDifferenceButNeverDropColumns() {
        RunReport run = run("1.0",
                target("a", check("protocol.x.fails").outcome(Outcome.FAIL), check("groups.x.same").level(Level.MESSAGING),
                        check("storage.x.differs").level(Level.STORAGE), check("storage.x.same").level(Level.STORAGE)),
                target("b", check("protocol.x.fails"), check("groups.x.same").level(Level.MESSAGING),
                        check("storage.x.differs").level(Level.STORAGE).outcome(Outcome.UNSUPPORTED),
                        check("storage.x.same").level(Level.STORAGE)));
        Comparison all = Comparison.of(List.of(source("r.json", run)));

        Comparison storage = all.filtered(new Comparison.Filter(Set.of(Battery.STORAGE), Set.of(), Set.of(), false));
        assertThat(ids(storage)).containsExactly("storage.x.differs", "storage.x.same");
        assertThat(storage.filteredOut()).isEqualTo(2);
        assertThat(storage.columns()).hasSize(2);

        assertThat(ids(all.filtered(new Comparison.Filter(Set.of(), Set.of(Level.MESSAGING), Set.of(), false))))
                .containsExactly("groups.x.same");
        assertThat(ids(all.filtered(new Comparison.Filter(Set.of(), Set.of(), Set.of(Comparison.Result.FAIL), false))))
                .containsExactly("protocol.x.fails");
        assertThat(ids(all.filtered(new Comparison.Filter(Set.of(), Set.of(), Set.of(), true))))
                .containsExactly("protocol.x.fails", "storage.x.differs");
        Comparison.Filter combined = new Comparison.Filter(Set.of(Battery.STORAGE), Set.of(), Set.of(), true);
        assertThat(ids(all.filtered(combined))).containsExactly("storage.x.differs");
        assertThat(combined.describe()).isEqualTo("battery storage; only differences");
        assertThat(Comparison.Filter.NONE.describe()).isEmpty();
    }

    @Test
    void checkListsOfDifferentSuiteVersionsSayWhichChecksAreInSomeOnlyAndWhichChanged() {
        RunReport older = run("0.9", target("kafka-4.4", check("protocol.a.kept"), check("protocol.a.removed"),
                check("protocol.a.moved").strength(Strength.SHOULD)));
        RunReport newer = run("1.0", target("kafka-4.4", check("protocol.a.kept"), check("protocol.a.added"),
                check("protocol.a.moved")));
        assertThat(older.checkList().sha256()).isNotEqualTo(newer.checkList().sha256());

        Comparison comparison = Comparison.of(List.of(source("monday.json", older), source("tuesday.json", newer)));

        assertThat(comparison.checkLists().same()).isFalse();
        assertThat(comparison.checkLists().onlyIn()).containsExactly(
                java.util.Map.entry("protocol.a.removed", List.of(1)), java.util.Map.entry("protocol.a.added", List.of(2)));
        assertThat(comparison.checkLists().redefined()).containsOnlyKeys("protocol.a.moved");
        assertThat(comparison.checkLists().redefined().get("protocol.a.moved"))
                .containsExactly("INGEST/SHOULD", "INGEST/MUST");
        assertThat(results(comparison, "protocol.a.removed")).containsExactly(Comparison.Result.PASS,
                Comparison.Result.NOT_IN_SUITE);
        assertThat(results(comparison, "protocol.a.added")).containsExactly(Comparison.Result.NOT_IN_SUITE,
                Comparison.Result.PASS);
        assertThat(comparison.rows(Comparison.Row.Kind.PARTIAL)).extracting(Comparison.Row::id)
                .containsExactlyInAnyOrder("protocol.a.removed", "protocol.a.added");
        assertThat(comparison.columns()).extracting(Comparison.Column::label, Comparison.Column::toolVersion)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("kafka-4.4 (monday.json)", "0.9"),
                        org.assertj.core.groups.Tuple.tuple("kafka-4.4 (tuesday.json)", "1.0"));
    }

    @Test
    void aFileOfAnOlderWriterWithoutACheckListIsComparedByIdAndSaidSo() {
        RunReport known = run("1.0", target("a", check("protocol.a.one")));
        RunReport plain = run("0.8", target("b", check("protocol.a.one")));
        RunReport unknown = new RunReport(plain.schemaVersion(), plain.tool(), plain.toolVersion(), plain.baseline(),
                plain.startedAt(), plain.finishedAt(), plain.selection(), plain.targets(), CheckList.UNKNOWN,
                Optional.empty(), Optional.empty());

        Comparison comparison = Comparison.of(List.of(source("new.json", known), source("old.json", unknown)));

        assertThat(comparison.checkLists().same()).isFalse();
        assertThat(comparison.checkLists().unknown()).containsExactly("old.json");
        assertThat(comparison.checkLists().onlyIn()).isEmpty();
        assertThat(comparison.rows()).singleElement().extracting(Comparison.Row::kind).isEqualTo(Comparison.Row.Kind.SAME);
    }

    @Test
    void aTargetNotReachedInOneFileHasNoOutcomeAndMakesNoRowDiffer() {
        RunReport today = run("1.0", target("kafka-4.4", check("protocol.a.one"), check("protocol.a.two").outcome(Outcome.FAIL)));
        RunReport yesterday = run("1.0", ReportFixture.unreachable());

        Comparison comparison = Comparison.of(List.of(source("today.json", today), source("yesterday.json", yesterday)));

        assertThat(comparison.columns()).extracting(Comparison.Column::reached).containsExactly(true, false);
        assertThat(results(comparison, "protocol.a.two")).containsExactly(Comparison.Result.FAIL,
                Comparison.Result.NOT_REACHED);
        assertThat(comparison.rows()).extracting(Comparison.Row::kind).containsOnly(Comparison.Row.Kind.PARTIAL);
        assertThat(comparison.checkLists().same()).as("an unreached target's empty list is not a difference").isTrue();
        assertThat(comparison.checkLists().onlyIn()).isEmpty();
    }

    @Test
    void aSweepRowThatDiffersOnlyInWhatIsAdvertisedIsCondensed() {
        RunReport run = run("1.0",
                target("a", check("protocol.sweep.fetch.v18"), check("protocol.sweep.produce.v13")),
                target("b", check("protocol.sweep.fetch.v18").outcome(Outcome.SKIPPED),
                        check("protocol.sweep.produce.v13").outcome(Outcome.FAIL)));

        Comparison comparison = Comparison.of(List.of(source("r.json", run)));

        assertThat(comparison.rows()).extracting(Comparison.Row::id, Comparison.Row::condensed).containsExactly(
                org.assertj.core.groups.Tuple.tuple("protocol.sweep.produce.v13", false),
                org.assertj.core.groups.Tuple.tuple("protocol.sweep.fetch.v18", true));
    }

    @Test
    void outcomesParseAsTheCommandLineWritesThem() {
        assertThat(Comparison.Result.parse("not-selected")).isEqualTo(Comparison.Result.NOT_SELECTED);
        assertThat(Comparison.Result.parse("FAIL")).isEqualTo(Comparison.Result.FAIL);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Comparison.Result.parse("failed"))
                .hasMessageContaining("unknown outcome 'failed'").hasMessageContaining("not-in-suite");
    }
}
