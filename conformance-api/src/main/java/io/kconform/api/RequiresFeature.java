package io.kconform.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The check needs a finalized broker feature ({@code transaction.version}, {@code group.version},
 * ...) at least at a level, as DescribeFeatures or ApiVersions reports it. Unmet, the check is
 * {@link Outcome#UNSUPPORTED} without running.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@Repeatable(RequiresFeature.List.class)
public @interface RequiresFeature {

    /** The feature name, as Kafka names it. */
    String value();

    /** The lowest finalized level the check needs. */
    short minLevel() default 1;

    /** Holds repeated {@link RequiresFeature} annotations. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @interface List {
        RequiresFeature[] value();
    }
}
