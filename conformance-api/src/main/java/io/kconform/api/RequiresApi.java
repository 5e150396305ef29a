package io.kconform.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * The check needs the target to advertise an API key in ApiVersions, at least at a version.
 * Unmet, the check is {@link Outcome#UNSUPPORTED} without running. The requirement also serves as a
 * spec reference in the report.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@Repeatable(RequiresApi.List.class)
public @interface RequiresApi {

    /** The API the check uses. */
    ApiKeys value();

    /** The lowest version the check needs; the target's advertised maximum must reach it. */
    short minVersion() default 0;

    /** Holds repeated {@link RequiresApi} annotations. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @interface List {
        RequiresApi[] value();
    }
}
