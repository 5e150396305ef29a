package io.kconform.harness.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Which client properties hold secrets, by name, the way Kafka's own config types mark passwords. */
public final class Secrets {

    private static final Pattern SECRET_NAME = Pattern.compile(
            ".*(password|secret|jaas|token|credential|private|api\\.key|\\.key$|keystore\\.key|basic\\.auth\\.user\\.info).*");
    private static final Pattern JAAS_PASSWORD = Pattern.compile("(?i)(password|secret|token)\\s*=\\s*\"([^\"]*)\"");

    private Secrets() {
    }

    /** Whether a property's value must never be shown, judged by its name. */
    public static boolean isSecretName(String propertyName) {
        return SECRET_NAME.matcher(propertyName.toLowerCase(Locale.ROOT)).matches();
    }

    /**
     * The parts of a value that must be hidden: the value itself, and for a JAAS configuration also
     * each quoted password, secret or token inside it, which an error message might quote alone.
     */
    public static java.util.List<String> secretParts(String value) {
        java.util.List<String> parts = new java.util.ArrayList<>();
        parts.add(value);
        Matcher m = JAAS_PASSWORD.matcher(value);
        while (m.find()) {
            parts.add(m.group(2));
        }
        return parts;
    }
}
