package io.kconform.harness.preflight;

import io.kconform.harness.config.FieldOrigin;
import io.kconform.harness.config.Secrets;
import io.kconform.harness.run.Redactor;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.spi.LoginModule;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.security.JaasContext;
import org.apache.kafka.common.security.JaasUtils;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.utils.Utils;

/**
 * Checks the client properties a user gives a target the way Kafka's clients will read them, before
 * anything starts, so that a typo is a configuration error naming the property instead of a stack trace
 * or a run whose every check ends in ERROR.
 *
 * <ul>
 *   <li>A property's value must parse with the type and pass the validator of every one of Kafka's producer,
 *       consumer and admin client definitions ({@code ProducerConfig.configDef()}, ...) that defines it:
 *       the same map is given to all three kinds of client.</li>
 *   <li>{@code sasl.jaas.config} must parse as Kafka parses it, and each login module it names must be a
 *       {@link LoginModule} on kconform's class path.</li>
 *   <li>{@code ssl.truststore.location} and {@code ssl.keystore.location} must name readable files, which open
 *       as stores of their type ({@code JKS} by default, {@code PKCS12}) with their passwords.</li>
 *   <li>A SASL {@code security.protocol} needs {@code sasl.jaas.config} (or a JAAS file named by the JVM's
 *       {@code java.security.auth.login.config}).</li>
 *   <li>A name none of the three defines is a warning naming the nearest known name, not an error: Kafka's
 *       clients pass every property on to the plugins they load (login callback handlers, interceptors,
 *       metrics reporters, config providers), which read names of their own, and themselves only log such
 *       names as unused. A known name behind a per-client prefix ({@code producer.acks}) is a warning saying
 *       that every client gets the same properties.</li>
 *   <li>A value with a {@code ${provider:...}} reference is left for Kafka's config providers to resolve and is
 *       not checked.</li>
 * </ul>
 * Secret values (those of password-typed or secret-named properties and those read from the environment)
 * never appear in a message: they are shown as {@value Redactor#MASK}. Stateless and thread-safe.
 */
public final class ClientPropertiesCheck {

    private record Definition(String client, ConfigDef def) {
    }

    private static final List<Definition> DEFINITIONS = List.of(
            new Definition("producer", ProducerConfig.configDef()),
            new Definition("consumer", ConsumerConfig.configDef()),
            new Definition("admin client", AdminClientConfig.configDef()));
    /** Kafka reads these in AbstractConfig rather than in a ConfigDef (KIP-297 config providers). */
    private static final String CONFIG_PROVIDERS = "config.providers";
    private static final Pattern PROVIDER_REFERENCE = Pattern.compile("\\$\\{[^}]*}");
    private static final List<String> STORE_LOCATIONS = List.of(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG,
            SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG);
    /** The order the valid values are best read in, where Kafka keeps them in a set without one. */
    private static final Map<String, List<String>> VALUE_ORDER = Map.of(
            CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, List.of(Utils.enumOptions(SecurityProtocol.class)));
    private static final Set<String> KNOWN_NAMES = DEFINITIONS.stream().flatMap(d -> d.def().names().stream())
            .collect(Collectors.toCollection(TreeSet::new));

    private ClientPropertiesCheck() {
    }

    /**
     * Checks every property, in the given order.
     *
     * @param properties   the properties as the clients will get them ({@code ${env:NAME}} already resolved)
     * @param secretValues values never to be shown
     * @param origin       where a property is written, for the message, by its name
     * @return warnings, each a sentence naming where the property is written
     * @throws io.kconform.harness.config.ConfigException naming where the first bad property is written and
     *                                                    what is valid
     */
    public static List<String> check(Map<String, ?> properties, Collection<String> secretValues,
                                     Function<String, FieldOrigin> origin) {
        List<String> warnings = new ArrayList<>();
        for (Map.Entry<String, ?> entry : properties.entrySet()) {
            String name = entry.getKey();
            String value = String.valueOf(entry.getValue());
            List<Definition> defining = DEFINITIONS.stream().filter(d -> d.def().configKeys().containsKey(name)).toList();
            if (defining.isEmpty()) {
                if (!name.equals(CONFIG_PROVIDERS) && !name.startsWith(CONFIG_PROVIDERS + ".")) {
                    warnings.add(origin.apply(name).problem(unknownName(name)).getMessage());
                }
                continue;
            }
            if (PROVIDER_REFERENCE.matcher(value).find()) {
                continue;
            }
            boolean secret = Secrets.isSecretName(name) || secretValues.contains(value)
                    || defining.stream().anyMatch(d -> d.def().configKeys().get(name).type == ConfigDef.Type.PASSWORD);
            Redactor redactor = new Redactor(secret ? Secrets.secretParts(value) : List.of());
            for (Definition definition : defining) {
                ConfigDef.ConfigKey key = definition.def().configKeys().get(name);
                try {
                    Object parsed = ConfigDef.parseType(name, value, key.type);
                    if (key.validator != null) {
                        key.validator.ensureValid(name, parsed);
                    }
                } catch (ConfigException e) {
                    throw origin.apply(name).problem(redactor.apply(invalidValue(key, value, secret, e)));
                }
            }
            if (name.equals(SaslConfigs.SASL_JAAS_CONFIG)) {
                jaasProblem(value).ifPresent(problem -> {
                    throw origin.apply(name).problem(redactor.apply(problem));
                });
            }
            if (STORE_LOCATIONS.contains(name)) {
                storeFileProblem(value, secretValues.contains(value))
                        .or(() -> storeProblem(name, value, properties, secretValues.contains(value)))
                        .ifPresent(problem -> {
                            throw origin.apply(name).problem(problem);
                        });
            }
        }
        saslWithoutJaas(properties).ifPresent(problem -> {
            throw origin.apply(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG).problem(problem);
        });
        return warnings;
    }

    /**
     * A SASL protocol needs a JAAS configuration: without {@code sasl.jaas.config} or a JAAS file named by
     * {@code -Djava.security.auth.login.config}, Kafka's clients cannot even be created.
     */
    private static Optional<String> saslWithoutJaas(Map<String, ?> properties) {
        Object protocol = properties.get(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG);
        if (protocol == null || !String.valueOf(protocol).toUpperCase(java.util.Locale.ROOT).startsWith("SASL_")
                || properties.containsKey(SaslConfigs.SASL_JAAS_CONFIG)
                || System.getProperty(JaasUtils.JAVA_LOGIN_CONFIG_PARAM) != null) {
            return Optional.empty();
        }
        return Optional.of(protocol + " needs sasl.jaas.config (the login module and its credentials, e.g."
                + " org.apache.kafka.common.security.scram.ScramLoginModule required username=\"...\" password=\"...\";)");
    }

    /**
     * Opens a JKS or PKCS12 store with its password as Kafka's clients will when they start, so that a wrong
     * password or type is a configuration error rather than a client that cannot be created. PEM stores and
     * values left to config providers are not opened. Neither the password nor, where it came from the
     * environment, the path is shown.
     */
    private static Optional<String> storeProblem(String locationName, String location, Map<String, ?> properties,
                                                 boolean secretPath) {
        String prefix = locationName.substring(0, locationName.length() - ".location".length());
        String type = Optional.ofNullable(properties.get(prefix + ".type")).map(String::valueOf).orElse("JKS").strip();
        Object password = properties.get(prefix + ".password");
        if (type.equalsIgnoreCase("PEM") || PROVIDER_REFERENCE.matcher(type).find()
                || (password != null && PROVIDER_REFERENCE.matcher(String.valueOf(password)).find())) {
            return Optional.empty();
        }
        String shown = secretPath ? "the file named by the environment" : location;
        java.security.KeyStore store;
        try {
            store = java.security.KeyStore.getInstance(type);
        } catch (java.security.KeyStoreException e) {
            return Optional.of(shown + ": " + prefix + ".type " + type + " is not a store type this Java knows"
                    + " (JKS, PKCS12 or PEM)");
        }
        try (java.io.InputStream in = Files.newInputStream(Path.of(location))) {
            store.load(in, password == null ? null : String.valueOf(password).toCharArray());
            return Optional.empty();
        } catch (java.io.IOException | java.security.GeneralSecurityException e) {
            boolean wrongPassword = e.getCause() instanceof java.security.UnrecoverableKeyException
                    || String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("password");
            return Optional.of(shown + " cannot be opened as a " + type + " store" + (wrongPassword
                    ? (password == null ? " without " + prefix + ".password" : " with " + prefix + ".password (wrong password?)")
                    : ": " + new Redactor(password == null ? List.of() : List.of(String.valueOf(password)))
                            .apply(String.valueOf(e.getMessage()))));
        }
    }

    /** "maybe is not one of all, -1, 0, 1", or the validator's own words for other rules. */
    private static String invalidValue(ConfigDef.ConfigKey key, String value, boolean secret, ConfigException e) {
        String shown = secret ? Redactor.MASK : value.isEmpty() ? "an empty value" : value;
        if (key.validator instanceof ConfigDef.ValidString || key.validator instanceof ConfigDef.CaseInsensitiveValidString) {
            return shown + " is not one of " + String.join(", ", validValues(key));
        }
        String reason = Optional.ofNullable(e.getMessage()).orElse("not valid");
        int colon = reason.indexOf("for configuration " + key.name + ":");
        if (colon >= 0) {
            reason = reason.substring(colon + ("for configuration " + key.name + ":").length()).strip();
        }
        if (!reason.isEmpty()) {
            reason = Character.toLowerCase(reason.charAt(0)) + reason.substring(1);
        }
        return shown + " is not valid: " + reason;
    }

    private static List<String> validValues(ConfigDef.ConfigKey key) {
        List<String> ordered = VALUE_ORDER.get(key.name);
        if (ordered != null) {
            return ordered;
        }
        // ValidString prints "[a, b]", CaseInsensitiveValidString "(case insensitive) [a, b]".
        String text = key.validator.toString();
        int open = text.indexOf('[');
        int close = text.lastIndexOf(']');
        if (open < 0 || close < open) {
            return List.of(text);
        }
        return Arrays.stream(text.substring(open + 1, close).split(",")).map(String::strip).toList();
    }

    /**
     * Parses the JAAS configuration as Kafka's clients do and loads each login module it names. Kafka's
     * parse errors quote the text they stumbled on, which may be a password: quoted text is hidden.
     */
    private static Optional<String> jaasProblem(String value) {
        List<AppConfigurationEntry> entries;
        try {
            entries = JaasContext.loadClientContext(Map.of(SaslConfigs.SASL_JAAS_CONFIG, new Password(value)))
                    .configurationEntries();
        } catch (IllegalArgumentException | SecurityException e) {
            String reason = String.valueOf(e.getMessage()).replaceAll("'[^']*'", Redactor.MASK);
            return Optional.of("not a JAAS configuration Kafka can read: " + reason + " (expected: <login module class>"
                    + " required <option>=\"<value>\" ... ;)");
        }
        for (AppConfigurationEntry entry : entries) {
            String module = entry.getLoginModuleName();
            try {
                Class<?> type = Class.forName(module, false, ClientPropertiesCheck.class.getClassLoader());
                if (!LoginModule.class.isAssignableFrom(type)) {
                    return Optional.of("login module " + module + " is not a javax.security.auth.spi.LoginModule");
                }
            } catch (ClassNotFoundException | LinkageError e) {
                return Optional.of("login module " + module + " cannot be loaded: no such class on kconform's class path"
                        + " (Kafka's own are org.apache.kafka.common.security.plain.PlainLoginModule,"
                        + " org.apache.kafka.common.security.scram.ScramLoginModule,"
                        + " org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule and"
                        + " com.sun.security.auth.module.Krb5LoginModule)");
            }
        }
        return Optional.empty();
    }

    private static Optional<String> storeFileProblem(String location, boolean secret) {
        if (location.isBlank()) {
            return Optional.empty();
        }
        String shown = secret ? "the file named by the environment" : location;
        Path path;
        try {
            path = Path.of(location);
        } catch (InvalidPathException e) {
            return Optional.of(shown + " is not a valid path");
        }
        if (!Files.exists(path)) {
            return Optional.of(shown + " does not exist (relative paths are read from " + Path.of("").toAbsolutePath() + ")");
        }
        if (!Files.isRegularFile(path)) {
            return Optional.of(shown + " is not a file");
        }
        if (!Files.isReadable(path)) {
            return Optional.of(shown + " cannot be read by this user");
        }
        return Optional.empty();
    }

    private static String unknownName(String name) {
        for (String prefix : List.of("producer.", "consumer.", "admin.", "main.consumer.", "restore.consumer.")) {
            String rest = name.substring(Math.min(name.length(), prefix.length()));
            if (name.startsWith(prefix) && KNOWN_NAMES.contains(rest)) {
                return "kconform gives the same client properties to every producer, consumer and admin client it"
                        + " makes, without per-client prefixes; write " + rest + " (this one is passed on as written,"
                        + " and Kafka's clients ignore it)";
            }
        }
        String nearest = null;
        int best = Integer.MAX_VALUE;
        for (String known : KNOWN_NAMES) {
            int distance = distance(name, known);
            if (distance < best) {
                best = distance;
                nearest = known;
            }
        }
        String text = "not a property of Kafka's producer, consumer or admin client";
        if (nearest != null && best <= Math.max(2, name.length() / 4)) {
            text += " (did you mean " + nearest + "?)";
        }
        return text + "; passed to the clients as written (a plugin may read it)";
    }

    /** Edits between two names: an inserted, removed or replaced character, or two neighbours swapped, count one each. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
