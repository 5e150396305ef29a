package io.kconform.checks.groups;

import io.kconform.api.Battery;
import io.kconform.api.Capability;
import io.kconform.api.Check;
import io.kconform.api.Level;
import io.kconform.api.OfCapability;
import io.kconform.api.RequiresApi;
import io.kconform.api.Strength;
import io.kconform.api.context.CheckContext;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * Share groups (KIP-932, queues for Kafka): the members of a share group read the same partitions together, each
 * record acquired by one member at a time and acknowledged one by one: accepted (done), released (to be delivered
 * again, with a higher delivery count) or rejected (never again). A record is delivered at most the group's
 * delivery count limit times, and one a member holds too long is delivered again once its acquisition lock
 * expires. These are the rules a work queue on Kafka relies on: no job done twice at once, none lost, a poison
 * message set aside. Each check drives real share consumers ({@code KafkaShareConsumer}, explicit acknowledgement)
 * and sets the group's own configs so that the target acts within seconds; a target without share groups refuses
 * the first heartbeat (UNSUPPORTED).
 *
 * <p>The share-consumer code lives in {@link ShareFlows}, {@link ShareOffsetsFlow} and {@link ShareMembers}: this class names no type of
 * the share-group client API in its signatures, so it still loads where checks run with an older Java client.
 */
class ShareGroupChecks {

    @OfCapability(Capability.SHARE_GROUPS)
    @Check(id = "groups.share.one-member-at-a-time",
            title = "Two members of a share group reading one partition never get the same record: every record is"
                    + " delivered once, to one member, and accepted",
            battery = Battery.GROUPS, level = Level.MESSAGING, strength = Strength.MUST,
            spec = {"KIP-932", "Kafka protocol guide: ShareGroupHeartbeat, ShareFetch, ShareAcknowledge"},
            hint = "A record acquired by one member (ShareFetch AcquiredRecords) must not be handed to another until"
                    + " it is released or its lock expires, and an accepted record is never delivered again. Look at"
                    + " how acquisition is recorded per share-partition and shared between the members' fetches.")
    @RequiresApi(value = ApiKeys.SHARE_GROUP_HEARTBEAT, minVersion = 1)
    @RequiresApi(value = ApiKeys.SHARE_FETCH, minVersion = 1)
    @RequiresApi(value = ApiKeys.SHARE_ACKNOWLEDGE, minVersion = 1)
    @RequiresApi(value = ApiKeys.SHARE_GROUP_DESCRIBE, minVersion = 1)
    @RequiresApi(ApiKeys.INCREMENTAL_ALTER_CONFIGS)
    void oneMemberAtATime(CheckContext ctx) {
        ShareFlows.oneMemberAtATime(ctx);
    }

    @OfCapability(Capability.SHARE_GROUPS)
    @Check(id = "groups.share.release-redelivers",
            title = "A record a share-group member releases is delivered again, with a higher delivery count",
            battery = Battery.GROUPS, level = Level.MESSAGING, strength = Strength.MUST,
            spec = {"KIP-932 (AcknowledgeType RELEASE, delivery count)", "Kafka protocol guide: ShareAcknowledge"},
            hint = "An acknowledgement of type 2 (RELEASE) makes the record available again; its next ShareFetch"
                    + " AcquiredRecords must carry a delivery count one higher than before.")
    @RequiresApi(value = ApiKeys.SHARE_GROUP_HEARTBEAT, minVersion = 1)
    @RequiresApi(value = ApiKeys.SHARE_FETCH, minVersion = 1)
    @RequiresApi(value = ApiKeys.SHARE_ACKNOWLEDGE, minVersion = 1)
    @RequiresApi(ApiKeys.INCREMENTAL_ALTER_CONFIGS)
    void releaseRedelivers(CheckContext ctx) {
        ShareFlows.releaseRedelivers(ctx);
    }

    @OfCapability(Capability.SHARE_GROUPS)
    @Check(id = "groups.share.reject-never-redelivers",
            title = "A record a share-group member rejects is never delivered again",
            battery = Battery.GROUPS, level = Level.MESSAGING, strength = Strength.MUST,
            spec = {"KIP-932 (AcknowledgeType REJECT, archived records)", "Kafka protocol guide: ShareAcknowledge"},
            hint = "An acknowledgement of type 3 (REJECT) archives the record: it must not be acquired again, even"
                    + " while other records of the partition are released and delivered again.")
    @RequiresApi(value = ApiKeys.SHARE_GROUP_HEARTBEAT, minVersion = 1)
    @RequiresApi(value = ApiKeys.SHARE_FETCH, minVersion = 1)
    @RequiresApi(value = ApiKeys.SHARE_ACKNOWLEDGE, minVersion = 1)
    @RequiresApi(ApiKeys.INCREMENTAL_ALTER_CONFIGS)
    void rejectNeverRedelivers(CheckContext ctx) {
        ShareFlows.rejectNeverRedelivers(ctx);
    }

    @OfCapability(Capability.SHARE_GROUPS)
    @Check(id = "groups.share.delivery-limit-archives",
            title = "A record released as often as the share group's delivery count limit is not delivered again",
            battery = Battery.GROUPS, level = Level.MESSAGING, strength = Strength.MUST,
            spec = {"KIP-932 (group.share.delivery.count.limit; group config share.delivery.count.limit)"},
            hint = "A record whose delivery count reached the group's share.delivery.count.limit is archived when it"
                    + " is released or its lock expires, so that a poison message cannot circulate for ever. Look at"
                    + " whether the per-group config is applied, not only stored.")
    @RequiresApi(value = ApiKeys.SHARE_GROUP_HEARTBEAT, minVersion = 1)
    @RequiresApi(value = ApiKeys.SHARE_FETCH, minVersion = 1)
    @RequiresApi(value = ApiKeys.SHARE_ACKNOWLEDGE, minVersion = 1)
    @RequiresApi(ApiKeys.INCREMENTAL_ALTER_CONFIGS)
    void deliveryLimitArchives(CheckContext ctx) {
        ShareFlows.deliveryLimitArchives(ctx);
    }

    @OfCapability(Capability.SHARE_GROUPS)
    @Check(id = "groups.share.lock-expiry-redelivers",
            title = "A record a share-group member acquires and never acknowledges is delivered again, with a higher"
                    + " delivery count, once its acquisition lock expires",
            battery = Battery.GROUPS, level = Level.MESSAGING, strength = Strength.MUST,
            spec = {"KIP-932 (acquisition lock; group config share.record.lock.duration.ms)",
                    "Kafka protocol guide: ShareFetch (AcquisitionLockTimeoutMs)"},
            hint = "An acquired record not acknowledged within the group's share.record.lock.duration.ms becomes"
                    + " available again with its delivery count kept; another member's fetch must then acquire it."
                    + " Look at the lock timer and whether the per-group config is applied.")
    @RequiresApi(value = ApiKeys.SHARE_GROUP_HEARTBEAT, minVersion = 1)
    @RequiresApi(value = ApiKeys.SHARE_FETCH, minVersion = 1)
    @RequiresApi(value = ApiKeys.SHARE_ACKNOWLEDGE, minVersion = 1)
    @RequiresApi(value = ApiKeys.SHARE_GROUP_DESCRIBE, minVersion = 1)
    @RequiresApi(ApiKeys.INCREMENTAL_ALTER_CONFIGS)
    void lockExpiryRedelivers(CheckContext ctx) {
        ShareFlows.lockExpiryRedelivers(ctx);
    }

    @OfCapability(Capability.SHARE_GROUPS)
    @Check(id = "groups.share.offsets-admin",
            title = "A share group's start offset is described, reset to the earliest offset once the group is empty"
                    + " (not while it has members), and deleted, through the admin APIs",
            battery = Battery.GROUPS, level = Level.MESSAGING, strength = Strength.SHOULD,
            spec = {"KIP-932", "Kafka protocol guide: DescribeShareGroupOffsets, AlterShareGroupOffsets,"
                    + " DeleteShareGroupOffsets"},
            hint = "DescribeShareGroupOffsets gives the share-partition start offset (past every accepted record);"
                    + " AlterShareGroupOffsets must answer NON_EMPTY_GROUP while the group has members and, once it is"
                    + " empty, move the start offset so that a new member reads from there; DeleteShareGroupOffsets"
                    + " removes the group's state for the topic.")
    @RequiresApi(value = ApiKeys.SHARE_GROUP_HEARTBEAT, minVersion = 1)
    @RequiresApi(value = ApiKeys.SHARE_FETCH, minVersion = 1)
    @RequiresApi(value = ApiKeys.SHARE_ACKNOWLEDGE, minVersion = 1)
    @RequiresApi(value = ApiKeys.SHARE_GROUP_DESCRIBE, minVersion = 1)
    @RequiresApi(ApiKeys.DESCRIBE_SHARE_GROUP_OFFSETS)
    @RequiresApi(ApiKeys.ALTER_SHARE_GROUP_OFFSETS)
    @RequiresApi(ApiKeys.DELETE_SHARE_GROUP_OFFSETS)
    @RequiresApi(ApiKeys.INCREMENTAL_ALTER_CONFIGS)
    void offsetsAdmin(CheckContext ctx) {
        ShareOffsetsFlow.run(ctx);
    }
}
