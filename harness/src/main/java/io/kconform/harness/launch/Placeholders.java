package io.kconform.harness.launch;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces the placeholders a started target's configuration may use with what the harness chose
 * for this run:
 * <ul>
 *   <li>{@code ${port}} — a port free on 127.0.0.1, the same one wherever it appears;</li>
 *   <li>{@code ${port:NAME}} — another free port for each NAME (e.g. a controller or admin port),
 *       distinct from every other port chosen;</li>
 *   <li>each name given to the constructor, e.g. {@code ${workDir}}, by its value.</li>
 * </ul>
 * Anything else — {@code ${HOME}} for a shell, say — is left as it is. Ports are chosen on first
 * use, so a configuration that never mentions a port takes none. Not thread-safe.
 */
final class Placeholders {

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{(port(?::([A-Za-z0-9_.-]+))?|[A-Za-z][A-Za-z0-9]*)}");
    private static final int MAX_PORT_TRIES = 20;

    private final IntSupplier freePorts;
    private final Map<String, String> values;
    private final Map<String, Integer> ports = new LinkedHashMap<>();

    /**
     * @param freePorts gives a free port each time it is asked
     * @param values    other placeholders by name, without {@code ${}}
     */
    Placeholders(IntSupplier freePorts, Map<String, String> values) {
        this.freePorts = freePorts;
        this.values = Map.copyOf(values);
    }

    /** {@code text} with every known placeholder replaced. */
    String apply(String text) {
        Matcher m = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement;
            if (m.group(1).startsWith("port") && (m.group(1).equals("port") || m.group(2) != null)) {
                replacement = Integer.toString(port(m.group(1)));
            } else {
                replacement = values.getOrDefault(m.group(1), m.group());
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The ports chosen so far, by placeholder ({@code port}, {@code port:controller}, ...). */
    Map<String, Integer> ports() {
        return Collections.unmodifiableMap(ports);
    }

    private int port(String key) {
        Integer known = ports.get(key);
        if (known != null) {
            return known;
        }
        for (int i = 0; i < MAX_PORT_TRIES; i++) {
            int candidate = freePorts.getAsInt();
            if (!ports.containsValue(candidate)) {
                ports.put(key, candidate);
                return candidate;
            }
        }
        throw new IllegalStateException("no distinct free port found for ${" + key + "}");
    }
}
