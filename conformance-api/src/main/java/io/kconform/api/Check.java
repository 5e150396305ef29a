package io.kconform.api;

import io.kconform.api.junit.KconformExtension;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Declares a conformance check: a Jupiter test method with a stable identity.
 *
 * <p>The {@link #id()} is declared, never derived from the method name, so that renaming code never
 * renames a result. It has the form {@code <battery>.<area>.<what>}, in lower case with hyphens, and
 * its first segment is the id of its {@link #battery()}. Once released an id is never changed nor
 * reused.
 *
 * <p>The method takes a {@link io.kconform.api.context.CheckContext} parameter, through which it
 * reaches the target as a black box. Requirements declared with
 * {@link io.kconform.api.RequiresApi} and {@link io.kconform.api.RequiresFeature} are decided
 * against the target's probe before the method runs; when they are not met the check is
 * {@link Outcome#UNSUPPORTED} without running.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@Test
@Tag(Check.TAG)
@ExtendWith(KconformExtension.class)
public @interface Check {

    /** The JUnit tag every check carries, so that launchers can select checks alone. */
    String TAG = "kconform-check";

    /** The stable id, {@code <battery>.<area>.<what>}. */
    String id();

    /** One sentence saying what behaviour the check verifies, for the report. */
    String title();

    /** The battery the check belongs to; the first segment of its id. */
    Battery battery();

    /** The certification level the check counts towards. */
    Level level();

    /** How strongly Apache Kafka's behaviour binds an implementation here. */
    Strength strength();

    /** Where the behaviour is specified: KIP numbers ({@code KIP-98}), protocol documentation sections. */
    String[] spec() default {};

    /** What to look at when the check fails, in the manner of the Reactive Streams TCK. */
    String hint();
}
