package io.kconform.api.cleanup;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.MemberToRemove;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.GroupNotEmptyException;

/**
 * Lists and deletes a target's groups with the admin API of the kafka-clients this JVM runs: every group type
 * (classic or KIP-848 consumer, streams, share) where it has {@code Admin.listGroups} (4.0 and later); consumer
 * groups only on an older release, which is what its clients can make, where a run's checks ran with one because
 * current clients could not connect. What only the newer API names lives in {@link Newest}, a class that is loaded
 * only where it is used, so that this one links on either release. Stateless.
 */
final class AdminGroups {

    private AdminGroups() {
    }

    /**
     * A group as listed.
     *
     * @param groupId  its id
     * @param type     {@code CLASSIC}, {@code CONSUMER}, {@code STREAMS} or {@code SHARE}
     * @param protocol the protocol type its members declared: {@code consumer}, {@code connect} (Connect's workers),
     *                 ... ; empty when not known
     */
    record Listed(String groupId, String type, String protocol) {

        /**
         * Whether the consumer groups' describe API answers for it: a classic group of another protocol type
         * (Connect's workers) is refused there, although deleteConsumerGroups deletes it once it is empty.
         */
        boolean describableAsConsumerGroup() {
            return protocol.isEmpty() || protocol.equals("consumer");
        }
    }

    /**
     * The target's groups as the admin client lists them.
     *
     * @param groups   the groups listed
     * @param complete whether every group is listed: not before 4.x, whose listing leaves out groups of other
     *                 protocol types than consumers' (Connect's workers)
     */
    record Listing(List<Listed> groups, boolean complete) {
    }

    /** Every group of the target, of every type the admin client can list. */
    static Listing list(Admin admin, long boundMillis) throws Exception {
        try {
            return new Listing(Newest.list(admin, boundMillis), true);
        } catch (NoSuchMethodError | NoClassDefFoundError olderRelease) {
            return new Listing(consumerGroups(admin, boundMillis), false);
        }
    }

    /**
     * Deletes, by name, groups a listing could not show: those of {@code ids} that exist; a name that is no group
     * is passed over. Such a group that still has members (a Connect worker not stopped yet: the run was interrupted)
     * is left, and said so: its members cannot be removed through a consumer group's API.
     *
     * @param left told of each group left, with why
     * @return how many were deleted
     */
    static int deleteUnlisted(Admin admin, Set<String> ids, long boundMillis, Consumer<String> left) throws Exception {
        if (ids.isEmpty()) {
            return 0;
        }
        int deleted = 0;
        Map<String, KafkaFuture<Void>> results = admin.deleteConsumerGroups(ids).deletedGroups();
        for (Map.Entry<String, KafkaFuture<Void>> result : results.entrySet()) {
            try {
                result.getValue().get(boundMillis, TimeUnit.MILLISECONDS);
                deleted++;
            } catch (ExecutionException e) {
                if (e.getCause() instanceof GroupNotEmptyException) {
                    left.accept("group " + result.getKey() + " still has members");
                } else if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                    throw e;
                }
            }
        }
        return deleted;
    }

    @SuppressWarnings("deprecation") // the only listing an older release has
    private static List<Listed> consumerGroups(Admin admin, long boundMillis) throws Exception {
        return admin.listConsumerGroups().all().get(boundMillis, TimeUnit.MILLISECONDS).stream()
                .map(g -> new Listed(g.groupId(), "CLASSIC", "consumer")).toList();
    }

    /**
     * Deletes a group with the API of its type; a consumer group's static members are removed first, and a classic
     * group still not empty loses its remaining members too: the run's clients are closed by then, but some leave
     * no group on closing (Kafka Streams before 4.0 keeps its members until their session times out).
     */
    static void delete(Admin admin, Listed group, long boundMillis) throws Exception {
        if (group.type().equals("STREAMS") || group.type().equals("SHARE")) {
            Newest.delete(admin, group, boundMillis);
            return;
        }
        if (group.describableAsConsumerGroup()) {
            removeStaticMembers(admin, group.groupId(), boundMillis);
        }
        try {
            admin.deleteConsumerGroups(List.of(group.groupId())).all().get(boundMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof GroupNotEmptyException) || !group.type().equals("CLASSIC")) {
                throw e;
            }
            if (!group.describableAsConsumerGroup()) {
                // A Connect worker still running: its members cannot be removed through the consumer groups' API.
                throw new GroupNotEmptyException("still has members (a " + group.protocol() + " group)");
            }
            admin.removeMembersFromConsumerGroup(group.groupId(), new RemoveMembersFromConsumerGroupOptions()).all()
                    .get(boundMillis, TimeUnit.MILLISECONDS);
            admin.deleteConsumerGroups(List.of(group.groupId())).all().get(boundMillis, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Static members (KIP-345) stay in their group after their consumer closed, until the session
     * times out; removing them lets the group be deleted now.
     */
    private static void removeStaticMembers(Admin admin, String groupId, long boundMillis) throws Exception {
        ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(groupId)).all()
                .get(boundMillis, TimeUnit.MILLISECONDS).get(groupId);
        List<MemberToRemove> statics = description == null ? List.of() : description.members().stream()
                .filter(m -> m.groupInstanceId().isPresent())
                .map(m -> new MemberToRemove(m.groupInstanceId().get())).toList();
        if (!statics.isEmpty()) {
            admin.removeMembersFromConsumerGroup(groupId, new RemoveMembersFromConsumerGroupOptions(statics)).all()
                    .get(boundMillis, TimeUnit.MILLISECONDS);
        }
    }

    /** The admin API of Apache Kafka 4.x: every group type. */
    private static final class Newest {
        static List<Listed> list(Admin admin, long boundMillis) throws Exception {
            return admin.listGroups().all().get(boundMillis, TimeUnit.MILLISECONDS).stream()
                    .map((GroupListing g) -> new Listed(g.groupId(), g.type().orElse(GroupType.CLASSIC).name(),
                            g.protocol() == null ? "" : g.protocol()))
                    .toList();
        }

        static void delete(Admin admin, Listed group, long boundMillis) throws Exception {
            if (group.type().equals(GroupType.STREAMS.name())) {
                admin.deleteStreamsGroups(List.of(group.groupId())).all().get(boundMillis, TimeUnit.MILLISECONDS);
            } else {
                admin.deleteShareGroups(List.of(group.groupId())).all().get(boundMillis, TimeUnit.MILLISECONDS);
            }
        }
    }
}
