package io.kconform.checks.groups;

import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;

/**
 * What the admin client lists and describes of a consumer group, with the API of the kafka-clients release the
 * JVM runs: {@code listGroups} and {@code groupState} of Apache Kafka 4.x where it has them, {@code
 * listConsumerGroups} and {@code state} of the releases before otherwise (checks run on an older release where
 * current clients cannot connect to a target). Both ask the target the same: ListGroups and DescribeGroups. The
 * 4.x calls live in {@link Current}, loaded only where used, so that this class links on either. Stateless.
 */
final class GroupViews {

    private GroupViews() {
    }

    /** The groups ListGroups names {@code group}, as the admin client prints each. */
    static List<String> listed(Admin admin, String group) {
        try {
            return Current.listed(admin, group);
        } catch (NoClassDefFoundError | NoSuchMethodError olderRelease) {
            return listedBefore4(admin, group);
        }
    }

    /** The state of a described group, by name: {@code STABLE}, {@code EMPTY}, ... */
    static String state(ConsumerGroupDescription description) {
        try {
            return Current.state(description);
        } catch (NoClassDefFoundError | NoSuchMethodError olderRelease) {
            return stateBefore4(description);
        }
    }

    @SuppressWarnings("deprecation") // the only listing before 4.x
    private static List<String> listedBefore4(Admin admin, String group) {
        return GroupMembers.await(admin.listConsumerGroups().all()).stream().filter(g -> g.groupId().equals(group))
                .map(Object::toString).toList();
    }

    @SuppressWarnings("deprecation") // the only state before 4.x
    private static String stateBefore4(ConsumerGroupDescription description) {
        return description.state().name();
    }

    /** The admin API of Apache Kafka 4.x. */
    private static final class Current {
        static List<String> listed(Admin admin, String group) {
            return GroupMembers.await(admin.listGroups().all()).stream().filter((GroupListing g) -> g.groupId()
                    .equals(group)).map(Object::toString).toList();
        }

        static String state(ConsumerGroupDescription description) {
            return description.groupState().name();
        }
    }
}
