package io.kconform.checks.connect;

import io.kconform.api.context.TargetContext;

/**
 * The names that make a Connect cluster: the worker group and its three internal topics. Two
 * workers with the same names are members of the same Connect cluster and share its stored
 * configs, offsets and statuses, which is how a restarted worker finds its connectors again.
 *
 * @param groupId     the workers' {@code group.id}
 * @param configTopic {@code config.storage.topic}: connector configs and target states
 * @param offsetTopic {@code offset.storage.topic}: source offsets
 * @param statusTopic {@code status.storage.topic}: connector and task statuses
 */
record WorkerNames(String groupId, String configTopic, String offsetTopic, String statusTopic) {

    /** Names under the run's prefix, distinct for every {@code cluster} of one context. */
    static WorkerNames of(TargetContext ctx, String cluster) {
        return new WorkerNames(ctx.name(cluster + "-group"), ctx.name(cluster + "-configs"),
                ctx.name(cluster + "-offsets"), ctx.name(cluster + "-status"));
    }
}
