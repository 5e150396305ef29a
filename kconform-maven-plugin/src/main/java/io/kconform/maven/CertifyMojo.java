package io.kconform.maven;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.codehaus.plexus.util.xml.Xpp3Dom;

/**
 * {@code kconform:certify}: certifies a Kafka-protocol endpoint from a Maven build, with the same engine as
 * {@code kconform run} ({@code io.kconform.harness.engine.RunEngine}): the same targets, selection, parallelism, bounds,
 * cleanup, reports and gate. The build fails ({@link MojoFailureException}) exactly when the gate does, that is when
 * {@code kconform run} would exit with 1 (a {@code failOn} condition met) or 4 (the target does not speak Kafka), with
 * the verdict and the gate's line as the message; a run that could not judge the target (a configuration error, a
 * target not reached, a check in ERROR: exit 2 or 3) is a {@link MojoExecutionException}.
 *
 * <p>The engine runs in a class loader of its own, made of this plugin's resolved artifacts with the JDK's platform
 * loader as parent: Maven 3 hands its plugins its own Maven Resolver and SLF4J, older than those the harness is built
 * with (it resolves Kafka releases for embedded targets with Resolver 2 and logs to kconform.log through
 * slf4j-simple). Only JDK types cross between the two loaders ({@link IsolatedRun}).
 */
@Mojo(name = "certify", defaultPhase = LifecyclePhase.VERIFY)
public class CertifyMojo extends AbstractMojo {

    /** Skips the certification. */
    @Parameter(property = "kconform.skip", defaultValue = "false")
    boolean skip;

    /** The endpoint to certify, {@code host:port[,...]}, as {@code --bootstrap}. */
    @Parameter(property = "kconform.bootstrap")
    String bootstrap;

    /**
     * Client properties for {@code bootstrap} (security.protocol, sasl.*, ssl.*), as {@code --command-config} has them
     * in a file; values may use {@code ${env:NAME}}, resolved from the environment as the CLI does: such a value is
     * taken as written in the pom ({@link #asWritten}), before Maven's own evaluation, which turns a value that is
     * one {@code ${...}} it does not know into nothing.
     */
    @Parameter
    Map<String, String> clientProperties;

    /** A properties file of client properties for {@code bootstrap}, as {@code --command-config}. */
    @Parameter(property = "kconform.commandConfig")
    File commandConfig;

    /** A targets.yaml, as {@code --targets}. */
    @Parameter(property = "kconform.targets")
    File targetsFile;

    /** Targets of {@code targetsFile} to run, comma-separated, as {@code --target}; empty for the file's default. */
    @Parameter(property = "kconform.target")
    String target;

    /**
     * An Apache Kafka release to launch embedded and certify, e.g. {@code 4.4.0}: the vendor's own comparison, with
     * {@code brokerProperties}.
     */
    @Parameter(property = "kconform.embedded")
    String embedded;

    /** Broker properties of the embedded release. */
    @Parameter
    Map<String, String> brokerProperties;

    /** Batteries to run, comma-separated (protocol, groups, storage, eos, connect, streams), as {@code --battery}. */
    @Parameter(property = "kconform.battery")
    String battery;

    /** Check id globs, comma-separated, e.g. {@code storage.compaction.*}, as {@code --check}. */
    @Parameter(property = "kconform.check")
    String check;

    /** Run only checks up to this level (ingest, messaging, storage, exactly-once, platform), as {@code --level}. */
    @Parameter(property = "kconform.level")
    String level;

    /** How many checks run at once, as {@code --parallelism}. */
    @Parameter(property = "kconform.parallelism", defaultValue = "8")
    int parallelism;

    /** How many targets run at once, as {@code --parallel-targets}. */
    @Parameter(property = "kconform.parallelTargets", defaultValue = "4")
    int parallelTargets;

    /** After this many seconds a check counts as hung and FAILS, as {@code --check-timeout}. */
    @Parameter(property = "kconform.checkTimeout", defaultValue = "180")
    int checkTimeout;

    /** Skip the checks that change cluster-wide state, as {@code --no-cluster-changes}. */
    @Parameter(property = "kconform.noClusterChanges", defaultValue = "false")
    boolean noClusterChanges;

    /** The eos.history checks' seed, as {@code --history-seed}. */
    @Parameter(property = "kconform.historySeed", defaultValue = "13")
    long historySeed;

    /** How long the eos.history checks' writers write, in seconds, as {@code --history-duration}. */
    @Parameter(property = "kconform.historyDuration", defaultValue = "3")
    int historyDuration;

    /** When the build fails, comma-separated conditions, as {@code --fail-on}. */
    @Parameter(property = "kconform.failOn", defaultValue = "must-fail,level-lost")
    String failOn;

    /** A results.json of an earlier run to compare with, as {@code --baseline}. */
    @Parameter(property = "kconform.baseline")
    File baseline;

    /** Expected outcomes (YAML), as {@code --expected}. */
    @Parameter(property = "kconform.expected")
    File expected;

    /** Where the reports go; replaced by each build. */
    @Parameter(property = "kconform.output", defaultValue = "${project.build.directory}/kconform")
    File outputDirectory;

    /** Which reports to write, comma-separated (html, json, junit, md, badge), as {@code --format}. */
    @Parameter(property = "kconform.format", defaultValue = "html,json,junit,md,badge")
    String formats;

    /** This execution, whose configuration as written gives the {@code ${env:NAME}} values of client properties. */
    @Parameter(defaultValue = "${mojoExecution}", readonly = true)
    MojoExecution execution;

    /** This plugin, whose resolved artifacts make the engine's class loader. */
    @Parameter(defaultValue = "${plugin}", readonly = true, required = true)
    PluginDescriptor plugin;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("kconform: certification skipped (kconform.skip)");
            return;
        }
        Map<String, Object> result = runIsolated(parameters());
        int code = (Integer) result.get(IsolatedRun.EXIT_CODE);
        String verdict = (String) result.get(IsolatedRun.VERDICT);
        if (code == 0) {
            return;
        }
        String message = verdict.isBlank() ? "kconform exited with " + code : verdict;
        if (code == 1 || code == 4) {
            throw new MojoFailureException(message);
        }
        throw new MojoExecutionException(message);
    }

    /** The goal's parameters as JDK types, by {@link CertifyParameters}' names: what crosses to the engine's loader. */
    Map<String, Object> parameters() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("bootstrap", bootstrap);
        p.put("clientProperties", withEnvReferences(clientProperties, asWritten("clientProperties")));
        p.put("commandConfig", commandConfig);
        p.put("targetsFile", targetsFile);
        p.put("target", target);
        p.put("embedded", embedded);
        p.put("brokerProperties", withEnvReferences(brokerProperties, Map.of()));
        p.put("battery", battery);
        p.put("check", check);
        p.put("level", level);
        p.put("parallelism", parallelism);
        p.put("parallelTargets", parallelTargets);
        p.put("checkTimeout", checkTimeout);
        p.put("noClusterChanges", noClusterChanges);
        p.put("historySeed", historySeed);
        p.put("historyDuration", historyDuration);
        p.put("failOn", failOn);
        p.put("baseline", baseline);
        p.put("expected", expected);
        p.put("outputDirectory", outputDirectory);
        p.put("formats", formats);
        return p;
    }

    /**
     * The properties as Maven evaluated them, where the pom writes a {@code ${env:NAME}} reference the value as written
     * instead (the engine resolves it, as the CLI does); an empty element is an empty value.
     */
    static Map<String, String> withEnvReferences(Map<String, String> evaluated, Map<String, String> written) {
        Map<String, String> properties = new LinkedHashMap<>();
        if (evaluated != null) {
            evaluated.forEach((key, value) -> properties.put(key, value == null ? "" : value));
        }
        written.forEach((key, value) -> {
            if (value != null && value.contains("${env:")) {
                properties.put(key, value.strip());
            }
        });
        return properties;
    }

    /** The children of a map parameter's element as the pom writes them, before Maven evaluates them. */
    Map<String, String> asWritten(String parameter) {
        Map<String, String> written = new LinkedHashMap<>();
        Xpp3Dom configuration = execution == null ? null : execution.getConfiguration();
        Xpp3Dom element = configuration == null ? null : configuration.getChild(parameter);
        if (element != null) {
            for (Xpp3Dom child : element.getChildren()) {
                written.put(child.getName(), child.getValue());
            }
        }
        return written;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> runIsolated(Map<String, Object> parameters) throws MojoExecutionException {
        // Not closed after the run: the harness registers shutdown hooks (stopping what a run started when the JVM
        // ends early) whose classes must still load from it when Maven exits.
        URLClassLoader loader = new URLClassLoader("kconform-engine", classPath(),
                ClassLoader.getPlatformClassLoader());
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // The JUnit Platform finds the checks through the context class loader.
        thread.setContextClassLoader(loader);
        try {
            Class<?> entry = Class.forName(IsolatedRun.class.getName(), true, loader);
            Method run = entry.getMethod("run", Map.class, Consumer.class, Consumer.class);
            Consumer<String> info = line -> getLog().info(line);
            Consumer<String> warn = line -> getLog().warn(line);
            return (Map<String, Object>) run.invoke(null, parameters, info, warn);
        } catch (InvocationTargetException e) {
            throw new MojoExecutionException("kconform: internal error: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new MojoExecutionException("kconform: the engine cannot be loaded: " + e, e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** This plugin's jar and its resolved dependencies (the harness, the batteries, Kafka's clients ...). */
    private URL[] classPath() throws MojoExecutionException {
        Set<File> files = new LinkedHashSet<>();
        files.add(plugin.getPluginArtifact().getFile());
        for (Artifact artifact : plugin.getArtifacts()) {
            if (artifact.getFile() != null) {
                files.add(artifact.getFile());
            }
        }
        List<URL> urls = new ArrayList<>();
        for (File file : files) {
            try {
                urls.add(file.toURI().toURL());
            } catch (MalformedURLException e) {
                throw new MojoExecutionException("kconform: cannot use " + file + ": " + e.getMessage(), e);
            }
        }
        return urls.toArray(URL[]::new);
    }
}
