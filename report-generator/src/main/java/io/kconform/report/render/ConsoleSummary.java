package io.kconform.report.render;

import io.kconform.report.model.RunReport;

/** Placeholder until the renderers land: the headlines only. */
public final class ConsoleSummary {
    public ConsoleSummary(boolean color) {
    }

    public String render(RunReport report, int width) {
        StringBuilder s = new StringBuilder();
        report.targets().forEach(t -> s.append(t.name()).append(": ").append(t.verdict().headline()).append('\n'));
        return s.toString();
    }
}
