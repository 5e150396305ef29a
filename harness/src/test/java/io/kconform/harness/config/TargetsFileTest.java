package io.kconform.harness.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TargetsFileTest {

    private static final String GOOD = """
            default: vendor
            targets:
              - name: kafka-4.4
                kind: embedded
                version: 4.4.0
                brokerProperties:
                  log.cleaner.enable: "false"
                  num.partitions: 3
              - name: vendor
                kind: external
                bootstrap: broker.example.com:9092
                clientProperties:
                  security.protocol: SASL_SSL
                  sasl.mechanism: SCRAM-SHA-512
                  sasl.jaas.config: ${env:VENDOR_JAAS}
                  ssl.truststore.password: changeit
            """;

    private static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required"
            + " username=\"alice\" password=\"s3cr3t-pw\";";

    private static TargetsFile parse(String text) {
        return TargetsFile.parse("targets.yaml", text, Map.of("VENDOR_JAAS", JAAS));
    }

    @Test
    void readsBothKindsInTheDocumentedShape() {
        TargetsFile file = parse(GOOD);
        assertThat(file.names()).containsExactly("kafka-4.4", "vendor");
        assertThat(file.defaultTarget()).isEqualTo("vendor");
        EmbeddedTargetSpec embedded = (EmbeddedTargetSpec) file.resolve("kafka-4.4");
        assertThat(embedded.version()).isEqualTo("4.4.0");
        assertThat(embedded.brokerProperties()).containsEntry("log.cleaner.enable", "false").containsEntry("num.partitions", "3");
        ExternalTargetSpec external = (ExternalTargetSpec) file.resolve("vendor");
        assertThat(external.bootstrap()).isEqualTo("broker.example.com:9092");
        assertThat(external.clientProperties()).containsEntry("sasl.jaas.config", JAAS);
        assertThat(external.secretValues()).contains(JAAS, "s3cr3t-pw", "changeit");
        assertThat(external.toString()).doesNotContain("s3cr3t");
    }

    @Test
    void theFirstTargetIsTheDefaultWhenNoneIsNamedAndTheVersionDefaultsToTheBaseline() {
        TargetsFile file = parse("""
                targets:
                  - name: a
                    kind: embedded
                """);
        assertThat(file.defaultTarget()).isEqualTo("a");
        assertThat(((EmbeddedTargetSpec) file.resolve("a")).version()).isEqualTo(EmbeddedTargetSpec.DEFAULT_VERSION);
    }

    @Test
    void anUnknownKindNamesFileLineFieldAndTheValidKinds() {
        assertThatThrownBy(() -> parse("""
                targets:
                  - name: a
                    kind: embeded
                """)).isInstanceOf(ConfigException.class)
                .hasMessage("targets.yaml:3:11: targets[0].kind: unknown kind 'embeded' (valid: embedded, external, process,"
                        + " testcontainers)");
    }

    @Test
    void anUnknownFieldIsATypoNotSilentlyIgnored() {
        assertThatThrownBy(() -> parse("""
                targets:
                  - name: a
                    kind: external
                    bootstrap: h:1
                    clientProperty:
                      x: y
                """)).isInstanceOf(ConfigException.class)
                .hasMessage("targets.yaml:5:5: targets[0].clientProperty: unknown field (valid here: name, kind,"
                        + " bootstrap, clientProperties, restrictedPrincipal)");
    }

    @Test
    void missingRequiredFieldsAreNamed() {
        assertThatThrownBy(() -> parse("""
                targets:
                  - name: a
                    kind: external
                """)).hasMessage("targets.yaml:2:5: targets[0]: missing field 'bootstrap'");
        assertThatThrownBy(() -> parse("targets: []")).hasMessageContaining("targets: must be a non-empty list");
        assertThatThrownBy(() -> parse("default: x")).hasMessageContaining("missing field 'targets'");
    }

    @Test
    void badValuesAreNamed() {
        assertThatThrownBy(() -> parse("""
                targets:
                  - name: a
                    kind: embedded
                    version: latest
                """)).hasMessage("targets.yaml:4:14: targets[0].version: 'latest' is not an Apache Kafka release"
                + " number such as 4.4.0");
        assertThatThrownBy(() -> parse("""
                targets:
                  - name: a
                    kind: embedded
                    brokerProperties:
                      listeners: [a, b]
                """)).hasMessageStartingWith("targets.yaml:5:18: targets[0].brokerProperties.listeners: must be a"
                + " single value");
        assertThatThrownBy(() -> parse("""
                targets:
                  - name: a
                    kind: embedded
                  - name: a
                    kind: embedded
                """)).hasMessage("targets.yaml:4:11: targets[1].name: a target named 'a' is already defined above");
        assertThatThrownBy(() -> parse("""
                default: b
                targets:
                  - name: a
                    kind: embedded
                """)).hasMessage("targets.yaml:1:10: default: no target is named 'b' (defined: a)");
    }

    @Test
    void invalidYamlSaysWhere() {
        assertThatThrownBy(() -> parse("targets:\n  - name: [unclosed\n")).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("targets.yaml:3:1: not valid YAML");
    }

    @Test
    void aMissingEnvironmentVariableIsReportedOnlyForTheTargetThatUsesIt() {
        TargetsFile file = TargetsFile.parse("targets.yaml", GOOD, Map.of());
        assertThat(file.resolve("kafka-4.4")).isInstanceOf(EmbeddedTargetSpec.class);
        assertThatThrownBy(() -> file.resolve("vendor")).isInstanceOf(UnsetVariableException.class)
                .hasMessage("targets.yaml:15:25: targets[1].clientProperties.sasl.jaas.config: environment variable"
                        + " VENDOR_JAAS is not set");
    }

    @Test
    void aFieldIsLocatedAtItsValueAndADefaultAtItsTarget() {
        TargetsFile file = parse(GOOD);
        assertThat(file.origin("vendor", "clientProperties", "sasl.mechanism"))
                .isEqualTo(new FieldOrigin("targets.yaml", 14, 23, "targets[1].clientProperties.sasl.mechanism"));
        assertThat(file.origin("kafka-4.4", "version"))
                .isEqualTo(new FieldOrigin("targets.yaml", 5, 14, "targets[0].version"));
        assertThat(file.origin("kafka-4.4", "security"))
                .isEqualTo(new FieldOrigin("targets.yaml", 3, 5, "targets[0].security"));
        assertThat(file.kind("vendor")).isEqualTo("external");
    }

    @Test
    void anUnknownTargetListsTheDefinedOnes() {
        assertThatThrownBy(() -> parse(GOOD).resolve("nope"))
                .hasMessage("targets.yaml: no target is named 'nope' (defined: kafka-4.4, vendor)");
    }

    @Test
    void readsEveryKindWithItsOwnFields() {
        TargetsFile file = parse("""
                targets:
                  - name: cluster
                    kind: embedded
                    version: 3.9.1
                    nodes: 3
                    security:
                      protocol: SASL_SSL
                      authorizer: true
                    features:
                      transaction.version: 1
                  - name: vendor-binary
                    kind: process
                    command: [./bin/server, --port, "${port}"]
                    env:
                      TOKEN: ${env:VENDOR_JAAS}
                    bootstrap: 127.0.0.1:${port}
                    startTimeout: 90
                  - name: image
                    kind: testcontainers
                    image: apache/kafka:4.4.0
                    env:
                      KAFKA_ADVERTISED_LISTENERS: PLAINTEXT://127.0.0.1:${port}
                """);
        EmbeddedTargetSpec cluster = (EmbeddedTargetSpec) file.resolve("cluster");
        assertThat(cluster.nodes()).isEqualTo(3);
        assertThat(cluster.security()).contains(new EmbeddedSecurity("SASL_SSL", "SCRAM-SHA-512", true));
        assertThat(cluster.features()).containsExactly(Map.entry("transaction.version", (short) 1));
        ProcessTargetSpec process = (ProcessTargetSpec) file.resolve("vendor-binary");
        assertThat(process.command()).containsExactly("./bin/server", "--port", "${port}");
        assertThat(process.bootstrap()).isEqualTo("127.0.0.1:${port}");
        assertThat(process.startTimeout()).hasSeconds(90);
        assertThat(process.secretValues()).contains(JAAS);
        assertThat(process.toString()).doesNotContain("s3cr3t");
        TestcontainersTargetSpec image = (TestcontainersTargetSpec) file.resolve("image");
        assertThat(image.port()).isEqualTo(9092);
        assertThat(image.bootstrap()).isEqualTo("127.0.0.1:${port}");
        assertThat(image.env()).containsEntry("KAFKA_ADVERTISED_LISTENERS", "PLAINTEXT://127.0.0.1:${port}");
    }

    @Test
    void badKindSpecificFieldsAreNamed() {
        assertThatThrownBy(() -> parse("""
                targets:
                  - name: a
                    kind: embedded
                    nodes: 9
                """)).hasMessage("targets.yaml:4:12: targets[0].nodes: 9 is out of range (1 to 5)");
        assertThatThrownBy(() -> parse("""
                targets:
                  - name: a
                    kind: embedded
                    features:
                      transaction.version: two
                """)).hasMessageStartingWith("targets.yaml:5:28: targets[0].features.transaction.version: ");
        assertThatThrownBy(() -> parse("""
                targets:
                  - name: a
                    kind: embedded
                    security:
                      protocol: SASL_TLS
                """)).hasMessage("targets.yaml:5:17: targets[0].security.protocol: 'SASL_TLS' is not one of PLAINTEXT,"
                + " SSL, SASL_PLAINTEXT, SASL_SSL");
        assertThatThrownBy(() -> parse("""
                targets:
                  - name: a
                    kind: process
                    command: ./server
                    bootstrap: h:1
                """)).hasMessage("targets.yaml:4:14: targets[0].command: must be a list");
    }

    private static final String RESTRICTED_JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required"
            + " username=\"tenant-b\" password=\"b-pa55word\";";

    @Test
    void anExternalTargetNamesARestrictedPrincipalWithItsOwnPropertiesAndSecrets() {
        TargetsFile file = TargetsFile.parse("targets.yaml", """
                targets:
                  - name: vendor
                    kind: external
                    bootstrap: broker.example.com:9092
                    clientProperties:
                      security.protocol: SASL_SSL
                      sasl.jaas.config: ${env:VENDOR_JAAS}
                    restrictedPrincipal:
                      principal: User:tenant-b
                      clientProperties:
                        security.protocol: SASL_SSL
                        sasl.mechanism: SCRAM-SHA-512
                        sasl.jaas.config: ${env:TENANT_B_JAAS}
                        ssl.truststore.password: b-store-secret
                """, Map.of("VENDOR_JAAS", JAAS, "TENANT_B_JAAS", RESTRICTED_JAAS));
        ExternalTargetSpec vendor = (ExternalTargetSpec) file.resolve("vendor");
        assertThat(vendor.clientProperties()).containsEntry("sasl.jaas.config", JAAS);
        assertThat(vendor.restrictedPrincipal()).hasValueSatisfying(restricted -> {
            assertThat(restricted.name()).isEqualTo("User:tenant-b");
            // its own properties, not merged with the target's
            assertThat(restricted.clientProperties()).containsOnly(Map.entry("security.protocol", "SASL_SSL"),
                    Map.entry("sasl.mechanism", "SCRAM-SHA-512"), Map.entry("sasl.jaas.config", RESTRICTED_JAAS),
                    Map.entry("ssl.truststore.password", "b-store-secret"));
            assertThat(restricted.toString()).isEqualTo("User:tenant-b");
        });
        assertThat(vendor.secretValues()).contains(JAAS, RESTRICTED_JAAS, "b-pa55word", "b-store-secret");
        assertThat(vendor.toString()).doesNotContain("b-pa55word").doesNotContain("b-store-secret");
    }

    @Test
    void processAndContainerTargetsMayNameARestrictedPrincipalAndOtherTargetsHaveNone() {
        TargetsFile file = TargetsFile.parse("targets.yaml", """
                targets:
                  - name: binary
                    kind: process
                    command: [./bin/server]
                    bootstrap: 127.0.0.1:${port}
                    restrictedPrincipal:
                      principal: User:guest
                      clientProperties:
                        sasl.jaas.config: ${env:TENANT_B_JAAS}
                  - name: image
                    kind: testcontainers
                    image: vendor/broker:2
                    restrictedPrincipal:
                      principal: User:CN=guest,O=vendor
                      clientProperties: {}
                  - name: plain
                    kind: external
                    bootstrap: h:1
                  - name: kafka
                    kind: embedded
                """, Map.of("TENANT_B_JAAS", RESTRICTED_JAAS));
        ProcessTargetSpec binary = (ProcessTargetSpec) file.resolve("binary");
        assertThat(binary.restrictedPrincipal()).map(p -> p.name()).contains("User:guest");
        assertThat(binary.secretValues()).contains(RESTRICTED_JAAS, "b-pa55word");
        TestcontainersTargetSpec image = (TestcontainersTargetSpec) file.resolve("image");
        assertThat(image.restrictedPrincipal()).map(p -> p.name()).contains("User:CN=guest,O=vendor");
        assertThat(file.resolve("plain").restrictedPrincipal()).isEmpty();
        assertThat(file.resolve("kafka").restrictedPrincipal()).isEmpty();
    }

    @Test
    void aWrongRestrictedPrincipalIsNamedWithFileLineAndColumn() {
        assertThatThrownBy(() -> parse("""
                targets:
                  - name: a
                    kind: external
                    bootstrap: h:1
                    restrictedPrincipal:
                      principl: User:b
                      clientProperties: {}
                """)).isInstanceOf(ConfigException.class)
                .hasMessage("targets.yaml:6:7: targets[0].restrictedPrincipal.principl: unknown field (valid here:"
                        + " principal, clientProperties)");
        assertThatThrownBy(() -> parse("""
                targets:
                  - name: a
                    kind: external
                    bootstrap: h:1
                    restrictedPrincipal:
                      clientProperties: {}
                """)).hasMessage("targets.yaml:6:7: targets[0].restrictedPrincipal: missing field 'principal'");
        assertThatThrownBy(() -> parse("""
                targets:
                  - name: a
                    kind: external
                    bootstrap: h:1
                    restrictedPrincipal:
                      principal: tenant-b
                      clientProperties: {}
                """)).hasMessage("targets.yaml:6:18: targets[0].restrictedPrincipal.principal: 'tenant-b' is not a"
                + " principal as ACLs name it, such as User:alice");
        assertThatThrownBy(() -> parse("""
                targets:
                  - name: a
                    kind: external
                    bootstrap: h:1
                    restrictedPrincipal:
                      principal: User:b
                """)).hasMessage("targets.yaml:6:7: targets[0].restrictedPrincipal: missing field 'clientProperties'"
                + " (the client properties that authenticate as User:b)");
        assertThatThrownBy(() -> parse("""
                targets:
                  - name: a
                    kind: external
                    bootstrap: h:1
                    restrictedPrincipal: User:b
                """)).hasMessage("targets.yaml:5:26: targets[0].restrictedPrincipal: must be a mapping of fields");
        assertThatThrownBy(() -> parse("""
                targets:
                  - name: a
                    kind: embedded
                    restrictedPrincipal:
                      principal: User:b
                      clientProperties: {}
                """)).hasMessageStartingWith("targets.yaml:4:5: targets[0].restrictedPrincipal: unknown field (valid"
                + " here: name, kind, version, nodes, security, features, brokerProperties)");
    }

    @Test
    void theBuiltInTargetIsTheEmbeddedBaseline() {
        TargetsFile builtIn = TargetsFile.builtIn();
        assertThat(builtIn.resolve(builtIn.defaultTarget()))
                .isEqualTo(new EmbeddedTargetSpec("kafka-4.4", "4.4.0", Map.of()));
    }
}
