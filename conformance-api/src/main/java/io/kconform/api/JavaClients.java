package io.kconform.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * Which Java client release (kafka-clients) this JVM runs, and which one kconform is compiled against. They
 * differ where checks run on an older release, because current clients cannot connect to the target: there
 * a check whose code needs an API of the newer release cannot be assessed, which is not the target's fault
 * nor the harness's. Stateless.
 */
public final class JavaClients {

    private static final String RESOURCE = "kafka-clients.properties";
    /** Where every kafka-clients release keeps its own version (its {@code AppInfoParser} moved in 4.x). */
    private static final String CLIENTS_RESOURCE = "/kafka/kafka-version.properties";

    private JavaClients() {
    }

    /** The kafka-clients release kconform is compiled against, e.g. {@code 4.4.0}. */
    public static String builtAgainst() {
        return Releases.BUILT_AGAINST;
    }

    /** The kafka-clients release this JVM runs, as the release itself reports it, e.g. {@code 3.8.1}. */
    public static String running() {
        return Releases.RUNNING;
    }

    /** Both releases, read once, when first asked. */
    private static final class Releases {
        static final String BUILT_AGAINST = read(JavaClients.class, RESOURCE, "built-against");
        static final String RUNNING = read(ApiKeys.class, CLIENTS_RESOURCE, "version");
    }

    private static String read(Class<?> owner, String resource, String key) {
        try (InputStream in = owner.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing beside " + owner.getName());
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty(key, "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether this JVM runs another kafka-clients release than kconform is compiled against. */
    public static boolean runsAnotherRelease() {
        return !running().equals(builtAgainst());
    }
}
