package io.kconform.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The check changes state of the whole cluster, beyond the topics, groups and transactional ids under the
 * run's prefix: SCRAM users, client quotas, ACLs, broker or cluster configs, leader elections, partition
 * reassignments, finalized features, delegation tokens, a broker stopped or restarted. Such a change reaches
 * everyone who shares the cluster, even where the check undoes it at once.
 *
 * <p>A run asked to leave the cluster as it is (the harness's {@code --no-cluster-changes}) does not run such a
 * check: it is SKIPPED, saying what it would have changed. Creating, configuring and deleting the run's own
 * topics, groups and transactional ids is not a cluster-wide change and needs no declaration.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ChangesCluster {

    /** What the check changes, in a few words a cluster's operator recognises ("client quotas"). */
    String value();
}
