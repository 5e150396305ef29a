package io.kconform.harness.run;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;

import io.kconform.api.Check;
import io.kconform.api.CheckDescriptor;
import io.kconform.api.CheckFamilies;
import io.kconform.report.model.CheckList;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TagFilter;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The one place that knows the check list: every {@link Check} and every member of every
 * {@link io.kconform.api.CheckFamily} found on the class path under {@value #CHECKS_PACKAGE}, discovered
 * through the JUnit Platform, in battery order and then by id. Immutable once built.
 */
public final class CheckCatalog {

    /** The package under which the batteries live. */
    public static final String CHECKS_PACKAGE = "io.kconform.checks";

    private final List<CheckDescriptor> checks;
    private final Map<String, CheckDescriptor> byId;

    CheckCatalog(List<CheckDescriptor> checks) {
        List<CheckDescriptor> sorted = new ArrayList<>(checks);
        sorted.sort(Comparator.comparing((CheckDescriptor c) -> c.battery().ordinal()).thenComparing(CheckDescriptor::id));
        this.checks = List.copyOf(sorted);
        Map<String, CheckDescriptor> index = new HashMap<>();
        List<String> problems = new ArrayList<>();
        for (CheckDescriptor check : this.checks) {
            problems.addAll(check.declarationProblems());
            CheckDescriptor clash = index.putIfAbsent(check.id(), check);
            if (clash != null) {
                problems.add("id " + check.id() + " is declared twice: " + clash.className() + "#" + clash.methodName()
                        + " and " + check.className() + "#" + check.methodName());
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("the check catalog is invalid: " + String.join("; ", problems));
        }
        this.byId = Map.copyOf(index);
    }

    /**
     * Discovers every check on the class path.
     *
     * @throws IllegalStateException when two checks share an id or a declaration is malformed
     */
    public static CheckCatalog discover() {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectPackage(CHECKS_PACKAGE))
                .filters(TagFilter.includeTags(Check.TAG))
                .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "false")
                .build();
        TestPlan plan = LauncherFactory.create().discover(request);
        List<CheckDescriptor> found = new ArrayList<>();
        for (TestIdentifier root : plan.getRoots()) {
            for (TestIdentifier id : plan.getDescendants(root)) {
                checkOf(id).ifPresent(found::add);
                familyOf(id).ifPresent(family -> CheckFamilies.members(family).forEach(m -> found.add(m.check())));
            }
        }
        return new CheckCatalog(found);
    }

    /**
     * The check a test identifier stands for, when it is a check method or an invocation of a family
     * (named by its member's id).
     */
    static Optional<CheckDescriptor> checkOf(TestIdentifier id) {
        if (!id.isTest()) {
            return Optional.empty();
        }
        return methodOf(id).flatMap(method -> CheckFamilies.checkOf(method, id.getDisplayName()));
    }

    /** The family method a container stands for, before its members are invoked. */
    private static Optional<Method> familyOf(TestIdentifier id) {
        return id.isContainer() ? methodOf(id).filter(CheckFamilies::isFamily) : Optional.empty();
    }

    private static Optional<Method> methodOf(TestIdentifier id) {
        Optional<TestSource> source = id.getSource();
        if (source.isEmpty() || !(source.get() instanceof MethodSource methodSource)) {
            return Optional.empty();
        }
        try {
            return Optional.of(methodSource.getJavaMethod());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Every check, in battery order and then by id. */
    public List<CheckDescriptor> checks() {
        return checks;
    }

    /** The digest of this check list, as results.json records it ({@link CheckList}). */
    public CheckList checkList() {
        return CheckList.of(checks.stream().map(c -> new CheckList.Entry(c.id(), c.level().name(), c.strength().name()))
                .toList());
    }

    /** The check with this id. */
    public Optional<CheckDescriptor> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }
}
