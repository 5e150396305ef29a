package io.kconform.report.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kconform.report.ReportFixture;
import io.kconform.report.model.RunReport;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {

    private final RunReport report = ReportFixture.realistic();

    @Test
    void writesEveryFormatIntoANewDirectory(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("reports/run-1");

        List<Path> written = new ReportWriter().writeAll(report, dir);

        assertThat(written).extracting(p -> p.getFileName().toString())
                .containsExactly("results.json", "report.html", "junit.xml", "report.md", "badge-kafka-4.4.svg",
                        "badge-vendor-x.svg");
        assertThat(written).allSatisfy(file -> assertThat(file).isRegularFile().isNotEmptyFile().hasParent(dir));
        assertThat(JsonReport.read(dir.resolve("results.json"))).isEqualTo(report);
        assertThat(listing(dir)).containsExactlyInAnyOrder("results.json", "report.html", "junit.xml", "report.md",
                "badge-kafka-4.4.svg", "badge-vendor-x.svg");
    }

    @Test
    void replacesTheFilesOfAnEarlierRunWhole(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("report.md"), "an older, much longer report ".repeat(10_000));

        new ReportWriter().writeAll(report, dir);

        assertThat(Files.readString(dir.resolve("report.md"))).startsWith("- **kafka-4.4**").doesNotContain("older");
    }

    @Test
    void aFailingRendererLeavesNeitherAPartialFileNorATemporaryOne(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("broken.txt"), "previous content");
        ReportFormat broken = new ReportFormat() {
            @Override
            public String fileName() {
                return "broken.txt";
            }

            @Override
            public void write(RunReport ignored, Writer out) throws IOException {
                out.write("half of it");
                throw new IOException("renderer broke");
            }
        };

        ReportWriter writer = new ReportWriter(List.of(new JsonReport(), broken, new MarkdownReport()));

        assertThatThrownBy(() -> writer.writeAll(report, dir)).hasMessage("renderer broke");
        assertThat(Files.readString(dir.resolve("broken.txt"))).isEqualTo("previous content");
        assertThat(listing(dir)).containsExactlyInAnyOrder("results.json", "broken.txt");
    }

    @Test
    void aRunWithoutTargetsStillGivesEveryFile(@TempDir Path dir) throws IOException {
        RunReport empty = ReportFixture.run();

        List<Path> written = new ReportWriter().writeAll(empty, dir);

        assertThat(written).hasSize(5).allSatisfy(file -> assertThat(file).isNotEmptyFile());
        assertThat(Files.readString(dir.resolve("badge.svg"))).contains(">not assessed</text>");
        assertThat(JsonReport.read(dir.resolve("results.json"))).isEqualTo(empty);
        assertThat(Files.readString(dir.resolve("junit.xml"))).contains("<testsuites name=\"kconform\" tests=\"0\"");
    }

    @Test
    void writesOnlyTheFormatsAskedFor(@TempDir Path dir) throws IOException {
        List<Path> written = new ReportWriter(OutputFormats.parse("md, badge")).writeAll(ReportFixture.run(
                ReportFixture.reference()), dir);

        assertThat(written).extracting(p -> p.getFileName().toString()).containsExactly("report.md", "badge.svg");
        assertThat(listing(dir)).containsExactlyInAnyOrder("report.md", "badge.svg");
    }

    private static List<String> listing(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }
}
