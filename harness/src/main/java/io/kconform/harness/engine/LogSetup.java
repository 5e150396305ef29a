package io.kconform.harness.engine;

import java.nio.file.Path;

/**
 * Sends library logs (Kafka clients, Connect, Streams) to a file instead of the console, which is
 * for progress and the verdict. SLF4J's simple backend reads its settings once, when the first
 * logger is made; these methods run before that.
 */
public final class LogSetup {

    private static final String PREFIX = "org.slf4j.simpleLogger.";

    private LogSetup() {
    }

    /** Until a run names its log file, only warnings, to standard error. */
    public static void beforeAnything() {
        setIfAbsent("defaultLogLevel", "warn");
        setIfAbsent("logFile", "System.err");
        setIfAbsent("showDateTime", "true");
        setIfAbsent("dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSS");
        // The JUnit Platform logs through java.util.logging; its notes are not for the console.
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
    }

    /** A run logs into its output folder: kconform at info, libraries at warn. */
    public static void toFile(Path logFile) {
        System.setProperty(PREFIX + "logFile", logFile.toString());
        System.setProperty(PREFIX + "defaultLogLevel", "warn");
        System.setProperty(PREFIX + "log.io.kconform", "info");
        reinitialiseIfStarted();
    }

    /**
     * The simple backend reads where to write once, when the first logger is made; checking the configuration
     * before the run (Kafka's config classes make loggers as they load) can make that happen before the run names
     * its file, and every log line would then go to the console. Its package-private {@code init()} reads the
     * settings again; loggers already made write wherever it then points.
     */
    private static void reinitialiseIfStarted() {
        try {
            Class<?> simpleLogger = Class.forName("org.slf4j.simple.SimpleLogger");
            java.lang.reflect.Method init = simpleLogger.getDeclaredMethod("init");
            init.setAccessible(true);
            init.invoke(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // another backend, or a later slf4j-simple: logs may then go to standard error, nothing worse
            System.err.println("kconform: note: library logs may reach the console (" + e + ")");
        }
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(PREFIX + key) == null) {
            System.setProperty(PREFIX + key, value);
        }
    }
}
