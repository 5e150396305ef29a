package io.kconform.harness.run;

import io.kconform.api.target.ResourceNames;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.MemberToRemove;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes what a run created on a target: every topic and group (consumer, streams or share group)
 * whose name carries the run's prefix, and every client quota entity, SCRAM user and ACL named under it
 * ({@link SecurityCleanup}). Transactional ids cannot be deleted through the protocol; they expire on the broker
 * ({@code transactional.id.expiration.ms}). Bounded in time and never throws: cleanup must not hide
 * the run's result.
 */
public final class RunCleanup {

    private static final Logger LOG = LoggerFactory.getLogger(RunCleanup.class);
    private static final Duration BOUND = Duration.ofSeconds(20);
    private static final int ROUNDS = 3;
    private static final Duration ROUND_PAUSE = Duration.ofSeconds(1);

    private RunCleanup() {
    }

    /**
     * What was deleted, and what could not be.
     *
     * @param security quota entities, SCRAM users and ACLs of the run, which the admin checks normally
     *                 remove themselves: a number above zero means a check was interrupted
     */
    public record Report(int topics, int groups, int security, String problem) {
        /** One line for the console. */
        public String describe(String prefix) {
            String deleted = "deleted " + topics + " topics and " + groups + " groups under " + prefix
                    + (security == 0 ? "" : ", and " + security + " quota entities, SCRAM users or ACLs");
            return problem.isEmpty() ? deleted : deleted + " (" + problem + ")";
        }
    }

    /**
     * Deletes the run's topics and groups on the target, in rounds until a round finds nothing more:
     * when a run is interrupted, checks still running may create a topic after the first listing.
     */
    public static Report delete(String bootstrapServers, Map<String, Object> clientProperties, ResourceNames names) {
        Report total = deleteOnce(bootstrapServers, clientProperties, names);
        for (int round = 1; round < ROUNDS && total.problem().isEmpty(); round++) {
            sleepQuietly();
            Report more = deleteOnce(bootstrapServers, clientProperties, names);
            total = new Report(total.topics() + more.topics(), total.groups() + more.groups(),
                    total.security() + more.security(), more.problem());
            if (more.topics() == 0 && more.groups() == 0 && more.security() == 0) {
                break;
            }
        }
        return total;
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(ROUND_PAUSE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Report deleteOnce(String bootstrapServers, Map<String, Object> clientProperties,
                                     ResourceNames names) {
        Map<String, Object> config = new HashMap<>(clientProperties);
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(CommonClientConfigs.CLIENT_ID_CONFIG, names.prefix() + "-cleanup");
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) BOUND.toMillis());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) BOUND.toMillis() / 2);
        int topics = 0;
        int groups = 0;
        int security = 0;
        StringBuilder problems = new StringBuilder();
        try (Admin admin = Admin.create(config)) {
            try {
                List<GroupListing> owned = admin.listGroups().all().get(BOUND.toMillis(), TimeUnit.MILLISECONDS).stream()
                        .filter(g -> names.owns(g.groupId())).sorted(Comparator.comparing(GroupListing::groupId)).toList();
                for (GroupListing group : owned) {
                    // One group that cannot be deleted must not keep the others.
                    try {
                        deleteGroup(admin, group);
                        groups++;
                    } catch (Exception e) {
                        problems.append(problems.length() == 0 ? "" : "; ").append("group ").append(group.groupId())
                                .append(": ").append(rootMessage(e));
                        LOG.warn("could not delete group {}", group.groupId(), e);
                    }
                }
            } catch (Exception e) {
                problems.append("groups: ").append(rootMessage(e));
                LOG.warn("could not list the run's groups", e);
            }
            try {
                List<String> topicNames = admin.listTopics(new ListTopicsOptions().listInternal(false)).names()
                        .get(BOUND.toMillis(), TimeUnit.MILLISECONDS).stream().filter(names::owns).sorted().toList();
                if (!topicNames.isEmpty()) {
                    admin.deleteTopics(topicNames).all().get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
                }
                topics = topicNames.size();
            } catch (Exception e) {
                problems.append(problems.length() == 0 ? "" : "; ").append("topics: ").append(rootMessage(e));
                LOG.warn("could not delete the run's topics", e);
            }
            security = deleteSecurity(admin, names, problems);
        } catch (RuntimeException e) {
            problems.append(rootMessage(e));
        }
        return new Report(topics, groups, security, problems.toString());
    }

    /** Quota entities, SCRAM users and ACLs of the run; each kind on its own, so that one failing keeps no other. */
    private static int deleteSecurity(Admin admin, ResourceNames names, StringBuilder problems) {
        SecurityCleanup cleanup = new SecurityCleanup(admin, names, BOUND);
        int deleted = 0;
        List<Map.Entry<String, SecurityStep>> steps = List.of(Map.entry("quotas", cleanup::quotas),
                Map.entry("SCRAM users", cleanup::scramUsers), Map.entry("ACLs", cleanup::acls));
        for (Map.Entry<String, SecurityStep> step : steps) {
            try {
                deleted += step.getValue().run();
            } catch (Exception e) {
                problems.append(problems.length() == 0 ? "" : "; ").append(step.getKey()).append(": ")
                        .append(rootMessage(e));
                LOG.warn("could not delete the run's {}", step.getKey(), e);
            }
        }
        return deleted;
    }

    private interface SecurityStep {
        int run() throws Exception;
    }

    /** Deletes a group with the API of its type: consumer (classic or KIP-848), streams or share group. */
    private static void deleteGroup(Admin admin, GroupListing group) throws Exception {
        GroupType type = group.type().orElse(GroupType.CLASSIC);
        long bound = BOUND.toMillis();
        if (type == GroupType.STREAMS) {
            admin.deleteStreamsGroups(List.of(group.groupId())).all().get(bound, TimeUnit.MILLISECONDS);
        } else if (type == GroupType.SHARE) {
            admin.deleteShareGroups(List.of(group.groupId())).all().get(bound, TimeUnit.MILLISECONDS);
        } else {
            removeStaticMembers(admin, group.groupId());
            admin.deleteConsumerGroups(List.of(group.groupId())).all().get(bound, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Static members (KIP-345) stay in their group after their consumer closed, until the session
     * times out; removing them lets the group be deleted now.
     */
    private static void removeStaticMembers(Admin admin, String groupId) throws Exception {
        ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(groupId)).all()
                .get(BOUND.toMillis(), TimeUnit.MILLISECONDS).get(groupId);
        List<MemberToRemove> statics = description == null ? List.of() : description.members().stream()
                .filter(m -> m.groupInstanceId().isPresent())
                .map(m -> new MemberToRemove(m.groupInstanceId().get())).toList();
        if (!statics.isEmpty()) {
            admin.removeMembersFromConsumerGroup(groupId, new RemoveMembersFromConsumerGroupOptions(statics)).all()
                    .get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }
}
