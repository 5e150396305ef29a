package io.kconform.harness.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecretsTest {

    @Test
    void recognisesTheSecretPropertiesOfKafkaClients() {
        assertThat(Secrets.isSecretName("sasl.jaas.config")).isTrue();
        assertThat(Secrets.isSecretName("ssl.keystore.password")).isTrue();
        assertThat(Secrets.isSecretName("ssl.key.password")).isTrue();
        assertThat(Secrets.isSecretName("ssl.keystore.key")).isTrue();
        assertThat(Secrets.isSecretName("sasl.oauthbearer.client.credentials.client.secret")).isTrue();
        assertThat(Secrets.isSecretName("basic.auth.user.info")).isTrue();
        assertThat(Secrets.isSecretName("security.protocol")).isFalse();
        assertThat(Secrets.isSecretName("sasl.mechanism")).isFalse();
        assertThat(Secrets.isSecretName("ssl.truststore.location")).isFalse();
    }

    @Test
    void aJaasConfigHidesItsPasswordAlone() {
        assertThat(Secrets.secretParts("PlainLoginModule required username=\"u\" password=\"p4ss\";"))
                .containsExactly("PlainLoginModule required username=\"u\" password=\"p4ss\";", "p4ss");
    }
}
