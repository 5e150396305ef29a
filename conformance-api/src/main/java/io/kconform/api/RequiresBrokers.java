package io.kconform.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The check needs a cluster of at least this many brokers, as DescribeCluster reported them when
 * the target was probed (replication factor 3 needs three). Decided before the check runs: a
 * smaller target makes the check {@link Outcome#SKIPPED}, not UNSUPPORTED, because the size of a
 * deployment says nothing about what its implementation supports.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface RequiresBrokers {

    /** The fewest brokers the check can run with. */
    int value();
}
