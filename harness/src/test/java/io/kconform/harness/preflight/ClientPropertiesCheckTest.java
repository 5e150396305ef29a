package io.kconform.harness.preflight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kconform.harness.config.ConfigException;
import io.kconform.harness.config.FieldOrigin;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientPropertiesCheckTest {

    private static final String SECRET = "hunter2-s3cret";
    private static final String PLAIN_JAAS = "org.apache.kafka.common.security.plain.PlainLoginModule required"
            + " username=\"alice\" password=\"" + SECRET + "\";";
    private static final Function<String, FieldOrigin> ORIGIN =
            name -> new FieldOrigin("targets.yaml", 7, 26, "targets[1].clientProperties." + name);

    @TempDir
    Path dir;

    private static List<String> check(Map<String, String> properties) {
        return ClientPropertiesCheck.check(properties, Set.of(), ORIGIN);
    }

    private static Map<String, String> props(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    @Test
    void aCompleteSecuredConfigurationPassesWithoutWarnings() throws Exception {
        Path truststore = pkcs12(SECRET);
        assertThat(check(props("security.protocol", "SASL_SSL", "sasl.mechanism", "PLAIN", "sasl.jaas.config", PLAIN_JAAS,
                "ssl.truststore.location", truststore.toString(), "ssl.truststore.password", SECRET,
                "ssl.truststore.type", "PKCS12",
                "acks", "all", "retries", "5", "enable.idempotence", "true", "isolation.level", "read_committed",
                "client.dns.lookup", "use_all_dns_ips", "security.protocol", "sasl_ssl")))
                .isEmpty();
    }

    @Test
    void anEnumValueNotAmongKafkasIsRefusedWithTheValidOnesInOrder() {
        assertThatThrownBy(() -> check(props("security.protocol", "SASL_PLAINTXT")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("targets.yaml:7:26: targets[1].clientProperties.security.protocol: SASL_PLAINTXT is not one"
                        + " of PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL");
    }

    @Test
    void acksMaybeIsRefusedNamingTheValidValues() {
        assertThatThrownBy(() -> check(props("acks", "maybe")))
                .hasMessageEndingWith("targets[1].clientProperties.acks: maybe is not one of all, -1, 0, 1");
    }

    @Test
    void aValueOfTheWrongTypeOrRangeIsRefusedInKafkasWords() {
        assertThatThrownBy(() -> check(props("retries", "three")))
                .hasMessageEndingWith("clientProperties.retries: three is not valid: not a number of type INT");
        assertThatThrownBy(() -> check(props("batch.size", "-5")))
                .hasMessageEndingWith("clientProperties.batch.size: -5 is not valid: value must be at least 0");
        assertThatThrownBy(() -> check(props("enable.idempotence", "yes")))
                .hasMessageContaining("clientProperties.enable.idempotence: yes is not valid:");
    }

    @Test
    void aClassThatCannotBeLoadedIsRefused() {
        assertThatThrownBy(() -> check(props("sasl.login.callback.handler.class", "com.example.NoSuchHandler")))
                .hasMessageContaining("sasl.login.callback.handler.class: com.example.NoSuchHandler is not valid:")
                .hasMessageContaining("could not be found");
    }

    @Test
    void anUnknownLoginModuleIsRefusedByNameWithoutItsPassword() {
        assertThatThrownBy(() -> check(props("sasl.jaas.config", "com.example.NoSuchLoginModule required username=\"u\""
                + " password=\"" + SECRET + "\";")))
                .hasMessageContaining("sasl.jaas.config: login module com.example.NoSuchLoginModule cannot be loaded")
                .message().doesNotContain(SECRET);
    }

    @Test
    void aClassThatIsNoLoginModuleIsRefused() {
        assertThatThrownBy(() -> check(props("sasl.jaas.config", "java.lang.String required;")))
                .hasMessageContaining("login module java.lang.String is not a javax.security.auth.spi.LoginModule");
    }

    @Test
    void aJaasTextKafkaCannotParseIsRefusedWithoutEchoingWhatItQuotes() {
        assertThatThrownBy(() -> check(props("sasl.jaas.config", "PlainLoginModule " + SECRET + " username=\"u\";")))
                .hasMessageContaining("sasl.jaas.config: not a JAAS configuration Kafka can read")
                .message().doesNotContain(SECRET);
        assertThatThrownBy(() -> check(props("sasl.jaas.config", PLAIN_JAAS.replace(";", ""))))
                .hasMessageContaining("not terminated by semi-colon")
                .message().doesNotContain(SECRET);
    }

    @Test
    void aMissingTruststoreIsRefusedNamingPropertyAndPath() {
        Path missing = dir.resolve("missing.jks");
        assertThatThrownBy(() -> check(props("ssl.truststore.location", missing.toString(),
                "ssl.truststore.password", SECRET)))
                .hasMessage("targets.yaml:7:26: targets[1].clientProperties.ssl.truststore.location: " + missing
                        + " does not exist (relative paths are read from " + Path.of("").toAbsolutePath() + ")")
                .message().doesNotContain(SECRET);
        assertThatThrownBy(() -> check(props("ssl.keystore.location", dir.toString())))
                .hasMessageEndingWith("ssl.keystore.location: " + dir + " is not a file");
    }

    @Test
    void aStorePathFromTheEnvironmentIsNotShown() {
        String path = dir.resolve("secret-place.jks").toString();
        assertThatThrownBy(() -> ClientPropertiesCheck.check(props("ssl.truststore.location", path), Set.of(path), ORIGIN))
                .hasMessageEndingWith("ssl.truststore.location: the file named by the environment does not exist"
                        + " (relative paths are read from " + Path.of("").toAbsolutePath() + ")")
                .message().doesNotContain("secret-place");
    }

    @Test
    void anInvalidValueFromTheEnvironmentOrOfASecretPropertyIsShownHidden() {
        assertThatThrownBy(() -> ClientPropertiesCheck.check(props("acks", SECRET), Set.of(SECRET), ORIGIN))
                .hasMessageEndingWith("acks: [hidden] is not one of all, -1, 0, 1")
                .message().doesNotContain(SECRET);
    }

    @Test
    void anUnknownNameIsAWarningNamingTheNearestKnownName() {
        assertThat(check(props("secutiry.protocol", "SSL", "acks", "all", "ackss", "1")))
                .containsExactly(
                        "targets.yaml:7:26: targets[1].clientProperties.secutiry.protocol: not a property of Kafka's"
                                + " producer, consumer or admin client (did you mean security.protocol?); passed to the"
                                + " clients as written (a plugin may read it)",
                        "targets.yaml:7:26: targets[1].clientProperties.ackss: not a property of Kafka's producer,"
                                + " consumer or admin client (did you mean acks?); passed to the clients as written"
                                + " (a plugin may read it)");
        assertThat(check(props("awsRoleArn", "arn:aws:iam::1:role/x"))).singleElement().asString()
                .doesNotContain("did you mean");
    }

    @Test
    void aPerClientPrefixIsAWarningSayingThatEveryClientGetsTheSameProperties() {
        assertThat(check(props("producer.acks", "all"))).singleElement().asString()
                .contains("targets[1].clientProperties.producer.acks: kconform gives the same client properties to every"
                        + " producer, consumer and admin client it makes, without per-client prefixes; write acks");
    }

    @Test
    void configProvidersAndTheValuesTheyResolveAreLeftToKafka() {
        assertThat(check(props("config.providers", "file",
                "config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider",
                "ssl.truststore.location", "${file:/etc/kafka/secrets.properties:truststore}",
                "acks", "${file:/etc/kafka/producer.properties:acks}"))).isEmpty();
    }

    @Test
    void distanceCountsEditsAndSwaps() {
        assertThat(ClientPropertiesCheck.distance("acks", "acks")).isZero();
        assertThat(ClientPropertiesCheck.distance("ackss", "acks")).isEqualTo(1);
        assertThat(ClientPropertiesCheck.distance("akcs", "acks")).isEqualTo(1);
        assertThat(ClientPropertiesCheck.distance("secutiry.protocol", "security.protocol")).isEqualTo(2);
    }

    private Path pkcs12(String password) throws Exception {
        java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setEntry("k", new java.security.KeyStore.SecretKeyEntry(new javax.crypto.spec.SecretKeySpec(new byte[16], "AES")),
                new java.security.KeyStore.PasswordProtection(password.toCharArray()));
        Path file = dir.resolve("store.p12");
        try (var out = Files.newOutputStream(file)) {
            store.store(out, password.toCharArray());
        }
        return file;
    }

    @Test
    void aStoreOpensWithItsPasswordOrIsRefusedWithoutShowingIt() throws Exception {
        Path store = pkcs12(SECRET);
        assertThat(check(props("ssl.keystore.location", store.toString(), "ssl.keystore.type", "PKCS12",
                "ssl.keystore.password", SECRET))).isEmpty();
        assertThatThrownBy(() -> check(props("ssl.keystore.location", store.toString(), "ssl.keystore.type", "PKCS12",
                "ssl.keystore.password", "not-" + SECRET)))
                .hasMessageEndingWith("ssl.keystore.location: " + store + " cannot be opened as a PKCS12 store with"
                        + " ssl.keystore.password (wrong password?)")
                .message().doesNotContain(SECRET);
        Path notAStore = Files.writeString(dir.resolve("trust.jks"), "these bytes are no keystore");
        assertThatThrownBy(() -> check(props("ssl.truststore.location", notAStore.toString())))
                .hasMessageContaining("ssl.truststore.location: " + notAStore + " cannot be opened as a JKS store");
        assertThat(check(props("ssl.truststore.location", notAStore.toString(), "ssl.truststore.type", "PEM")))
                .as("PEM stores are Kafka's to read").isEmpty();
    }

    @Test
    void aSaslProtocolWithoutAJaasConfigurationIsRefusedAtTheProtocol() {
        assertThatThrownBy(() -> check(props("security.protocol", "SASL_SSL", "sasl.mechanism", "PLAIN")))
                .hasMessageStartingWith("targets.yaml:7:26: targets[1].clientProperties.security.protocol: SASL_SSL needs"
                        + " sasl.jaas.config");
        assertThat(check(props("security.protocol", "SSL"))).isEmpty();
    }
}
