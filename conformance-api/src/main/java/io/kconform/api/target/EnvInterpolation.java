package io.kconform.api.target;

import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves {@code ${env:NAME}} references in configuration values from the environment, so that
 * secrets live in the environment and never in targets.yaml or a properties file. The one resolver of the
 * harness, the Maven plugin and the plain JUnit path, so that a reference means the same everywhere.
 */
public final class EnvInterpolation {

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)}");

    private final Function<String, String> environment;

    public EnvInterpolation(Function<String, String> environment) {
        this.environment = environment;
    }

    /** Reads the process environment. */
    public static EnvInterpolation fromSystem() {
        Map<String, String> env = System.getenv();
        return new EnvInterpolation(env::get);
    }

    /**
     * Resolves every reference in {@code value}; the names of the variables used go into {@code used}.
     *
     * @throws IllegalArgumentException naming a variable that is not set
     */
    public String resolve(String value, Set<String> used) {
        Matcher m = REFERENCE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String resolved = environment.apply(name);
            if (resolved == null) {
                throw new IllegalArgumentException("environment variable " + name + " is not set");
            }
            used.add(name);
            m.appendReplacement(out, Matcher.quoteReplacement(resolved));
        }
        m.appendTail(out);
        return out.toString();
    }
}
