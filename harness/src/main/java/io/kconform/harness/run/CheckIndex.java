package io.kconform.harness.run;

import io.kconform.api.CheckDescriptor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestIdentifier;

/**
 * The checks of one run, found by the tests the JUnit Platform reports: a check method by its class and method,
 * a family's member by its invocation's name (the member's id). Reads no annotation, so that a check whose
 * declaration names what the Java client release running it lacks (an {@code ApiKeys} constant of a newer one)
 * still gets its result. Immutable.
 */
final class CheckIndex {

    private final Map<String, List<CheckDescriptor>> byMethod = new HashMap<>();

    CheckIndex(List<CheckDescriptor> checks) {
        for (CheckDescriptor check : checks) {
            byMethod.computeIfAbsent(check.className() + "#" + check.methodName(), k -> new ArrayList<>()).add(check);
        }
    }

    /** The check a test identifier stands for, when it is one of this run's. */
    Optional<CheckDescriptor> of(TestIdentifier id) {
        if (!id.isTest() || id.getSource().isEmpty() || !(id.getSource().get() instanceof MethodSource source)) {
            return Optional.empty();
        }
        List<CheckDescriptor> candidates = byMethod.getOrDefault(source.getClassName() + "#" + source.getMethodName(),
                List.of());
        Optional<CheckDescriptor> member = candidates.stream().filter(c -> c.id().equals(id.getDisplayName())).findFirst();
        if (member.isPresent() || candidates.size() != 1) {
            return member;
        }
        return Optional.of(candidates.get(0));
    }
}
