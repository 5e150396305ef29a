package io.kconform.api.junit;

import io.kconform.api.cleanup.RunCleanup;
import io.kconform.api.target.EnvInterpolation;
import io.kconform.api.target.KafkaTarget;
import io.kconform.api.target.ResourceNames;
import io.kconform.api.target.Target;
import io.kconform.api.target.TargetFacts;
import io.kconform.api.target.TargetProbe;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The target of a plain JUnit run (a vendor's Maven build, an IDE), made from configuration parameters or system
 * properties and probed once per engine run. Its guarantees, the harness's where they can be given without it:
 * <ul>
 *   <li>{@code ${env:NAME}} in the client properties file is resolved from the environment, as in targets.yaml
 *       and {@code --command-config}; a variable that is not set stops the run naming the file, the property and
 *       the variable, never a value.</li>
 *   <li>The run's prefix is printed when the target is first used, and everything named under it is deleted when
 *       the engine run ends ({@link RunCleanup}, bounded in time), with one line saying what was deleted. A JVM
 *       killed before that leaves what it made, under the prefix printed at the start.</li>
 * </ul>
 * Lines go to standard output, prefixed {@code [kconform]}: Surefire and IDEs show it, whatever logging the
 * vendor's build has.
 */
final class StandaloneTarget implements AutoCloseable {

    /** Bootstrap servers of the target. */
    static final String BOOTSTRAP_KEY = "kconform.bootstrap";
    /** The report entry, published once per run, that gives the run's prefix. */
    static final String PREFIX_ENTRY = "kconform.prefix";
    /** Path of a client properties file (security settings), as Kafka's command-line tools take it. */
    static final String CLIENT_PROPERTIES_KEY = "kconform.client-properties";

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(StandaloneTarget.class);

    private final Target target;
    private final PrintStream out;

    private StandaloneTarget(Target target, PrintStream out) {
        this.target = target;
        this.out = out;
    }

    static Target get(ExtensionContext context) {
        // The root's store is closed when the engine run ends, after every class: that is when cleanup is safe.
        return context.getRoot().getStore(NAMESPACE)
                .computeIfAbsent("target", k -> create(context, System.out), StandaloneTarget.class).target;
    }

    static StandaloneTarget create(ExtensionContext context, PrintStream out) {
        String bootstrap = context.getConfigurationParameter(BOOTSTRAP_KEY).orElseThrow(() ->
                new ExtensionConfigurationException("no target: run the checks with the kconform harness, or set the"
                        + " configuration parameter " + BOOTSTRAP_KEY + " (and optionally " + CLIENT_PROPERTIES_KEY
                        + ")"));
        Map<String, Object> clientProperties = new HashMap<>();
        context.getConfigurationParameter(CLIENT_PROPERTIES_KEY)
                .ifPresent(file -> load(Path.of(file), EnvInterpolation.fromSystem(), clientProperties));
        TargetFacts facts = TargetProbe.probe(bootstrap, clientProperties);
        ResourceNames names = ResourceNames.newRun();
        out.println("[kconform] checks against " + bootstrap + ": every topic, group and transactional id they"
                + " create is named " + names.prefix() + "-*, and deleted when the run ends");
        context.publishReportEntry(PREFIX_ENTRY, names.prefix());
        return new StandaloneTarget(new KafkaTarget(bootstrap, bootstrap, clientProperties, facts, names), out);
    }

    /** The client properties of {@code file}, each value's {@code ${env:NAME}} references resolved. */
    static void load(Path file, EnvInterpolation environment, Map<String, Object> into) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new ExtensionConfigurationException("cannot read " + CLIENT_PROPERTIES_KEY + " file " + file + ": "
                    + e.getMessage(), e);
        }
        for (String key : new TreeSet<>(properties.stringPropertyNames())) {
            try {
                into.put(key, environment.resolve(properties.getProperty(key), new HashSet<>()));
            } catch (IllegalArgumentException e) {
                throw new ExtensionConfigurationException(CLIENT_PROPERTIES_KEY + " file " + file + ", property "
                        + key + ": " + e.getMessage());
            }
        }
    }

    /** Deletes what the run created; never throws, so that the run's results stand. */
    @Override
    public void close() {
        String prefix = target.names().prefix();
        RunCleanup.Report report = RunCleanup.delete(target.bootstrapServers(), target.clientProperties(),
                target.names());
        out.println("[kconform] " + report.describe(prefix) + " (transactional ids cannot be deleted through the"
                + " protocol; the target expires them)");
    }
}
