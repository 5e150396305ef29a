package io.kconform.harness.config;

import io.kconform.api.target.ClientPrincipal;
import io.kconform.api.target.EnvInterpolation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * targets.yaml, read and checked: the named targets a run can use. Every error names the file, the
 * line and column, and the field. {@code ${env:NAME}} references are resolved only for the targets a
 * run uses, so a variable needed by another target need not be set. Immutable.
 *
 * <pre>
 * default: kafka-4.4            # optional; otherwise the first target
 * targets:
 *   - name: kafka-4.4
 *     kind: embedded
 *     version: 4.4.0            # optional, default 4.4.0
 *     brokerProperties:         # optional
 *       log.cleaner.enable: "false"
 *   - name: my-vendor
 *     kind: external
 *     bootstrap: broker.example.com:9092
 *     clientProperties:         # optional; ordinary Kafka client properties
 *       security.protocol: SASL_SSL
 *       sasl.jaas.config: ${env:VENDOR_JAAS}
 *     restrictedPrincipal:      # optional; a second principal the endpoint grants no ACL
 *       principal: User:tenant-b
 *       clientProperties:       # that principal's own, complete client properties
 *         security.protocol: SASL_SSL
 *         sasl.jaas.config: ${env:TENANT_B_JAAS}
 * </pre>
 */
public final class TargetsFile {

    /** The file a run reads when none is named, in the working directory. */
    public static final String DEFAULT_FILE = "targets.yaml";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Pattern VERSION = Pattern.compile("\\d+\\.\\d+\\.\\d+");
    private static final List<String> TOP_FIELDS = List.of("default", "targets");
    private static final Map<String, List<String>> FIELDS_BY_KIND = Map.of(
            "embedded", List.of("name", "kind", "version", "nodes", "security", "features", "brokerProperties"),
            "external", List.of("name", "kind", "bootstrap", "clientProperties", "restrictedPrincipal"),
            "process", List.of("name", "kind", "command", "env", "workDir", "bootstrap", "clientProperties",
                    "restrictedPrincipal", "startTimeout"),
            "testcontainers", List.of("name", "kind", "image", "env", "port", "bootstrap", "clientProperties",
                    "restrictedPrincipal", "startTimeout"));
    private static final List<String> SECURITY_FIELDS = List.of("protocol", "saslMechanism", "authorizer");
    private static final List<String> RESTRICTED_PRINCIPAL_FIELDS = List.of("principal", "clientProperties");
    /** A principal as ACLs name it: a type, a colon and a name, e.g. {@code User:alice}. */
    private static final Pattern PRINCIPAL = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*:.+");
    private static final int MAX_NODES = 5;

    private final String source;
    private final Map<String, MappingNode> targets;
    private final String defaultTarget;
    private final EnvInterpolation environment;

    private TargetsFile(String source, Map<String, MappingNode> targets, String defaultTarget, EnvInterpolation environment) {
        this.source = source;
        this.targets = targets;
        this.defaultTarget = defaultTarget;
        this.environment = environment;
    }

    /**
     * Reads and checks a targets file.
     *
     * @throws ConfigException naming the file, line and field of the first problem
     */
    public static TargetsFile load(Path file) {
        String text = YamlSource.read(file);
        return parse(file.toString(), text, EnvInterpolation.fromSystem());
    }

    /** The targets a run uses when there is no targets.yaml: Apache Kafka 4.4.0, embedded. */
    public static TargetsFile builtIn() {
        return parse("(built-in targets)", """
                targets:
                  - name: kafka-4.4
                    kind: embedded
                    version: %s
                """.formatted(EmbeddedTargetSpec.DEFAULT_VERSION), EnvInterpolation.fromSystem());
    }

    static TargetsFile parse(String source, String text, EnvInterpolation environment) {
        Node root = YamlSource.compose(source, text, "is empty; it needs a 'targets:' list");
        Reader reader = new Reader(source);
        MappingNode top = reader.mapping(root, "");
        Map<String, Node> fields = reader.fields(top, "", TOP_FIELDS);
        Node list = fields.get("targets");
        if (list == null) {
            throw reader.error(top, "", "missing field 'targets' (a list of targets)");
        }
        if (!(list instanceof SequenceNode sequence) || sequence.getValue().isEmpty()) {
            throw reader.error(list, "targets", "must be a non-empty list of targets");
        }
        Map<String, MappingNode> byName = new LinkedHashMap<>();
        for (int i = 0; i < sequence.getValue().size(); i++) {
            String path = "targets[" + i + "]";
            MappingNode target = reader.mapping(sequence.getValue().get(i), path);
            Map<String, Node> targetFields = reader.fields(target, path, null);
            String name = reader.requiredScalar(target, targetFields, "name", path);
            if (!NAME.matcher(name).matches()) {
                throw reader.error(targetFields.get("name"), path + ".name",
                        "'" + name + "' is not a valid name (letters, digits, '.', '_', '-')");
            }
            String kind = reader.requiredScalar(target, targetFields, "kind", path);
            List<String> valid = FIELDS_BY_KIND.get(kind);
            if (valid == null) {
                throw reader.error(targetFields.get("kind"), path + ".kind", "unknown kind '" + kind
                        + "' (valid: " + String.join(", ", FIELDS_BY_KIND.keySet().stream().sorted().toList()) + ")");
            }
            reader.fields(target, path, valid);
            checkKind(reader, kind, target, targetFields, path);
            if (byName.putIfAbsent(name, target) != null) {
                throw reader.error(targetFields.get("name"), path + ".name", "a target named '" + name
                        + "' is already defined above");
            }
        }
        String defaultTarget = byName.keySet().iterator().next();
        Node defaultNode = fields.get("default");
        if (defaultNode != null) {
            defaultTarget = reader.scalar(defaultNode, "default");
            if (!byName.containsKey(defaultTarget)) {
                throw reader.error(defaultNode, "default", "no target is named '" + defaultTarget + "' (defined: "
                        + String.join(", ", byName.keySet()) + ")");
            }
        }
        return new TargetsFile(source, byName, defaultTarget, environment);
    }

    /** The checks of one target's fields that depend on its kind. */
    private static void checkKind(Reader reader, String kind, MappingNode target, Map<String, Node> fields, String path) {
        switch (kind) {
            case "external" -> {
                reader.requiredScalar(target, fields, "bootstrap", path);
                reader.properties(fields.get("clientProperties"), path + ".clientProperties");
                checkRestrictedPrincipal(reader, fields.get("restrictedPrincipal"), path + ".restrictedPrincipal");
            }
            case "embedded" -> {
                Node version = fields.get("version");
                if (version != null) {
                    String v = reader.scalar(version, path + ".version");
                    if (!VERSION.matcher(v).matches()) {
                        throw reader.error(version, path + ".version", "'" + v
                                + "' is not an Apache Kafka release number such as 4.4.0");
                    }
                }
                if (fields.containsKey("nodes")) {
                    reader.integer(fields.get("nodes"), path + ".nodes", 1, MAX_NODES);
                }
                Node security = fields.get("security");
                if (security != null) {
                    MappingNode mapping = reader.mapping(security, path + ".security");
                    Map<String, Node> securityFields = reader.fields(mapping, path + ".security", SECURITY_FIELDS);
                    String protocol = reader.requiredScalar(mapping, securityFields, "protocol", path + ".security");
                    reader.oneOf(securityFields.get("protocol"), path + ".security.protocol", protocol,
                            EmbeddedSecurity.PROTOCOLS);
                    if (securityFields.containsKey("saslMechanism")) {
                        reader.oneOf(securityFields.get("saslMechanism"), path + ".security.saslMechanism",
                                reader.scalar(securityFields.get("saslMechanism"), path + ".security.saslMechanism"),
                                EmbeddedSecurity.SASL_MECHANISMS);
                    }
                    if (securityFields.containsKey("authorizer")) {
                        reader.bool(securityFields.get("authorizer"), path + ".security.authorizer");
                    }
                }
                features(reader, fields.get("features"), path + ".features");
                reader.properties(fields.get("brokerProperties"), path + ".brokerProperties");
            }
            case "process" -> {
                List<String> command = reader.strings(fields.get("command"), path + ".command");
                if (fields.get("command") == null || command.isEmpty()) {
                    throw reader.error(fields.getOrDefault("command", target), path + ".command",
                            "must be a non-empty list: the program and its arguments");
                }
                reader.requiredScalar(target, fields, "bootstrap", path);
                reader.properties(fields.get("env"), path + ".env");
                reader.properties(fields.get("clientProperties"), path + ".clientProperties");
                checkRestrictedPrincipal(reader, fields.get("restrictedPrincipal"), path + ".restrictedPrincipal");
                if (fields.containsKey("workDir")) {
                    reader.scalar(fields.get("workDir"), path + ".workDir");
                }
                if (fields.containsKey("startTimeout")) {
                    reader.integer(fields.get("startTimeout"), path + ".startTimeout", 1, 3600);
                }
            }
            default -> {
                reader.requiredScalar(target, fields, "image", path);
                reader.properties(fields.get("env"), path + ".env");
                reader.properties(fields.get("clientProperties"), path + ".clientProperties");
                checkRestrictedPrincipal(reader, fields.get("restrictedPrincipal"), path + ".restrictedPrincipal");
                if (fields.containsKey("port")) {
                    reader.integer(fields.get("port"), path + ".port", 1, 65535);
                }
                if (fields.containsKey("bootstrap")) {
                    reader.scalar(fields.get("bootstrap"), path + ".bootstrap");
                }
                if (fields.containsKey("startTimeout")) {
                    reader.integer(fields.get("startTimeout"), path + ".startTimeout", 1, 3600);
                }
            }
        }
    }

    /**
     * A {@code restrictedPrincipal}: the principal as the target's ACLs name it, and that principal's own
     * client properties (complete, not merged with the target's: merged, the harness's credentials could
     * authenticate it as a super user).
     */
    private static void checkRestrictedPrincipal(Reader reader, Node node, String path) {
        if (node == null) {
            return;
        }
        MappingNode mapping = reader.mapping(node, path);
        Map<String, Node> fields = reader.fields(mapping, path, RESTRICTED_PRINCIPAL_FIELDS);
        String principal = reader.requiredScalar(mapping, fields, "principal", path);
        if (!PRINCIPAL.matcher(principal).matches()) {
            throw reader.error(fields.get("principal"), path + ".principal", "'" + principal
                    + "' is not a principal as ACLs name it, such as User:alice");
        }
        if (!fields.containsKey("clientProperties")) {
            throw reader.error(mapping, path, "missing field 'clientProperties' (the client properties that"
                    + " authenticate as " + principal + ")");
        }
        reader.properties(fields.get("clientProperties"), path + ".clientProperties");
    }

    private Optional<ClientPrincipal> resolveRestrictedPrincipal(Reader reader, Node node, String path,
                                                                 Set<String> secretValues) {
        if (node == null) {
            return Optional.empty();
        }
        Map<String, Node> fields = reader.fields((MappingNode) node, path, null);
        Map<String, String> properties = resolveProperties(reader, fields.get("clientProperties"),
                path + ".clientProperties", secretValues);
        return Optional.of(new ClientPrincipal(reader.scalar(fields.get("principal"), path + ".principal").strip(),
                new LinkedHashMap<>(properties)));
    }

    /** The file, as the user named it. */
    public String source() {
        return source;
    }

    /** The target names, in file order. */
    public List<String> names() {
        return List.copyOf(targets.keySet());
    }

    /** The kind of the target named {@code name}, as written (checked when the file was read). */
    public String kind(String name) {
        MappingNode target = targets.get(name);
        if (target == null) {
            throw new ConfigException(source, "no target is named '" + name + "'");
        }
        return new Reader(source).scalar(new Reader(source).fields(target, "", null).get("kind"), "kind").strip();
    }

    /** The target a run uses when none is named: {@code default}, or the first one. */
    public String defaultTarget() {
        return defaultTarget;
    }

    /**
     * The target named {@code name}, with {@code ${env:NAME}} references resolved.
     *
     * @throws ConfigException when there is no such target or a referenced variable is not set
     */
    public TargetSpec resolve(String name) {
        MappingNode target = targets.get(name);
        if (target == null) {
            throw new ConfigException(source, "no target is named '" + name + "' (defined: "
                    + String.join(", ", targets.keySet()) + ")");
        }
        Reader reader = new Reader(source);
        int index = new ArrayList<>(targets.keySet()).indexOf(name);
        String path = "targets[" + index + "]";
        Map<String, Node> fields = reader.fields(target, path, null);
        Set<String> secretValues = new HashSet<>();
        String kind = reader.scalar(fields.get("kind"), path + ".kind");
        Map<String, String> clientProperties = resolveProperties(reader, fields.get("clientProperties"),
                path + ".clientProperties", secretValues);
        Optional<ClientPrincipal> restricted = resolveRestrictedPrincipal(reader, fields.get("restrictedPrincipal"),
                path + ".restrictedPrincipal", secretValues);
        switch (kind) {
            case "external" -> {
                String bootstrap = resolveValue(reader, fields.get("bootstrap"), path + ".bootstrap", false, secretValues);
                return new ExternalTargetSpec(name, bootstrap, clientProperties, secretValues, restricted);
            }
            case "embedded" -> {
                String version = fields.containsKey("version") ? reader.scalar(fields.get("version"), path + ".version")
                        : EmbeddedTargetSpec.DEFAULT_VERSION;
                Map<String, String> broker = resolveProperties(reader, fields.get("brokerProperties"),
                        path + ".brokerProperties", secretValues);
                int nodes = fields.containsKey("nodes") ? reader.integer(fields.get("nodes"), path + ".nodes", 1, MAX_NODES) : 1;
                Optional<EmbeddedSecurity> security = Optional.empty();
                if (fields.containsKey("security")) {
                    Map<String, Node> sf = reader.fields((MappingNode) fields.get("security"), path + ".security", null);
                    security = Optional.of(new EmbeddedSecurity(reader.scalar(sf.get("protocol"), path + ".security.protocol"),
                            sf.containsKey("saslMechanism") ? reader.scalar(sf.get("saslMechanism"), "")
                                    : EmbeddedSecurity.DEFAULT_SASL_MECHANISM,
                            sf.containsKey("authorizer") && reader.bool(sf.get("authorizer"), path + ".security.authorizer")));
                }
                return new EmbeddedTargetSpec(name, version, broker, nodes, security,
                        features(reader, fields.get("features"), path + ".features"));
            }
            case "process" -> {
                List<String> command = new ArrayList<>();
                SequenceNode commandNode = (SequenceNode) fields.get("command");
                for (int i = 0; i < commandNode.getValue().size(); i++) {
                    command.add(resolveValue(reader, commandNode.getValue().get(i), path + ".command[" + i + "]", false,
                            secretValues));
                }
                String bootstrap = resolveValue(reader, fields.get("bootstrap"), path + ".bootstrap", false, secretValues);
                Map<String, String> env = resolveProperties(reader, fields.get("env"), path + ".env", secretValues);
                Optional<String> workDir = fields.containsKey("workDir")
                        ? Optional.of(reader.scalar(fields.get("workDir"), path + ".workDir")) : Optional.empty();
                return new ProcessTargetSpec(name, command, env, workDir, bootstrap, clientProperties,
                        startTimeout(reader, fields, path), secretValues, restricted);
            }
            default -> {
                String image = reader.scalar(fields.get("image"), path + ".image");
                Map<String, String> env = resolveProperties(reader, fields.get("env"), path + ".env", secretValues);
                int port = fields.containsKey("port") ? reader.integer(fields.get("port"), path + ".port", 1, 65535)
                        : TestcontainersTargetSpec.DEFAULT_PORT;
                String bootstrap = fields.containsKey("bootstrap")
                        ? resolveValue(reader, fields.get("bootstrap"), path + ".bootstrap", false, secretValues)
                        : TestcontainersTargetSpec.DEFAULT_BOOTSTRAP;
                return new TestcontainersTargetSpec(name, image, env, port, bootstrap, clientProperties,
                        startTimeout(reader, fields, path), secretValues, restricted);
            }
        }
    }

    /**
     * Where a field of a target is written, for messages about its value: {@code origin("my-vendor",
     * "clientProperties", "acks")} is the line and column of that value and the field's path
     * {@code targets[1].clientProperties.acks}. A field the file does not write (a default) is located
     * at the target itself.
     *
     * @throws ConfigException when there is no such target
     */
    public FieldOrigin origin(String name, String... path) {
        MappingNode target = targets.get(name);
        if (target == null) {
            throw new ConfigException(source, "no target is named '" + name + "'");
        }
        StringBuilder field = new StringBuilder("targets[" + new ArrayList<>(targets.keySet()).indexOf(name) + "]");
        Node node = target;
        Node found = target;
        for (String step : path) {
            field.append('.').append(step);
            Node next = null;
            if (node instanceof MappingNode mapping) {
                for (NodeTuple tuple : mapping.getValue()) {
                    if (tuple.getKeyNode() instanceof ScalarNode key && key.getValue().equals(step)) {
                        next = tuple.getValueNode();
                    }
                }
            }
            node = next;
            if (next != null) {
                found = next;
            }
        }
        Mark mark = found.getStartMark().orElse(null);
        return new FieldOrigin(source, YamlSource.line(mark), YamlSource.column(mark), field.toString());
    }

    private static java.time.Duration startTimeout(Reader reader, Map<String, Node> fields, String path) {
        return java.time.Duration.ofSeconds(fields.containsKey("startTimeout")
                ? reader.integer(fields.get("startTimeout"), path + ".startTimeout", 1, 3600) : 60);
    }

    private Map<String, String> resolveProperties(Reader reader, Node node, String path, Set<String> secretValues) {
        Map<String, String> resolved = new LinkedHashMap<>();
        if (node == null) {
            return resolved;
        }
        for (NodeTuple tuple : ((MappingNode) node).getValue()) {
            String key = reader.scalar(tuple.getKeyNode(), path);
            String value = resolveValue(reader, tuple.getValueNode(), path + "." + key, Secrets.isSecretName(key),
                    secretValues);
            resolved.put(key, value);
        }
        return resolved;
    }

    private String resolveValue(Reader reader, Node node, String path, boolean secretByName, Set<String> secretValues) {
        String raw = reader.scalar(node, path);
        Set<String> used = new HashSet<>();
        String value;
        try {
            value = environment.resolve(raw, used);
        } catch (IllegalArgumentException e) {
            Mark mark = node.getStartMark().orElse(null);
            throw new UnsetVariableException(source, YamlSource.line(mark), YamlSource.column(mark), path, e.getMessage());
        }
        if (secretByName || !used.isEmpty()) {
            secretValues.addAll(Secrets.secretParts(value));
        }
        return value;
    }

    /** Typed access to YAML nodes that turns every surprise into a located {@link ConfigException}. */
    private static final class Reader {
        private final String source;

        Reader(String source) {
            this.source = source;
        }

        ConfigException error(Node node, String path, String problem) {
            return YamlSource.error(source, node, path, problem);
        }

        MappingNode mapping(Node node, String path) {
            if (node instanceof MappingNode mapping) {
                return mapping;
            }
            throw error(node, path, "must be a mapping of fields");
        }

        String scalar(Node node, String path) {
            if (node instanceof ScalarNode scalar) {
                return scalar.getValue();
            }
            throw error(node, path, "must be a single value, not a " + (node instanceof SequenceNode ? "list" : "mapping"));
        }

        /** The fields of a mapping; with {@code valid} given, an unknown field is an error naming the valid ones. */
        Map<String, Node> fields(MappingNode mapping, String path, List<String> valid) {
            Map<String, Node> fields = new LinkedHashMap<>();
            for (NodeTuple tuple : mapping.getValue()) {
                String key = scalar(tuple.getKeyNode(), path);
                String fieldPath = path.isEmpty() ? key : path + "." + key;
                if (valid != null && !valid.contains(key)) {
                    throw error(tuple.getKeyNode(), fieldPath, "unknown field (valid here: " + String.join(", ", valid) + ")");
                }
                fields.put(key, tuple.getValueNode());
            }
            return fields;
        }

        String requiredScalar(MappingNode owner, Map<String, Node> fields, String field, String path) {
            Node node = fields.get(field);
            if (node == null) {
                throw error(owner, path, "missing field '" + field + "'");
            }
            String value = scalar(node, path + "." + field).strip();
            if (value.isEmpty()) {
                throw error(node, path + "." + field, "must not be empty");
            }
            return value;
        }

        int integer(Node node, String path, int min, int max) {
            String text = scalar(node, path).strip();
            try {
                int value = Integer.parseInt(text);
                if (value < min || value > max) {
                    throw error(node, path, value + " is out of range (" + min + " to " + max + ")");
                }
                return value;
            } catch (NumberFormatException e) {
                throw error(node, path, "'" + text + "' is not a whole number");
            }
        }

        boolean bool(Node node, String path) {
            String text = scalar(node, path).strip();
            if (!text.equals("true") && !text.equals("false")) {
                throw error(node, path, "'" + text + "' is not true or false");
            }
            return Boolean.parseBoolean(text);
        }

        void oneOf(Node node, String path, String value, List<String> valid) {
            if (!valid.contains(value)) {
                throw error(node, path, "'" + value + "' is not one of " + String.join(", ", valid));
            }
        }

        List<String> strings(Node node, String path) {
            if (node == null) {
                return List.of();
            }
            if (!(node instanceof SequenceNode sequence)) {
                throw error(node, path, "must be a list");
            }
            List<String> values = new ArrayList<>();
            for (int i = 0; i < sequence.getValue().size(); i++) {
                values.add(scalar(sequence.getValue().get(i), path + "[" + i + "]"));
            }
            return values;
        }

        void properties(Node node, String path) {
            if (node == null) {
                return;
            }
            MappingNode mapping = mapping(node, path);
            for (NodeTuple tuple : mapping.getValue()) {
                String key = scalar(tuple.getKeyNode(), path);
                scalar(tuple.getValueNode(), path + "." + key);
            }
        }
    }

    /** Feature levels: names such as {@code transaction.version}, levels from 0 to 32767. */
    private static Map<String, Short> features(Reader reader, Node node, String path) {
        Map<String, Short> features = new LinkedHashMap<>();
        if (node == null) {
            return features;
        }
        for (NodeTuple tuple : reader.mapping(node, path).getValue()) {
            String feature = reader.scalar(tuple.getKeyNode(), path);
            features.put(feature, (short) reader.integer(tuple.getValueNode(), path + "." + feature, 0, Short.MAX_VALUE));
        }
        return features;
    }

    /** Visible for tests: parse with a given environment. */
    static TargetsFile parse(String source, String text, Map<String, String> environment) {
        return parse(source, text, new EnvInterpolation(environment::get));
    }

    /** The default file, when it exists in the working directory. */
    public static Optional<Path> defaultFileIfPresent() {
        Path file = Path.of(DEFAULT_FILE);
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }
}
