package io.kconform.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The check exercises an optional, newer {@link Capability} of the baseline. Such a check never decides
 * a certification level, whatever its strength; its outcome decides how the verdict shows the capability
 * (working, broken, advertised but not enabled, absent). Its strength still says how strongly Apache
 * Kafka's behaviour binds an implementation that offers the capability.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface OfCapability {

    /** The capability the check exercises. */
    Capability value();
}
