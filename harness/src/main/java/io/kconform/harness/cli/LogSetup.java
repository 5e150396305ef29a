package io.kconform.harness.cli;

import java.nio.file.Path;

/**
 * Sends library logs (Kafka clients, Connect, Streams) to a file instead of the console, which is
 * for progress and the verdict. SLF4J's simple backend reads its settings once, when the first
 * logger is made; these methods run before that.
 */
final class LogSetup {

    private static final String PREFIX = "org.slf4j.simpleLogger.";

    private LogSetup() {
    }

    /** Until a run names its log file, only warnings, to standard error. */
    static void beforeAnything() {
        setIfAbsent("defaultLogLevel", "warn");
        setIfAbsent("logFile", "System.err");
        setIfAbsent("showDateTime", "true");
        setIfAbsent("dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSS");
        // The JUnit Platform logs through java.util.logging; its notes are not for the console.
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
    }

    /** A run logs into its output folder: kconform at info, libraries at warn. */
    static void toFile(Path logFile) {
        System.setProperty(PREFIX + "logFile", logFile.toString());
        System.setProperty(PREFIX + "defaultLogLevel", "warn");
        System.setProperty(PREFIX + "log.io.kconform", "info");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(PREFIX + key) == null) {
            System.setProperty(PREFIX + key, value);
        }
    }
}
