package io.kconform.harness.preflight;

import io.kconform.harness.config.FieldOrigin;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.kafka.common.utils.Utils;

/**
 * A bootstrap list written as Kafka's clients take it: {@code host:port} entries separated by commas
 * ({@code [::1]:9092} for IPv6). Only the form is checked here; whether a host name resolves or a port
 * answers is the run's to find out (exit 3), not a configuration error. Stateless.
 */
public final class BootstrapCheck {

    /** {@code ${port}} and {@code ${port:NAME}}: ports the harness chooses when it starts the target. */
    private static final Pattern PORT_PLACEHOLDER = Pattern.compile("\\$\\{port(:[^}]*)?}");

    private BootstrapCheck() {
    }

    /**
     * @param bootstrap the list, possibly with port placeholders
     * @param secret    whether the list came from the environment and must not be shown
     * @throws io.kconform.harness.config.ConfigException naming the entry that is not {@code host:port}
     */
    public static void check(String bootstrap, boolean secret, FieldOrigin origin) {
        List<String> entries = Arrays.stream(bootstrap.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        if (entries.isEmpty()) {
            throw origin.problem("no bootstrap servers given (host:port, such as broker.example.com:9092)");
        }
        for (String entry : entries) {
            String concrete = PORT_PLACEHOLDER.matcher(entry).replaceAll("1");
            String host = Utils.getHost(concrete);
            Integer port = Utils.getPort(concrete);
            String shown = secret ? "an entry read from the environment" : "'" + entry + "'";
            if (host == null || port == null) {
                throw origin.problem(shown + " is not host:port (such as broker.example.com:9092)");
            }
            if (port < 1 || port > 65535) {
                throw origin.problem(shown + ": port " + port + " is out of range (1 to 65535)");
            }
        }
    }
}
