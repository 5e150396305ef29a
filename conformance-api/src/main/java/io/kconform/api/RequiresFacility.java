package io.kconform.api;

import io.kconform.api.target.Facility;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The check needs a {@link Facility} that only some targets give, such as broker control.
 * Decided before the check runs: a target without it makes the check {@link Outcome#SKIPPED} with
 * the facility's {@linkplain Facility#missingReason() reason}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface RequiresFacility {

    /** Every facility the check needs. */
    Facility[] value();
}
