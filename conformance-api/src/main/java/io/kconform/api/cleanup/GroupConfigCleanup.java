package io.kconform.api.cleanup;

import io.kconform.api.target.ResourceNames;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ListConfigResourcesOptions;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.UnsupportedVersionException;

/**
 * Removes the dynamic configs set on the run's groups (KIP-848 and share-group configs such as
 * {@code share.record.lock.duration.ms}). The checks that set them remove them when they end; this finds what a
 * killed run left, which deleting the group does not necessarily remove. Groups with configs are listed through
 * ListConfigResources (KIP-1142): a target without it, or a Java client older than 4.1 (a run assessed with an
 * older client), finds none this way, and that is not a problem of the cleanup.
 */
final class GroupConfigCleanup {

    private GroupConfigCleanup() {
    }

    /**
     * Deletes every dynamic config of every group named under the run's prefix.
     *
     * @return how many groups had configs removed
     */
    static int delete(Admin admin, ResourceNames names, long stepMillis) throws Exception {
        List<ConfigResource> owned = listed(admin, stepMillis).stream()
                .filter(resource -> names.owns(resource.name())).toList();
        if (owned.isEmpty()) {
            return 0;
        }
        Map<ConfigResource, Config> configs = admin.describeConfigs(owned).all()
                .get(stepMillis, TimeUnit.MILLISECONDS);
        Map<ConfigResource, Collection<AlterConfigOp>> deletes = configs.entrySet().stream()
                .filter(e -> e.getValue().entries().stream().anyMatch(GroupConfigCleanup::setOnTheGroup))
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().entries().stream()
                        .filter(GroupConfigCleanup::setOnTheGroup)
                        .map(GroupConfigCleanup::deletion).toList()));
        if (!deletes.isEmpty()) {
            admin.incrementalAlterConfigs(deletes).all().get(stepMillis, TimeUnit.MILLISECONDS);
        }
        return deletes.size();
    }

    private static Collection<ConfigResource> listed(Admin admin, long stepMillis) throws Exception {
        try {
            return admin.listConfigResources(Set.of(ConfigResource.Type.GROUP),
                            new ListConfigResourcesOptions().timeoutMs((int) stepMillis)).all()
                    .get(stepMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnsupportedVersionException) {
                return List.of();
            }
            throw e;
        } catch (NoSuchMethodError | NoClassDefFoundError e) {
            // a Java client before 4.1 has no ListConfigResources
            return List.of();
        }
    }

    private static AlterConfigOp deletion(ConfigEntry entry) {
        return new AlterConfigOp(new ConfigEntry(entry.name(), null), AlterConfigOp.OpType.DELETE);
    }

    private static boolean setOnTheGroup(ConfigEntry entry) {
        return entry.source() == ConfigEntry.ConfigSource.DYNAMIC_GROUP_CONFIG;
    }
}
