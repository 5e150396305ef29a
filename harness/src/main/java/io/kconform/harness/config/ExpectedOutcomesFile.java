package io.kconform.harness.config;

import io.kconform.api.Outcome;
import io.kconform.report.model.Expectations;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * An expected-outcomes file ({@code --expected FILE}): a vendor's known gaps, YAML as targets.yaml is.
 *
 * <pre>
 * expected:
 *   - id: storage.compaction.latest-value-kept
 *     outcome: UNSUPPORTED
 *     reason: compaction is not offered yet
 *     link: https://tracker.example.com/STOR-12
 * </pre>
 *
 * <p>{@code id} and {@code outcome} are required, {@code reason} required and not blank (a known gap says why),
 * {@code link} optional. The outcome is PASS, FAIL, UNSUPPORTED or SKIPPED (any case): ERROR is the harness's fault
 * and never an expectation. Every id must be a check of this kconform's catalog, and appear once. Any problem is a
 * {@link ConfigException} naming file, line, column and field, e.g.
 * {@code expected.yaml:7:14: expected[1].outcome: unknown outcome 'UNSUPORTED' (valid: PASS, FAIL, UNSUPPORTED,
 * SKIPPED)}.
 */
public final class ExpectedOutcomesFile {

    private static final List<String> FIELDS = List.of("id", "outcome", "reason", "link");
    private static final List<Outcome> VALID = List.of(Outcome.PASS, Outcome.FAIL, Outcome.UNSUPPORTED,
            Outcome.SKIPPED);

    private ExpectedOutcomesFile() {
    }

    /**
     * Loads {@code file}, checking its ids against {@code checkIds}.
     *
     * @throws ConfigException naming the file, line and field of the first problem
     */
    public static Expectations load(Path file, Set<String> checkIds) {
        String text = YamlSource.read(file);
        return parse(file.toString(), text, checkIds);
    }

    static Expectations parse(String source, String text, Set<String> checkIds) {
        Node root = YamlSource.compose(source, text, "is empty; it needs an 'expected:' list");
        Map<String, Node> top = fields(source, root, "", List.of("expected"));
        Node list = top.get("expected");
        if (!(list instanceof SequenceNode sequence)) {
            throw error(source, list == null ? root : list, "expected", list == null ? "missing: the file needs an"
                    + " 'expected:' list" : "must be a list of entries (- id: ..., outcome: ..., reason: ...)");
        }
        Map<String, Expectations.Expected> outcomes = new LinkedHashMap<>();
        List<Node> entries = sequence.getValue();
        for (int i = 0; i < entries.size(); i++) {
            String path = "expected[" + i + "]";
            Node entry = entries.get(i);
            Map<String, Node> fields = fields(source, entry, path, FIELDS);
            String id = scalar(source, entry, fields, "id", path, true);
            if (!checkIds.contains(id)) {
                throw error(source, fields.get("id"), path + ".id", "unknown check '" + id + "' (kconform list"
                        + " shows every check)");
            }
            if (outcomes.containsKey(id)) {
                throw error(source, fields.get("id"), path + ".id", "check '" + id + "' is listed twice");
            }
            String outcomeText = scalar(source, entry, fields, "outcome", path, true);
            Outcome outcome = VALID.stream().filter(o -> o.name().equals(outcomeText.toUpperCase(Locale.ROOT)))
                    .findFirst().orElseThrow(() -> error(source, fields.get("outcome"), path + ".outcome",
                            "unknown outcome '" + outcomeText + "' (valid: PASS, FAIL, UNSUPPORTED, SKIPPED; ERROR is"
                                    + " the harness's fault, never expected)"));
            String reason = scalar(source, entry, fields, "reason", path, true);
            String link = scalar(source, entry, fields, "link", path, false);
            outcomes.put(id, new Expectations.Expected(id, outcome, reason, link));
        }
        return new Expectations(source, outcomes);
    }

    private static Map<String, Node> fields(String source, Node node, String path, List<String> allowed) {
        if (!(node instanceof MappingNode mapping)) {
            throw error(source, node, path, "must be a mapping of fields (" + String.join(", ", allowed) + ")");
        }
        Map<String, Node> fields = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            String key = tuple.getKeyNode() instanceof ScalarNode s ? s.getValue() : "";
            String where = path.isEmpty() ? key : path + "." + key;
            if (!allowed.contains(key)) {
                throw error(source, tuple.getKeyNode(), where, "unknown field (valid: " + String.join(", ", allowed)
                        + ")");
            }
            fields.put(key, tuple.getValueNode());
        }
        return fields;
    }

    private static String scalar(String source, Node entry, Map<String, Node> fields, String name, String path,
                                 boolean required) {
        Node node = fields.get(name);
        if (node == null) {
            if (required) {
                throw error(source, entry, path + "." + name, "missing");
            }
            return "";
        }
        if (!(node instanceof ScalarNode scalar)) {
            throw error(source, node, path + "." + name, "must be a single value");
        }
        String value = scalar.getValue().strip();
        if (required && value.isEmpty()) {
            throw error(source, node, path + "." + name, "must not be empty");
        }
        return value;
    }

    private static ConfigException error(String source, Node node, String path, String problem) {
        return YamlSource.error(source, node, path, problem);
    }
}
