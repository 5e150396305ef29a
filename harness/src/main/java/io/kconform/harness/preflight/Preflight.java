package io.kconform.harness.preflight;

import io.kconform.api.target.ClientPrincipal;
import io.kconform.harness.config.EmbeddedTargetSpec;
import io.kconform.harness.config.ExternalTargetSpec;
import io.kconform.harness.config.FieldOrigin;
import io.kconform.harness.config.ProcessTargetSpec;
import io.kconform.harness.config.TargetSpec;
import io.kconform.harness.config.TestcontainersTargetSpec;
import io.kconform.harness.launch.KafkaRelease;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything about a target that would make the run refuse it, checked from its description alone
 * (nothing is started, reached or downloaded): its bootstrap list, its client properties and those of its
 * restricted principal ({@link ClientPropertiesCheck}), and for an embedded target whether kconform can
 * launch its release with its security and feature levels. {@code kconform run} and {@code kconform targets}
 * both call {@link #check}, so the second refuses what the first would. Stateless.
 */
public final class Preflight {

    /** Where a field of the target is written, by its path ({@code "clientProperties", "acks"}). */
    @FunctionalInterface
    public interface Locator {
        FieldOrigin locate(String... path);
    }

    private Preflight() {
    }

    /**
     * @return warnings (properties no Kafka client defines), each naming where it is written
     * @throws io.kconform.harness.config.ConfigException naming the place and the problem of the first refusal
     */
    public static List<String> check(TargetSpec spec, Locator locator) {
        List<String> warnings = new ArrayList<>();
        if (spec instanceof EmbeddedTargetSpec embedded) {
            KafkaRelease.unsupported(embedded).ifPresent(refusal -> {
                throw locator.locate(refusal.field()).problem(refusal.reason());
            });
        } else if (spec instanceof ExternalTargetSpec external) {
            BootstrapCheck.check(external.bootstrap(), external.secretValues().contains(external.bootstrap()),
                    locator.locate("bootstrap"));
            warnings.addAll(clientProperties(external.clientProperties(), external.restrictedPrincipal(),
                    external.secretValues(), locator));
        } else if (spec instanceof ProcessTargetSpec process) {
            BootstrapCheck.check(process.bootstrap(), process.secretValues().contains(process.bootstrap()),
                    locator.locate("bootstrap"));
            warnings.addAll(clientProperties(process.clientProperties(), process.restrictedPrincipal(),
                    process.secretValues(), locator));
        } else if (spec instanceof TestcontainersTargetSpec container) {
            BootstrapCheck.check(container.bootstrap(), container.secretValues().contains(container.bootstrap()),
                    locator.locate("bootstrap"));
            warnings.addAll(clientProperties(container.clientProperties(), container.restrictedPrincipal(),
                    container.secretValues(), locator));
        }
        return warnings;
    }

    private static List<String> clientProperties(Map<String, String> properties, Optional<ClientPrincipal> restricted,
                                                 Set<String> secretValues, Locator locator) {
        List<String> warnings = new ArrayList<>(ClientPropertiesCheck.check(properties, secretValues,
                name -> locator.locate("clientProperties", name)));
        restricted.ifPresent(principal -> warnings.addAll(ClientPropertiesCheck.check(principal.clientProperties(),
                secretValues, name -> locator.locate("restrictedPrincipal", "clientProperties", name))));
        return warnings;
    }
}
