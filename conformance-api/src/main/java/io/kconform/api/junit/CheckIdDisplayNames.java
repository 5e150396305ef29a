package io.kconform.api.junit;

import io.kconform.api.CheckDescriptor;
import java.lang.reflect.Method;
import java.util.List;
import org.junit.jupiter.api.DisplayNameGenerator;

/**
 * Display names for a plain JUnit run of the checks: a check method is shown by its check id
 * ({@code storage.compaction.latest-value-kept}) rather than its Java name, so that a vendor's test report names the
 * checks as kconform's reports and documentation do. A family's invocations are named by their members' ids already
 * ({@link io.kconform.api.CheckFamily}); classes and other methods keep JUnit's standard names. Stateless.
 */
public final class CheckIdDisplayNames extends DisplayNameGenerator.Standard {

    public CheckIdDisplayNames() {
    }

    @Override
    public String generateDisplayNameForMethod(List<Class<?>> enclosingInstanceTypes, Class<?> testClass,
                                               Method testMethod) {
        return CheckDescriptor.of(testMethod).map(CheckDescriptor::id)
                .orElseGet(() -> super.generateDisplayNameForMethod(enclosingInstanceTypes, testClass, testMethod));
    }
}
