package io.kconform.report.render;

import freemarker.core.TemplateClassResolver;
import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;

/**
 * The FreeMarker set-up shared by the template-based reports. A {@link Configuration} is expensive
 * to build and thread-safe once built, hence one for the process.
 */
final class Templates {

    private static final String ROOT = "/io/kconform/report/templates";

    private static final Configuration CONFIGURATION = configuration();

    private Templates() {
    }

    private static Configuration configuration() {
        // 2.3.35 improvements include reading record components as properties (view.targets).
        Configuration configuration = new Configuration(Configuration.VERSION_2_3_35);
        configuration.setClassForTemplateLoading(Templates.class, ROOT);
        configuration.setDefaultEncoding("UTF-8");
        configuration.setOutputEncoding("UTF-8");
        // .ftlh templates get the HTML output format, hence auto-escaping of every interpolation.
        configuration.setRecognizeStandardFileExtensions(true);
        configuration.setRegisteredCustomOutputFormats(List.of(MarkdownOutputFormat.INSTANCE));
        // A template bug must fail the rendering, never leave a half-written report behind.
        configuration.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        configuration.setLogTemplateExceptions(false);
        configuration.setWrapUncheckedExceptions(true);
        configuration.setFallbackOnNullLoopVariable(false);
        // Output must not depend on the machine's locale or time zone: "1234", not "1,234".
        configuration.setLocale(Locale.ROOT);
        configuration.setTimeZone(TimeZone.getTimeZone("UTC"));
        configuration.setNumberFormat("computer");
        configuration.setBooleanFormat("c");
        // Templates only lay out data; they may not instantiate classes.
        configuration.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
        configuration.setAPIBuiltinEnabled(false);
        return configuration;
    }

    /** Renders template {@code name} with the run's view as {@code view}. */
    static void render(String name, ReportView view, Writer out) throws IOException {
        renderView(name, view, out);
    }

    /** Renders template {@code name} with any prepared view (a record of strings and lists) as {@code view}. */
    static void renderView(String name, Object view, Writer out) throws IOException {
        Template template = CONFIGURATION.getTemplate(name);
        try {
            template.process(Map.of("view", view), out);
        } catch (TemplateException e) {
            throw new IOException("rendering " + name + " failed: " + e.getMessage(), e);
        }
    }
}
