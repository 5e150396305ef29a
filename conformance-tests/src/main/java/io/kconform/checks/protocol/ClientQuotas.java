package io.kconform.checks.protocol;

import io.kconform.api.context.Await;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.common.quota.ClientQuotaFilter;
import org.apache.kafka.common.quota.ClientQuotaFilterComponent;

/**
 * The client quotas of one client id (KIP-546), as the quota checks set, describe and remove them.
 * Everything a check sets here is under the run's prefix, so the run's cleanup removes what an
 * interrupted check left.
 */
final class ClientQuotas {

    private final Admin admin;
    private final String clientId;
    private final ClientQuotaEntity entity;

    ClientQuotas(Admin admin, String clientId) {
        this.admin = admin;
        this.clientId = clientId;
        this.entity = new ClientQuotaEntity(Map.of(ClientQuotaEntity.CLIENT_ID, clientId));
    }

    ClientQuotaEntity entity() {
        return entity;
    }

    /** Sets {@code quotas} (name to value) for the client id with one AlterClientQuotas. */
    void set(Map<String, Double> quotas) {
        Await.result(admin.alterClientQuotas(List.of(new ClientQuotaAlteration(entity, quotas.entrySet().stream()
                .map(e -> new ClientQuotaAlteration.Op(e.getKey(), e.getValue())).toList()))).all(),
                "AlterClientQuotas");
    }

    /** Removes the quotas named (a null value each) with one AlterClientQuotas. */
    void remove(Collection<String> keys) {
        Await.result(admin.alterClientQuotas(List.of(new ClientQuotaAlteration(entity, keys.stream()
                .map(k -> new ClientQuotaAlteration.Op(k, null)).toList()))).all(), "AlterClientQuotas (removal)");
    }

    /**
     * DescribeClientQuotas with a strict filter on the client id, asked until {@code settled} holds or
     * {@link AdminObserver#SETTLE} ends.
     *
     * @return what was described last; the caller asserts on it
     */
    Map<ClientQuotaEntity, Map<String, Double>> describeUntil(
            Predicate<Map<ClientQuotaEntity, Map<String, Double>>> settled) {
        ClientQuotaFilter filter = ClientQuotaFilter.containsOnly(List.of(
                ClientQuotaFilterComponent.ofEntity(ClientQuotaEntity.CLIENT_ID, clientId)));
        return AdminObserver.askUntil(() -> Await.result(admin.describeClientQuotas(filter).entities(),
                "DescribeClientQuotas"), settled);
    }
}
