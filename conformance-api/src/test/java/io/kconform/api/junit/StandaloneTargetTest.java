package io.kconform.api.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kconform.api.target.EnvInterpolation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.io.TempDir;

/** The client properties of a plain JUnit run: {@code ${env:NAME}} resolved as the CLI does, secrets never shown. */
class StandaloneTargetTest {

    private static final EnvInterpolation ENVIRONMENT =
            new EnvInterpolation(Map.of("VENDOR_JAAS", "org.example.Login required password=\"s3cret\";")::get);

    @Test
    void environmentReferencesAreResolved(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("client.properties"),
                "security.protocol=SASL_SSL\nsasl.jaas.config=${env:VENDOR_JAAS}\n");
        Map<String, Object> properties = new HashMap<>();

        StandaloneTarget.load(file, ENVIRONMENT, properties);

        assertThat(properties).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.jaas.config", "org.example.Login required password=\"s3cret\";");
    }

    @Test
    void anUnsetVariableNamesTheFilePropertyAndVariableButNoValue(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("client.properties"),
                "ssl.truststore.password=${env:TRUSTSTORE_PASSWORD}\nsasl.jaas.config=${env:VENDOR_JAAS}\n");

        assertThatThrownBy(() -> StandaloneTarget.load(file, ENVIRONMENT, new HashMap<>()))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("ssl.truststore.password")
                .hasMessageContaining("TRUSTSTORE_PASSWORD")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void aMissingFileIsNamed(@TempDir Path dir) {
        Path file = dir.resolve("absent.properties");

        assertThatThrownBy(() -> StandaloneTarget.load(file, ENVIRONMENT, new HashMap<>()))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining("kconform.client-properties file " + file);
    }
}
