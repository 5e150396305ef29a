package io.kconform.api.junit;

import io.kconform.api.target.KafkaTarget;
import io.kconform.api.target.ResourceNames;
import io.kconform.api.target.Target;
import io.kconform.api.target.TargetFacts;
import io.kconform.api.target.TargetProbe;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The target of a plain JUnit run (a vendor's Maven build, an IDE), made from configuration
 * parameters or system properties and probed once per engine run. Resources the run creates are
 * left under its prefix, which it logs; the kconform harness deletes them when it runs the checks.
 */
final class StandaloneTarget {

    /** Bootstrap servers of the target. */
    static final String BOOTSTRAP_KEY = "kconform.bootstrap";
    /** Path of a client properties file (security settings), as Kafka's command-line tools take it. */
    static final String CLIENT_PROPERTIES_KEY = "kconform.client-properties";

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(StandaloneTarget.class);

    private StandaloneTarget() {
    }

    static Target get(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).computeIfAbsent("target", k -> create(context), Target.class);
    }

    private static Target create(ExtensionContext context) {
        String bootstrap = context.getConfigurationParameter(BOOTSTRAP_KEY).orElseThrow(() ->
                new ExtensionConfigurationException("no target: run the checks with the kconform harness, or set the"
                        + " configuration parameter " + BOOTSTRAP_KEY + " (and optionally " + CLIENT_PROPERTIES_KEY + ")"));
        Map<String, Object> clientProperties = new HashMap<>();
        context.getConfigurationParameter(CLIENT_PROPERTIES_KEY).ifPresent(file -> load(Path.of(file), clientProperties));
        TargetFacts facts = TargetProbe.probe(bootstrap, clientProperties);
        return new KafkaTarget(bootstrap, bootstrap, clientProperties, facts, ResourceNames.newRun());
    }

    private static void load(Path file, Map<String, Object> into) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new ExtensionConfigurationException("cannot read " + CLIENT_PROPERTIES_KEY + " file " + file + ": "
                    + e.getMessage(), e);
        }
        properties.forEach((k, v) -> into.put(k.toString(), v));
    }
}
