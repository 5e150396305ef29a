/**
 * Renders a {@link io.kconform.report.model.RunReport} for its readers: {@code results.json} for
 * programs (and for kconform's own tests, which read it back), {@code report.html} for people,
 * {@code junit.xml} for CI systems, {@code report.md} for pull-request comments, {@code badge.svg}
 * for a README, and a plain-text summary for the terminal. {@link io.kconform.report.render.ReportWriter}
 * writes the files together; {@link io.kconform.report.render.OutputFormats} names them for
 * {@code --format}.
 * A {@link io.kconform.report.model.Comparison} of several targets has renderings of its own:
 * {@code compare.html}, {@code compare.md} ({@link io.kconform.report.render.ComparisonReport}) and a
 * terminal table ({@link io.kconform.report.render.ComparisonConsole}).
 *
 * <p>Every rendering starts with the verdict headline, and every one treats the text of a check
 * result as untrusted: messages and evidence come from the remote endpoint, so each format escapes
 * them for its own syntax (HTML, XML, Markdown) or strips control characters (the terminal).
 * Renderers are stateless and thread-safe; none of them reaches the network.
 */
package io.kconform.report.render;
