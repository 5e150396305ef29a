package io.kconform.api;

import io.kconform.api.target.Capability;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The check needs a {@link Capability} that only some targets give, such as broker control.
 * Decided before the check runs: a target without it makes the check {@link Outcome#SKIPPED} with
 * the capability's {@linkplain Capability#missingReason() reason}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface RequiresCapability {

    /** Every capability the check needs. */
    Capability[] value();
}
