package io.kconform.harness.config;

import io.kconform.api.target.EnvInterpolation;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;

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
        if (commandConfig == null) {
            return new ExternalTargetSpec(name, bootstrap, Map.of(), Set.of());
        }
        Properties file = new Properties();
        try (Reader reader = Files.newBufferedReader(commandConfig)) {
            file.load(reader);
        } catch (NoSuchFileException e) {
            throw new ConfigException(commandConfig.toString(), "no such file");
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException(commandConfig.toString(), "cannot be read: " + e.getMessage());
        }
        Map<String, String> raw = new LinkedHashMap<>();
        file.stringPropertyNames().forEach(key -> raw.put(key, file.getProperty(key)));
        return target(name, bootstrap, raw, commandConfig.toString(), key -> lineOf(commandConfig, key));
    }

    /**
     * An external target named {@code name} whose client properties are given as they are written (a build tool's
     * configuration, for instance), {@code ${env:NAME}} resolved and secrets marked exactly as for a
     * {@code --command-config} file.
     *
     * @param source where the properties are written, for messages
     * @throws ConfigException when a variable is not set
     */
    public static ExternalTargetSpec target(String name, String bootstrap, Map<String, String> clientProperties,
                                            String source) {
        return target(name, bootstrap, clientProperties, source, key -> 0);
    }

    private static ExternalTargetSpec target(String name, String bootstrap, Map<String, String> raw, String source,
                                             java.util.function.ToIntFunction<String> lineOf) {
        Map<String, String> properties = new LinkedHashMap<>();
        Set<String> secretValues = new HashSet<>();
        EnvInterpolation environment = EnvInterpolation.fromSystem();
        for (String key : raw.keySet().stream().sorted().toList()) {
            Set<String> used = new HashSet<>();
            String value;
            try {
                value = environment.resolve(raw.get(key), used);
            } catch (IllegalArgumentException e) {
                throw new UnsetVariableException(source, lineOf.applyAsInt(key), 0, key, e.getMessage());
            }
            if (Secrets.isSecretName(key) || !used.isEmpty()) {
                secretValues.addAll(Secrets.secretParts(value));
            }
            properties.put(key, value);
        }
        return new ExternalTargetSpec(name, bootstrap, properties, secretValues);
    }

    /**
     * Where a property of a {@code --command-config} file is written (the line that sets it last, as
     * {@link Properties} keeps the last), for messages about its value; a bootstrap problem is located at
     * the {@code --bootstrap} option.
     *
     * @param path {@code clientProperties} and the property's name, or {@code bootstrap}
     */
    public static FieldOrigin origin(Path commandConfig, String... path) {
        if (commandConfig == null || path.length < 2) {
            return new FieldOrigin(path.length > 0 && path[0].equals("bootstrap") ? "--bootstrap" : "--command-config",
                    0, 0, "");
        }
        String key = path[path.length - 1];
        return new FieldOrigin(commandConfig.toString(), lineOf(commandConfig, key), 0, key);
    }

    /** The 1-based line that sets {@code key} last, or 0 when it cannot be told (continued lines, escapes). */
    private static int lineOf(Path file, String key) {
        Pattern setting = Pattern.compile("^\\s*" + Pattern.quote(key) + "\\s*[=:\\s].*|^\\s*" + Pattern.quote(key) + "$");
        try {
            List<String> lines = Files.readAllLines(file);
            int found = 0;
            for (int i = 0; i < lines.size(); i++) {
                if (setting.matcher(lines.get(i)).matches()) {
                    found = i + 1;
                }
            }
            return found;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
