package io.kconform.checks;

import io.kconform.api.JavaClients;
import io.kconform.api.outcome.NotAssessableHereException;
import java.time.Duration;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CloseOptions.GroupMembershipOperation;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Closes Java clients the way a check needs, with the API of the kafka-clients release the JVM runs: the close
 * options of Apache Kafka 4.x (KIP-1092) where it has them, and what an older release offers otherwise — checks
 * run on an older release where current clients cannot connect to a target. The 4.x calls live in {@link Current},
 * which is loaded only where it is used, so that this class links on either. Stateless.
 */
public final class Closing {

    private Closing() {
    }

    /** Closes a consumer, waiting up to {@code timeout} for what it still has to send. */
    public static void consumer(Consumer<?, ?> consumer, Duration timeout) {
        try {
            Current.close(consumer, Membership.DEFAULT, timeout);
        } catch (NoClassDefFoundError | NoSuchMethodError olderRelease) {
            closeBefore4(consumer, timeout);
        }
    }

    /**
     * Closes a consumer that keeps its place in its group until its session times out, as a restarting static
     * member does. Before 4.x, a static member's close does exactly that.
     */
    public static void consumerRemainingInGroup(Consumer<?, ?> consumer, Duration timeout) {
        try {
            Current.close(consumer, Membership.REMAIN, timeout);
        } catch (NoClassDefFoundError | NoSuchMethodError olderRelease) {
            closeBefore4(consumer, timeout);
        }
    }

    /**
     * Closes a consumer that leaves its group. Before 4.x a dynamic member leaves on closing; a static member
     * cannot, and stays until its session times out.
     */
    public static void consumerLeavingGroup(Consumer<?, ?> consumer, Duration timeout) {
        try {
            Current.close(consumer, Membership.LEAVE, timeout);
        } catch (NoClassDefFoundError | NoSuchMethodError olderRelease) {
            closeBefore4(consumer, timeout);
        }
    }

    /**
     * Closes a Kafka Streams application, which leaves its group where its release can: every member with 4.x;
     * before 4.x static members only (KIP-812's close options), dynamic ones staying until their session times out.
     *
     * @return whether it closed within {@code timeout}
     */
    public static boolean streams(KafkaStreams streams, Duration timeout) {
        try {
            return Current.closeLeavingGroup(streams, timeout);
        } catch (NoClassDefFoundError | NoSuchMethodError olderRelease) {
            return closeBefore4(streams, timeout);
        }
    }

    /**
     * Closes a Kafka Streams application that must leave its group, for a check whose next instance would otherwise
     * wait out the departed one's session.
     *
     * @return whether it closed within {@code timeout}
     * @throws NotAssessableHereException on a release before 4.x, once the application is closed: there a dynamic
     *                                    member cannot leave its group on closing
     */
    public static boolean streamsLeavingGroup(KafkaStreams streams, Duration timeout) {
        try {
            return Current.closeLeavingGroup(streams, timeout);
        } catch (NoClassDefFoundError | NoSuchMethodError olderRelease) {
            closeBefore4(streams, timeout);
            throw new NotAssessableHereException("not assessable with Java clients " + JavaClients.running()
                    + ": the check restarts a Kafka Streams instance, which needs the one closed to leave its group;"
                    + " Kafka Streams before 4.0 cannot make a dynamic member leave on closing (it stays until its"
                    + " session times out)");
        }
    }

    @SuppressWarnings("deprecation") // the only close with a bound before 4.x
    private static void closeBefore4(Consumer<?, ?> consumer, Duration timeout) {
        consumer.close(timeout);
    }

    @SuppressWarnings("deprecation") // KIP-812's options, the only way before 4.x to leave the group on closing
    private static boolean closeBefore4(KafkaStreams streams, Duration timeout) {
        return streams.close(new KafkaStreams.CloseOptions().leaveGroup(true).timeout(timeout));
    }

    /** What a consumer's close does with its group membership, named without 4.x's types. */
    private enum Membership {
        DEFAULT, REMAIN, LEAVE
    }

    /** The close options of Apache Kafka 4.x. */
    private static final class Current {
        static void close(Consumer<?, ?> consumer, Membership membership, Duration timeout) {
            GroupMembershipOperation operation = switch (membership) {
                case DEFAULT -> GroupMembershipOperation.DEFAULT;
                case REMAIN -> GroupMembershipOperation.REMAIN_IN_GROUP;
                case LEAVE -> GroupMembershipOperation.LEAVE_GROUP;
            };
            consumer.close(CloseOptions.groupMembershipOperation(operation).withTimeout(timeout));
        }

        static boolean closeLeavingGroup(KafkaStreams streams, Duration timeout) {
            return streams.close(org.apache.kafka.streams.CloseOptions.groupMembershipOperation(
                    org.apache.kafka.streams.CloseOptions.GroupMembershipOperation.LEAVE_GROUP).withTimeout(timeout));
        }
    }
}
