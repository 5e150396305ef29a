package io.kconform.report.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class OutputFormatsTest {

    @Test
    void theNamesAreEveryFormatAndTheDefaultWritesThemAllDataFirst() {
        assertThat(OutputFormats.parse(OutputFormats.NAMES)).isEqualTo(OutputFormats.ALL);
        assertThat(OutputFormats.ALL).extracting(ReportFormat::fileName)
                .containsExactly("results.json", "report.html", "junit.xml", "report.md", "badge.svg");
        assertThat(Arrays.asList(OutputFormats.NAMES.split(","))).hasSameSizeAs(OutputFormats.ALL);
    }

    @Test
    void namesAreReadInAnyOrderCaseAndSpacingAndEachCountsOnce() {
        assertThat(OutputFormats.parse(" MD ,json,md")).extracting(ReportFormat::fileName)
                .containsExactly("results.json", "report.md");
    }

    @Test
    void anUnknownOrMissingNameIsRefusedNamingTheValidOnes() {
        assertThatThrownBy(() -> OutputFormats.parse("html,pdf")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown --format 'pdf' (valid: html, json, junit, md, badge)");
        assertThatThrownBy(() -> OutputFormats.parse(" , ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--format needs at least one of html, json, junit, md, badge");
    }
}
