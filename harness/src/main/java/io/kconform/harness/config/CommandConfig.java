package io.kconform.harness.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The target given on the command line: {@code --bootstrap} and a {@code --command-config} file of
 * ordinary Kafka client properties, as Kafka's own command-line tools take them. Values may use
 * {@code ${env:NAME}}, as in targets.yaml.
 */
public final class CommandConfig {

    private CommandConfig() {
    }

    /**
     * An external target named {@code name}.
     *
     * @param commandConfig the properties file, or null for none
     * @throws ConfigException when the file cannot be read or a variable is not set
     */
    public static ExternalTargetSpec target(String name, String bootstrap, Path commandConfig) {
        Map<String, String> properties = new LinkedHashMap<>();
        Set<String> secretValues = new HashSet<>();
        if (commandConfig != null) {
            Properties file = new Properties();
            try (Reader reader = Files.newBufferedReader(commandConfig)) {
                file.load(reader);
            } catch (NoSuchFileException e) {
                throw new ConfigException(commandConfig.toString(), "no such file");
            } catch (IOException | IllegalArgumentException e) {
                throw new ConfigException(commandConfig.toString(), "cannot be read: " + e.getMessage());
            }
            EnvInterpolation environment = EnvInterpolation.fromSystem();
            for (String key : file.stringPropertyNames().stream().sorted().toList()) {
                Set<String> used = new HashSet<>();
                String value;
                try {
                    value = environment.resolve(file.getProperty(key), used);
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(commandConfig.toString(), 0, 0, key, e.getMessage());
                }
                if (Secrets.isSecretName(key) || !used.isEmpty()) {
                    secretValues.addAll(Secrets.secretParts(value));
                }
                properties.put(key, value);
            }
        }
        return new ExternalTargetSpec(name, bootstrap, properties, secretValues);
    }
}
