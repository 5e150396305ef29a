package io.kconform.harness;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Facts about this build of kconform. */
public final class Kconform {

    /** The Apache Kafka release the checks are written against and the verdict refers to. */
    public static final String BASELINE = "Apache Kafka 4.4";

    private Kconform() {
    }

    /** This build's version, from the resource Maven filtered at build time. */
    public static String version() {
        Properties properties = new Properties();
        try (InputStream in = Kconform.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            // a missing version is not worth failing a run for
        }
        return properties.getProperty("version", "unknown");
    }
}
