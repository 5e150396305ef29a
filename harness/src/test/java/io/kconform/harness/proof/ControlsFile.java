package io.kconform.harness.proof;

import io.kconform.api.Outcome;
import io.kconform.harness.config.EmbeddedSecurity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** Reads every {@code proof/controls/*.yaml} on the test class path. */
final class ControlsFile {

    private ControlsFile() {
    }

    static List<NegativeControl> loadAll() {
        URL dir = ControlsFile.class.getClassLoader().getResource("proof/controls");
        if (dir == null) {
            return List.of();
        }
        List<NegativeControl> controls = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of(dir.toURI()))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                controls.addAll(load(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        return controls;
    }

    @SuppressWarnings("unchecked")
    static List<NegativeControl> load(Path file) throws IOException {
        Object root = new Load(LoadSettings.builder().setLabel(file.getFileName().toString()).build())
                .loadFromString(Files.readString(file));
        String source = file.getFileName().toString();
        if (!(root instanceof Map<?, ?> top) || !(top.get("controls") instanceof List<?> list)) {
            throw new IllegalStateException(source + ": needs a top-level 'controls:' list");
        }
        List<NegativeControl> controls = new ArrayList<>();
        for (Object item : list) {
            Map<String, Object> control = (Map<String, Object>) item;
            String name = String.valueOf(control.get("name"));
            Map<String, String> broker = new LinkedHashMap<>();
            if (control.get("broker") instanceof Map<?, ?> properties) {
                properties.forEach((k, v) -> broker.put(String.valueOf(k), String.valueOf(v)));
            }
            List<String> mutations = new ArrayList<>();
            if (control.get("proxy") instanceof List<?> proxy) {
                proxy.forEach(m -> mutations.add(String.valueOf(m)));
            }
            int nodes = control.get("nodes") == null ? 1 : Integer.parseInt(String.valueOf(control.get("nodes")));
            Map<String, Short> features = new LinkedHashMap<>();
            if (control.get("features") instanceof Map<?, ?> levels) {
                levels.forEach((k, v) -> features.put(String.valueOf(k), Short.parseShort(String.valueOf(v))));
            }
            Optional<EmbeddedSecurity> security = Optional.empty();
            if (control.get("security") instanceof Map<?, ?> fields) {
                security = Optional.of(security(source, name, fields));
            }
            if (broker.isEmpty() && mutations.isEmpty() && features.isEmpty() && security.isEmpty()) {
                throw new IllegalStateException(source + ": control " + name + " needs 'broker', 'features', 'proxy',"
                        + " 'security' or several");
            }
            if (nodes < 1 || nodes > 5) {
                throw new IllegalStateException(source + ": control " + name + " has nodes: " + nodes + " (1 to 5)");
            }
            Map<String, Outcome> expect = new LinkedHashMap<>();
            if (!(control.get("expect") instanceof Map<?, ?> expected) || expected.isEmpty()) {
                throw new IllegalStateException(source + ": control " + name + " expects nothing");
            }
            expected.forEach((id, outcome) -> expect.put(String.valueOf(id), Outcome.valueOf(String.valueOf(outcome))));
            String why = control.get("why") == null ? "" : String.valueOf(control.get("why"));
            controls.add(new NegativeControl(name, why, broker, mutations, nodes, features, security, expect, source));
        }
        return controls;
    }

    /** {@code security} as targets.yaml takes it: protocol, saslMechanism, authorizer. */
    private static EmbeddedSecurity security(String source, String control, Map<?, ?> fields) {
        Object protocol = fields.get("protocol");
        if (!EmbeddedSecurity.PROTOCOLS.contains(String.valueOf(protocol))) {
            throw new IllegalStateException(source + ": control " + control + " has security.protocol " + protocol
                    + " (one of " + EmbeddedSecurity.PROTOCOLS + ")");
        }
        Object mechanism = fields.get("saslMechanism");
        if (mechanism != null && !EmbeddedSecurity.SASL_MECHANISMS.contains(String.valueOf(mechanism))) {
            throw new IllegalStateException(source + ": control " + control + " has security.saslMechanism "
                    + mechanism + " (one of " + EmbeddedSecurity.SASL_MECHANISMS + ")");
        }
        return new EmbeddedSecurity(String.valueOf(protocol),
                mechanism == null ? EmbeddedSecurity.DEFAULT_SASL_MECHANISM : String.valueOf(mechanism),
                Boolean.TRUE.equals(fields.get("authorizer")));
    }
}
