package io.kconform.report.browser;

import static io.kconform.report.ReportFixture.check;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.kconform.api.Level;
import io.kconform.api.Outcome;
import io.kconform.report.ReportFixture;
import io.kconform.report.model.Comparison;
import io.kconform.report.model.RunReport;
import io.kconform.report.render.ComparisonReport;
import io.kconform.report.render.HtmlReport;
import io.kconform.report.render.JsonReport;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Rectangle;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * report.html as a person sees it in a real headless Chromium: the verdict line on the first screen, the level
 * ladder and the battery bars drawn, a FAIL's evidence hidden until its fold is opened and shown after, no script
 * error and no request for anything but the page itself. One browser serves every test of the class.
 *
 * <p>Without Debian's Chromium the tests are skipped with the reason, unless {@code KCONFORM_BROWSER_TESTS=required}
 * (set by {@code .ci/run}), where a missing browser fails them.
 */
class ReportInBrowserTest {

    /** A results.json whose report.html's height the height test also prints (a real run's, for the README). */
    private static final String MEASURE_PROPERTY = "kconform.browser.measure";

    @TempDir
    static Path dir;

    private static HeadlessChromium browser;
    private static Path report;

    /** Why the tests are skipped here, or null when the browser is there. */
    private static String skipped;

    @BeforeAll
    static void startTheBrowser() throws IOException {
        Optional<String> missing = HeadlessChromium.missing();
        if (missing.isPresent()) {
            if (HeadlessChromium.required()) {
                fail(missing.get() + " — " + HeadlessChromium.REQUIRED_VARIABLE
                        + "=required here, so the browser tests fail rather than skip");
            }
            // Each test is then reported SKIPPED with this reason (a class-level abort would count no test at all).
            skipped = missing.get();
            System.err.println("ReportInBrowserTest: every test SKIPPED: " + skipped);
            return;
        }
        report = write("report.html", out -> new HtmlReport().write(ReportFixture.realistic(), out));
        browser = HeadlessChromium.start(Files.createDirectories(dir.resolve("chromium-profile")));
    }

    @BeforeEach
    void needsTheBrowser() {
        Assumptions.assumeTrue(skipped == null, () -> skipped);
    }

    @AfterAll
    static void stopTheBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void theVerdictLineIsShownOnTheFirstScreen() {
        browser.open(report);

        WebElement line = driver().findElement(By.cssSelector("#t1-summary #t1-verdict.verdict-line"));
        assertThat(line.isDisplayed()).as("the verdict line is displayed").isTrue();
        Rectangle box = line.getRect();
        assertThat(box.getWidth()).as("the verdict line's rendered width").isPositive();
        assertThat(box.getHeight()).as("the verdict line's rendered height").isPositive();
        assertThat(box.getY() + box.getHeight()).as("the verdict line ends within the first screen")
                .isLessThanOrEqualTo(HeadlessChromium.HEIGHT);
        assertThat(line.getText()).as("the verdict line as shown")
                .contains("MESSAGE BUS") // the role, upper-cased by the style sheet
                .contains("Holds MESSAGING")
                .contains("STORAGE is held back by");
        WebElement unreachable = driver().findElement(By.id("t2-verdict"));
        assertThat(unreachable.isDisplayed()).as("the second target's verdict line is displayed").isTrue();
        assertThat(unreachable.getText()).contains("Not assessed");
    }

    @Test
    void theLadderShowsEveryLevelTopDownWithTheHeldOneMarked() {
        browser.open(report);

        WebElement ladder = driver().findElement(By.cssSelector("svg#t1-ladder.level-ladder"));
        assertThat(ladder.isDisplayed()).as("the ladder is displayed").isTrue();
        List<WebElement> rungs = ladder.findElements(By.cssSelector("g.rung[data-level]"));
        List<String> topDown = new ArrayList<>(Arrays.stream(Level.values()).map(Level::name).toList());
        Collections.reverse(topDown);
        assertThat(rungs).extracting(rung -> rung.getDomAttribute("data-level")).containsExactlyElementsOf(topDown);
        int previousY = Integer.MIN_VALUE;
        for (WebElement rung : rungs) {
            Rectangle box = rung.getRect();
            assertThat(rung.isDisplayed()).as("rung %s displayed", rung.getDomAttribute("data-level")).isTrue();
            assertThat(box.getHeight()).as("rung %s height", rung.getDomAttribute("data-level")).isPositive();
            assertThat(box.getY()).as("rung %s lies below the one above", rung.getDomAttribute("data-level"))
                    .isGreaterThan(previousY);
            previousY = box.getY();
        }
        List<WebElement> held = ladder.findElements(By.cssSelector("g.rung.highest"));
        assertThat(held).extracting(rung -> rung.getDomAttribute("data-level")).containsExactly("MESSAGING");
        assertThat(held.get(0).getText()).as("the held rung as shown").contains("MESSAGING").contains("HELD");
        assertThat(ladder.findElement(By.cssSelector("g.rung[data-level='STORAGE']")).getText())
                .as("the rung held back").contains("STORAGE").doesNotContain("HELD");
    }

    @Test
    void eachBatteryHasABarDrawnAndSplitByOutcome() {
        browser.open(report);

        WebElement bars = driver().findElement(By.cssSelector("svg#t1-bars.battery-bars"));
        assertThat(bars.isDisplayed()).as("the battery bars are displayed").isTrue();
        List<WebElement> batteries = bars.findElements(By.cssSelector("g.bar"));
        assertThat(batteries).extracting(bar -> bar.getDomAttribute("data-battery"))
                .containsExactly("protocol", "groups", "storage", "eos", "connect");
        for (WebElement bar : batteries) {
            for (WebElement segment : bar.findElements(By.cssSelector("rect.segment[data-outcome]"))) {
                assertThat(segment.getRect().getWidth()).as("%s segment %s drawn", bar.getDomAttribute(
                        "data-battery"), segment.getDomAttribute("data-outcome")).isPositive();
            }
        }
        WebElement storage = bars.findElement(By.cssSelector("g.bar[data-battery='storage']"));
        String pass = storage.findElement(By.cssSelector("rect.segment[data-outcome='PASS']")).getCssValue("fill");
        String failed = storage.findElement(By.cssSelector("rect.segment[data-outcome='FAIL']")).getCssValue("fill");
        assertThat(failed).as("a FAIL is painted apart from a PASS").isNotEqualTo(pass);
        assertThat(storage.getText()).contains("3 FAIL");
    }

    @Test
    void aLevelNotHeldShowsItsFailingChecksApartFromTheUnsupportedOnes() {
        browser.open(report);

        WebElement storage = driver().findElement(By.id("t1-held-back-storage"));
        assertThat(storage.isDisplayed()).as("why STORAGE is not held is displayed").isTrue();
        WebElement failed = storage.findElement(By.cssSelector("ul.blockers.fail"));
        assertThat(failed.isDisplayed()).isTrue();
        assertThat(failed.getText()).contains("storage.compaction.latest-value-kept")
                .contains("storage.compaction.tombstone-removed");
    }

    @Test
    void aFailsEvidenceIsHiddenUntilItsFoldIsOpenedAndShownAfter() {
        browser.open(report);

        WebElement row = driver().findElement(By.id("t1-storage.compaction.latest-value-kept"));
        WebElement evidence = row.findElement(By.cssSelector("pre"));
        WebElement fold = row.findElement(By.xpath("ancestor::details[contains(concat(' ', @class, ' '), ' fold ')]"));
        assertThat(evidence.isDisplayed()).as("the evidence before its fold is opened").isFalse();
        assertThat(evidence.getText()).as("the evidence's visible text before unfolding").isEmpty();

        fold.findElement(By.xpath("./summary")).click();

        assertThat(fold.getDomProperty("open")).as("the fold opened by a click").isEqualTo("true");
        assertThat(evidence.isDisplayed()).as("the evidence after its fold is opened").isTrue();
        assertThat(evidence.getRect().getHeight()).as("the evidence's rendered height").isPositive();
        assertThat(evidence.getText()).as("the evidence as shown")
                .isEqualTo("key k1: expected v3, read v1\nlog start offset 0, cleaner never ran");
        // The target's hostile message is shown as text, not run: the <script> in it is not an element.
        assertThat(row.findElement(By.cssSelector(".msg")).getText()).contains("<script>alert(1)</script>");
        assertThat(row.findElements(By.tagName("script"))).isEmpty();
    }

    @Test
    void thePageRunsNoScriptAndRequestsNothingButItselfEvenWithEveryFoldOpen() throws IOException {
        browser.open(report);
        long folded = height();
        openEveryFoldAndScrollToTheEnd();
        long unfolded = height();

        assertThat(browser.requests()).as("the page's own load is seen, so the request log is read")
                .contains(report.toUri().toString());
        assertNothingButThePage(report);
        assertThat(unfolded).as("opening the folds shows what they hid").isGreaterThan(folded);
        System.out.printf("report.html of ReportFixture.realistic() (2 targets, 13 checks), %d px wide: %d px"
                + " folded, %d px with every fold open%n", HeadlessChromium.WIDTH, folded, unfolded);

        String measure = System.getProperty(MEASURE_PROPERTY, "");
        if (!measure.isBlank()) {
            RunReport run = JsonReport.read(Path.of(measure));
            Path page = write("measured.html", out -> new HtmlReport().write(run, out));
            browser.open(page);
            long realFolded = height();
            openEveryFoldAndScrollToTheEnd();
            System.out.printf("report.html of %s (%d targets, %d checks), %d px wide: %d px folded, %d px with"
                    + " every fold open%n", measure, run.targets().size(),
                    run.targets().stream().mapToInt(t -> t.checks().size()).sum(), HeadlessChromium.WIDTH,
                    realFolded, height());
            assertNothingButThePage(page);
        }
    }

    @Test
    void theComparisonPageShowsItsSummaryRowsForEveryTarget() throws IOException {
        RunReport first = ReportFixture.run(ReportFixture.reference());
        RunReport second = ReportFixture.run(ReportFixture.target("kafka-3.9").description("Apache Kafka 3.9.1")
                .check(check("protocol.api-versions.advertised"))
                .check(check("protocol.produce.acks-all").outcome(Outcome.FAIL).message("acks=all lost a record"))
                .build());
        Comparison comparison = Comparison.of(List.of(new Comparison.Source("a/results.json", first, "report.html"),
                new Comparison.Source("b/results.json", second, "")));
        Path page = write(ComparisonReport.HTML, out -> ComparisonReport.html(comparison, "1.2.3", out));
        browser.open(page);

        WebElement summary = driver().findElement(By.cssSelector("table.summary"));
        assertThat(summary.isDisplayed()).as("the comparison's summary is displayed").isTrue();
        assertThat(summary.getRect().getY()).as("the summary starts on the first screen")
                .isLessThan(HeadlessChromium.HEIGHT);
        WebElement levels = summary.findElement(By.xpath(".//tr[th[normalize-space()='Level held']]"));
        assertThat(levels.isDisplayed()).isTrue();
        List<WebElement> cells = levels.findElements(By.tagName("td"));
        assertThat(cells).hasSize(2).allSatisfy(cell -> assertThat(cell.getText()).isNotBlank());
        assertThat(cells.get(0).getText()).contains("MESSAGING");
        assertThat(summary.findElement(By.xpath("./thead")).getText()).contains("kafka-4.4").contains("kafka-3.9");
        openEveryFoldAndScrollToTheEnd();
        assertNothingButThePage(page);
    }

    @Test
    void theBrowserLogsTheseTestsReadDoCatchAScriptErrorAndARequest() throws IOException {
        // Without this, an empty log could mean a log not read: the same reading must see a broken page's faults.
        Path broken = write("broken.html", out -> out.write("<!doctype html><title>broken</title>"
                + "<img alt=\"\" src=\"http://127.0.0.1:9/probe.png\">"
                + "<script>throw new Error('probe: uncaught');</script>"));
        browser.open(broken);

        assertThat(browser.requests()).as("requests of the broken page").contains("http://127.0.0.1:9/probe.png");
        assertThat(browser.consoleEntries()).as("console of the broken page")
                .anySatisfy(entry -> assertThat(entry).contains("probe: uncaught"));
    }

    /** No console entry at all and no request but for the page itself, since it was opened. */
    private static void assertNothingButThePage(Path page) {
        String self = page.toUri().toString();
        assertThat(browser.requests()).as("requests %s made besides itself (it must be self-contained)",
                page.getFileName()).filteredOn(url -> !url.equals(self)).isEmpty();
        assertThat(browser.consoleEntries()).as("console entries of %s (it has no script; any entry is a fault)",
                page.getFileName()).isEmpty();
    }

    private static void openEveryFoldAndScrollToTheEnd() {
        browser.evaluate("document.querySelectorAll('details').forEach(d => d.open = true);"
                + " window.scrollTo(0, document.documentElement.scrollHeight);");
    }

    private static long height() {
        return ((Number) browser.evaluate("return document.documentElement.scrollHeight")).longValue();
    }

    private static WebDriver driver() {
        return browser.driver();
    }

    private interface Rendering {
        void to(Writer out) throws IOException;
    }

    private static Path write(String name, Rendering rendering) throws IOException {
        Path file = dir.resolve(name);
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            rendering.to(out);
        }
        return file;
    }
}
