package io.kconform.harness.launch;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.harness.config.EmbeddedSecurity;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.security.ssl.SslPrincipalMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ListenerSecurityTest {

    @TempDir
    Path dir;

    @Test
    void saslSslWithScramMakesStoresCredentialsAndAuthorizerSettings() throws Exception {
        Path secrets = dir.resolve("security");
        try (ListenerSecurity security = ListenerSecurity.generate(
                new EmbeddedSecurity("SASL_SSL", "SCRAM-SHA-512", true), secrets)) {
            assertThat(security.protocol()).isEqualTo("SASL_SSL");
            Map<String, String> broker = security.nodeProperties(true, true);
            assertThat(broker).containsEntry("sasl.enabled.mechanisms", "SCRAM-SHA-512")
                    .containsEntry("sasl.mechanism.inter.broker.protocol", "SCRAM-SHA-512")
                    .containsEntry("ssl.keystore.type", "PKCS12")
                    .containsEntry("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer")
                    .containsEntry("super.users", "User:kconform-admin;User:kconform-broker;User:ANONYMOUS")
                    .containsKey("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config")
                    .doesNotContainKey("ssl.client.auth");
            // a dedicated broker has no PLAINTEXT listener: the anonymous principal is no super user there
            assertThat(security.nodeProperties(true, false))
                    .containsEntry("super.users", "User:kconform-admin;User:kconform-broker");
            assertThat(security.nodeProperties(false, true)).doesNotContainKeys("ssl.keystore.location",
                    "sasl.enabled.mechanisms").containsKey("authorizer.class.name");

            Map<String, Object> admin = security.adminClientProperties();
            assertThat(admin).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism",
                    "SCRAM-SHA-512").doesNotContainKey("ssl.keystore.location");
            assertThat((String) admin.get("sasl.jaas.config")).contains("username=\"kconform-admin\"");
            assertThat(security.restrictedPrincipal()).hasValueSatisfying(p -> {
                assertThat(p.name()).isEqualTo("User:kconform-restricted");
                assertThat((String) p.clientProperties().get("sasl.jaas.config"))
                        .contains("username=\"kconform-restricted\"");
                assertThat(p.toString()).doesNotContain("password");
            });

            // every secret is known to the redactor, and none is on the storage tool's command line
            String adminPassword = password((String) admin.get("sasl.jaas.config"));
            assertThat(security.secretValues()).contains(adminPassword, (String) admin.get("ssl.truststore.password"));
            assertThat(security.formatArguments()).hasSize(6).filteredOn(a -> !a.equals("--add-scram"))
                    .allMatch(a -> a.startsWith("SCRAM-SHA-512=[name=kconform-") && a.contains("saltedpassword="));
            assertThat(String.join(" ", security.formatArguments())).doesNotContain(adminPassword);

            KeyStore trust = load(Path.of((String) admin.get("ssl.truststore.location")),
                    (String) admin.get("ssl.truststore.password"));
            X509Certificate ca = (X509Certificate) trust.getCertificate("kconform-ca");
            KeyStore keys = load(Path.of(broker.get("ssl.keystore.location")), broker.get("ssl.keystore.password"));
            X509Certificate brokerCert = (X509Certificate) keys.getCertificate("kconform-broker");
            brokerCert.verify(ca.getPublicKey());
            brokerCert.checkValidity();
            List<Object> names = brokerCert.getSubjectAlternativeNames().stream().map(san -> (Object) san.get(1)).toList();
            assertThat(names).containsExactlyInAnyOrder("127.0.0.1", "localhost");
            assertThat(Files.getPosixFilePermissions(secrets)).hasSize(3);
        }
        assertThat(secrets).doesNotExist();
    }

    @Test
    void sslAloneIsMutualTlsWithTheCommonNameAsPrincipal() throws Exception {
        try (ListenerSecurity security = ListenerSecurity.generate(new EmbeddedSecurity("SSL", "SCRAM-SHA-512", true),
                dir.resolve("s"))) {
            assertThat(security.nodeProperties(true, false)).containsEntry("ssl.client.auth", "required")
                    .containsKey("ssl.principal.mapping.rules").doesNotContainKey("sasl.enabled.mechanisms");
            assertThat(security.adminClientProperties()).containsEntry("security.protocol", "SSL")
                    .containsKey("ssl.keystore.location").doesNotContainKey("sasl.jaas.config");
            assertThat(security.restrictedPrincipal().orElseThrow().clientProperties().get("ssl.keystore.location"))
                    .asString().endsWith("kconform-restricted.p12");
            // the broker maps each certificate's subject, as the JDK renders it, to the principal's name
            Map<String, Object> admin = security.adminClientProperties();
            KeyStore keys = load(Path.of((String) admin.get("ssl.keystore.location")),
                    (String) admin.get("ssl.keystore.password"));
            String subject = ((X509Certificate) keys.getCertificate("kconform-admin")).getSubjectX500Principal()
                    .getName();
            assertThat(SslPrincipalMapper.fromRules(ListenerSecurity.PRINCIPAL_MAPPING).getName(subject))
                    .isEqualTo("kconform-admin");
            assertThat(SslPrincipalMapper.fromRules(ListenerSecurity.PRINCIPAL_MAPPING).getName(
                    "CN=kconform-broker,O=kconform")).isEqualTo("kconform-broker");
            assertThat(security.formatArguments()).isEmpty();
        }
    }

    @Test
    void plainKeepsItsUsersInTheListenerAndNeedsNoStorageCredentials() {
        try (ListenerSecurity security = ListenerSecurity.generate(
                new EmbeddedSecurity("SASL_PLAINTEXT", "PLAIN", false), dir.resolve("p"))) {
            String jaas = security.nodeProperties(true, true).get("listener.name.sasl_plaintext.plain.sasl.jaas.config");
            assertThat(jaas).contains("user_kconform-admin=", "user_kconform-restricted=", "user_kconform-broker=");
            assertThat(security.formatArguments()).isEmpty();
            assertThat(security.nodeProperties(true, true)).doesNotContainKeys("authorizer.class.name",
                    "ssl.keystore.location");
            assertThat(security.restrictedPrincipal()).as("no ACLs, so no restricted principal").isEmpty();
        }
    }

    @Test
    void plaintextMakesNothing() {
        ListenerSecurity security = ListenerSecurity.plaintext();
        assertThat(security.protocol()).isEqualTo("PLAINTEXT");
        assertThat(security.nodeProperties(true, true)).isEmpty();
        assertThat(security.adminClientProperties()).isEmpty();
        assertThat(security.secretValues()).isEmpty();
        assertThat(security.secretsDir()).isEmpty();
    }

    @Test
    void explainsWhatAReleaseOrAProtocolCannotDo() {
        assertThat(ListenerSecurity.unsupported(new EmbeddedSecurity("PLAINTEXT", "PLAIN", true), "4.4.0"))
                .hasValueSatisfying(r -> assertThat(r).contains("authenticates clients"));
        assertThat(ListenerSecurity.unsupported(new EmbeddedSecurity("SASL_SSL", "SCRAM-SHA-256", false), "3.4.1"))
                .hasValueSatisfying(r -> assertThat(r).contains("3.5 or later", "KIP-900"));
        assertThat(ListenerSecurity.unsupported(new EmbeddedSecurity("SASL_SSL", "PLAIN", true), "3.3.2")).isEmpty();
        assertThat(ListenerSecurity.unsupported(new EmbeddedSecurity("SASL_SSL", "SCRAM-SHA-512", true), "3.5.0")).isEmpty();
    }

    private static String password(String jaas) {
        int start = jaas.indexOf("password=\"") + 10;
        return jaas.substring(start, jaas.indexOf('"', start));
    }

    private static KeyStore load(Path file, String password) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password.toCharArray());
        }
        return store;
    }
}
