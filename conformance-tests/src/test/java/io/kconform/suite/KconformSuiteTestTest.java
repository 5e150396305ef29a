package io.kconform.suite;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.context.CheckContext;
import io.kconform.api.junit.CheckIdDisplayNames;
import java.lang.reflect.Method;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.platform.suite.api.ConfigurationParameter;
import org.junit.platform.suite.api.IncludeClassNamePatterns;
import org.junit.platform.suite.api.SelectPackages;

/** The plain JUnit path: the suite Surefire's defaults find, and the check ids it shows. */
class KconformSuiteTestTest {

    @Test
    void theSuiteTakesEveryCheckClassWhateverItsName() {
        assertThat(KconformSuiteTest.class.getSimpleName()).matches("^(Test.*|.*Test|.*Tests|.*TestCase)$");
        assertThat(KconformSuiteTest.class.getAnnotation(SelectPackages.class).value())
                .containsExactly("io.kconform.checks");
        assertThat(KconformSuiteTest.class.getAnnotation(IncludeClassNamePatterns.class).value())
                .containsExactly(".*");
        assertThat(KconformSuiteTest.class.getAnnotation(ConfigurationParameter.class).value())
                .isEqualTo(CheckIdDisplayNames.class.getName());
    }

    @Test
    void aCheckIsShownByItsId() throws ReflectiveOperationException {
        Class<?> checks = Class.forName("io.kconform.checks.protocol.ApiVersionsChecks");
        Method check = checks.getDeclaredMethod("answered", CheckContext.class);

        assertThat(new CheckIdDisplayNames().generateDisplayNameForMethod(List.of(), checks, check))
                .isEqualTo("protocol.apiversions.answered");
    }

    @Test
    void anyOtherMethodKeepsItsStandardName() throws NoSuchMethodException {
        Method other = Object.class.getDeclaredMethod("toString");

        assertThat(new CheckIdDisplayNames().generateDisplayNameForMethod(List.of(), Object.class, other))
                .isEqualTo("toString()");
    }
}
