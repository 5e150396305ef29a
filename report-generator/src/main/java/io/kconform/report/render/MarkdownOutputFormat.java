package io.kconform.report.render;

import freemarker.core.CommonMarkupOutputFormat;
import freemarker.core.CommonTemplateMarkupOutputModel;
import java.io.IOException;
import java.io.Writer;

/**
 * A FreeMarker output format for GitHub-flavoured Markdown, so that report.md auto-escapes every
 * interpolation as report.html does. Text from an endpoint can then neither break a table cell
 * ({@code |}, a line break) nor turn into markup (emphasis, links, HTML).
 *
 * <p>Escaped with a backslash: {@code \ ` * _ [ ] < > | ~ &}. A line break becomes {@code <br>},
 * which GitHub and GitLab render inside table cells. Not for code spans, where a backslash is literal.
 */
final class MarkdownOutputFormat extends CommonMarkupOutputFormat<MarkdownOutputFormat.Markup> {

    static final MarkdownOutputFormat INSTANCE = new MarkdownOutputFormat();

    private static final String SPECIAL = "\\`*_[]<>|~&";

    private MarkdownOutputFormat() {
    }

    @Override
    public String getName() {
        return "Markdown";
    }

    @Override
    public String getMimeType() {
        return "text/markdown";
    }

    @Override
    public void output(String textToEsc, Writer out) throws IOException {
        out.write(escapePlainText(textToEsc));
    }

    @Override
    public String escapePlainText(String plainTextContent) {
        String text = plainTextContent.replace("\r\n", "\n").replace('\r', '\n');
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                out.append("<br>");
            } else {
                if (SPECIAL.indexOf(c) >= 0) {
                    out.append('\\');
                }
                out.append(c);
            }
        }
        return out.toString();
    }

    @Override
    public boolean isLegacyBuiltInBypassed(String builtInName) {
        return false;
    }

    @Override
    protected Markup newTemplateMarkupOutputModel(String plainTextContent, String markupContent) {
        return new Markup(plainTextContent, markupContent);
    }

    /** A piece of Markdown as FreeMarker carries it between interpolations. */
    static final class Markup extends CommonTemplateMarkupOutputModel<Markup> {
        Markup(String plainTextContent, String markupContent) {
            super(plainTextContent, markupContent);
        }

        @Override
        public MarkdownOutputFormat getOutputFormat() {
            return INSTANCE;
        }
    }
}
