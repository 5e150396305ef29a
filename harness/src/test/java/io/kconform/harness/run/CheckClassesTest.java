package io.kconform.harness.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.CheckDescriptor;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Check classes keep no mutable static state. Two runs in one JVM — two targets checked at once, as
 * the project's own proof does — execute the same classes concurrently; a static fixture (a Connect
 * worker, a Streams application) would be shared between them and make one run check the other's
 * target. Fixtures live in instance fields of a {@code PER_CLASS} test instance instead.
 */
class CheckClassesTest {

    @Test
    void checkClassesHaveNoMutableStaticFields() throws ClassNotFoundException {
        Set<String> classes = new TreeSet<>();
        CheckCatalog.discover().checks().stream().map(CheckDescriptor::className).forEach(classes::add);
        List<String> mutable = new ArrayList<>();
        for (String name : classes) {
            for (Field field : Class.forName(name).getDeclaredFields()) {
                int modifiers = field.getModifiers();
                if (Modifier.isStatic(modifiers) && !Modifier.isFinal(modifiers) && !field.isSynthetic()) {
                    mutable.add(name + "." + field.getName());
                }
            }
        }
        assertThat(mutable).as("mutable static fields of check classes").isEmpty();
    }
}
