package io.kconform.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kconform.api.Battery;
import io.kconform.api.Level;
import io.kconform.api.context.CheckOptions;
import io.kconform.harness.engine.RunRequest;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.descriptor.MojoDescriptor;
import org.codehaus.plexus.util.xml.Xpp3Dom;
import org.junit.jupiter.api.Test;

/** The goal's parameters become the RunRequest, and so the RunOptions, that `kconform run` makes of its options. */
class CertifyParametersTest {

    /** The goal's parameters with their declared defaults, as Maven gives them when the pom sets nothing. */
    private static Map<String, Object> defaults() {
        CertifyMojo mojo = new CertifyMojo();
        mojo.parallelism = 8;
        mojo.parallelTargets = 4;
        mojo.checkTimeout = 180;
        mojo.historySeed = 13;
        mojo.historyDuration = 3;
        mojo.failOn = "must-fail,level-lost";
        mojo.formats = "html,json,junit,md,badge";
        mojo.outputDirectory = new File("target/kconform");
        return mojo.parameters();
    }

    private static Map<String, Object> with(Object... keyValues) {
        Map<String, Object> p = new LinkedHashMap<>(defaults());
        for (int i = 0; i < keyValues.length; i += 2) {
            p.put((String) keyValues[i], keyValues[i + 1]);
        }
        return p;
    }

    @Test
    void theDefaultsAreTheCommandLinesDefaults() {
        RunRequest request = CertifyParameters.toRequest(with("bootstrap", "127.0.0.1:9092"));

        assertEquals(8, request.options().parallelism());
        assertEquals(Duration.ofSeconds(180), request.options().checkTimeout());
        assertFalse(request.options().noClusterChanges());
        assertEquals(Map.of(CheckOptions.HISTORY_SEED, "13", CheckOptions.HISTORY_DURATION_SECONDS, "3"),
                request.options().checkOptions());
        assertEquals(4, request.parallelTargets());
        assertEquals("must-fail,level-lost", request.failOn());
        assertEquals("html,json,junit,md,badge", request.formats());
        assertEquals(Set.of(), request.selection().batteries());
        assertEquals(List.of(), request.selection().globs());
        assertEquals(Optional.empty(), request.selection().upTo());
        assertEquals(Path.of("target/kconform"), request.output());
        assertTrue(request.overwrite(), "the build's own folder: each build replaces the reports");
        assertTrue(request.handleSignals(), "Ctrl-C ends the run in order; Maven gets its own handling back after it");
        assertNull(request.baseline());
        assertNull(request.expected());
    }

    @Test
    void everyOptionReachesTheRequest() {
        RunRequest request = CertifyParameters.toRequest(with("bootstrap", " 127.0.0.1:9092 ",
                "clientProperties", Map.of("security.protocol", "SASL_SSL", "sasl.jaas.config", "${env:JAAS}"),
                "battery", "storage, groups", "check", "storage.compaction.*,groups.*", "level", "storage",
                "parallelism", 2, "parallelTargets", 1, "checkTimeout", 70, "noClusterChanges", true,
                "historySeed", -7L, "historyDuration", 10, "failOn", "fail,unexpected",
                "baseline", new File("base/results.json"), "expected", new File("expected.yaml"),
                "outputDirectory", new File("out"), "formats", "json,junit"));

        assertEquals(2, request.options().parallelism());
        assertEquals(Duration.ofSeconds(70), request.options().checkTimeout());
        assertTrue(request.options().noClusterChanges());
        assertEquals(Map.of(CheckOptions.HISTORY_SEED, "-7", CheckOptions.HISTORY_DURATION_SECONDS, "10"),
                request.options().checkOptions());
        assertEquals(1, request.parallelTargets());
        assertEquals(Set.of(Battery.STORAGE, Battery.GROUPS), request.selection().batteries());
        assertEquals(List.of("storage.compaction.*", "groups.*"), request.selection().globs());
        assertEquals(Optional.of(Level.STORAGE), request.selection().upTo());
        assertEquals("fail,unexpected", request.failOn());
        assertEquals(Path.of("base/results.json"), request.baseline());
        assertEquals(Path.of("expected.yaml"), request.expected());
        assertEquals(Path.of("out"), request.output());
        assertEquals("json,junit", request.formats());
        assertEquals("127.0.0.1:9092", request.targets().bootstrap());
        // kept as written: the engine resolves ${env:NAME} as it does for --command-config
        assertEquals("${env:JAAS}", request.targets().clientProperties().get("sasl.jaas.config"));
        assertEquals(Optional.empty(), request.targets().embeddedVersion());
    }

    @Test
    void targetsFileAndTargetsAreSplitAsTheCommandLineSplitsThem() {
        RunRequest request = CertifyParameters.toRequest(with("targetsFile", new File("targets.yaml"),
                "target", "kafka-3.9, kafka-4.4"));

        assertEquals(Path.of("targets.yaml"), request.targets().targetsFile());
        assertEquals(List.of("kafka-3.9", "kafka-4.4"), request.targets().targetNames());
        assertNull(request.targets().bootstrap());
    }

    @Test
    void anEmbeddedReleaseWithBrokerProperties() {
        RunRequest request = CertifyParameters.toRequest(with("embedded", "4.4.0",
                "brokerProperties", Map.of("log.cleaner.enable", "false")));

        assertEquals(Optional.of("4.4.0"), request.targets().embeddedVersion());
        assertEquals(Map.of("log.cleaner.enable", "false"), request.targets().brokerProperties());
    }

    @Test
    void aBuildMustNameWhatItCertifies() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CertifyParameters.toRequest(defaults()));
        assertTrue(e.getMessage().contains("<bootstrap>"), e.getMessage());
    }

    @Test
    void badValuesAreRefusedAsTheCommandLineRefusesThem() {
        assertThrows(IllegalArgumentException.class,
                () -> CertifyParameters.toRequest(with("bootstrap", "h:1", "battery", "nosuch")));
        assertThrows(IllegalArgumentException.class,
                () -> CertifyParameters.toRequest(with("bootstrap", "h:1", "level", "nosuch")));
        assertThrows(IllegalArgumentException.class,
                () -> CertifyParameters.toRequest(with("bootstrap", "h:1", "parallelism", 0)));
        assertThrows(IllegalArgumentException.class,
                () -> CertifyParameters.toRequest(with("bootstrap", "h:1", "historyDuration", 200)));
    }

    @Test
    void envReferencesReachTheEngineAsWrittenWhateverMavenMadeOfThem() {
        CertifyMojo mojo = new CertifyMojo();
        // Maven evaluates a value that is one unknown ${...} to nothing, and leaves one inside a longer text alone
        Map<String, String> evaluated = new LinkedHashMap<>();
        evaluated.put("sasl.password", null);
        evaluated.put("sasl.jaas.config", "x password=\"${env:PW}\";");
        evaluated.put("security.protocol", "SASL_SSL");
        evaluated.put("empty", null);
        mojo.clientProperties = evaluated;
        Xpp3Dom configuration = new Xpp3Dom("configuration");
        Xpp3Dom properties = new Xpp3Dom("clientProperties");
        configuration.addChild(properties);
        for (String[] written : new String[][] {{"sasl.password", " ${env:PW} "},
                {"sasl.jaas.config", "x password=\"${env:PW}\";"}, {"security.protocol", "${proto}"}, {"empty", null}}) {
            Xpp3Dom element = new Xpp3Dom(written[0]);
            element.setValue(written[1]);
            properties.addChild(element);
        }
        mojo.execution = new MojoExecution(new MojoDescriptor());
        mojo.execution.setConfiguration(configuration);

        Map<String, Object> p = new LinkedHashMap<>(defaults());
        p.put("clientProperties", CertifyMojo.withEnvReferences(mojo.clientProperties, mojo.asWritten("clientProperties")));
        p.put("bootstrap", "127.0.0.1:9092");
        RunRequest request = CertifyParameters.toRequest(p);

        assertEquals(Map.of("sasl.password", "${env:PW}", "sasl.jaas.config", "x password=\"${env:PW}\";",
                "security.protocol", "SASL_SSL", "empty", ""), request.targets().clientProperties());
    }
}
