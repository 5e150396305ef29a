package io.kconform.api.cleanup;

import io.kconform.api.target.ResourceNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialDeletion;
import org.apache.kafka.clients.admin.UserScramCredentialsDescription;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.SecurityDisabledException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.common.quota.ClientQuotaFilter;

/**
 * Deletes the client quota entities, SCRAM users and ACLs whose names (or principals) carry the run's
 * prefix. The admin checks remove what they make themselves; this catches what a check interrupted
 * between making and removing left behind. A target without the APIs, without an authorizer, or that
 * refuses the harness the cluster permission cannot hold anything the run made, so those answers count
 * as nothing to delete. Part of {@link RunCleanup}: bounded by the admin client's timeouts.
 */
final class SecurityCleanup {

    private final Admin admin;
    private final ResourceNames names;
    private final long boundMillis;

    SecurityCleanup(Admin admin, ResourceNames names, Duration bound) {
        this.admin = admin;
        this.names = names;
        this.boundMillis = bound.toMillis();
    }

    /** Quota entities of the run: every quota set on them removed. */
    int quotas() throws Exception {
        Map<ClientQuotaEntity, Map<String, Double>> all = orEmpty(() -> admin.describeClientQuotas(
                ClientQuotaFilter.all()).entities().get(boundMillis, TimeUnit.MILLISECONDS), Map.of());
        List<ClientQuotaAlteration> removals = new ArrayList<>();
        all.forEach((entity, quotas) -> {
            if (entity.entries().values().stream().anyMatch(n -> n != null && names.owns(n))) {
                removals.add(new ClientQuotaAlteration(entity, quotas.keySet().stream()
                        .map(key -> new ClientQuotaAlteration.Op(key, null)).toList()));
            }
        });
        if (!removals.isEmpty()) {
            admin.alterClientQuotas(removals).all().get(boundMillis, TimeUnit.MILLISECONDS);
        }
        return removals.size();
    }

    /** SCRAM users of the run: every mechanism's credential deleted, one request per credential. */
    int scramUsers() throws Exception {
        Map<String, UserScramCredentialsDescription> all = orEmpty(() -> admin.describeUserScramCredentials().all()
                .get(boundMillis, TimeUnit.MILLISECONDS), Map.of());
        int users = 0;
        for (Map.Entry<String, UserScramCredentialsDescription> user : all.entrySet()) {
            if (!names.owns(user.getKey())) {
                continue;
            }
            // a request may alter each user only once
            for (ScramCredentialInfo info : user.getValue().credentialInfos()) {
                admin.alterUserScramCredentials(List.<UserScramCredentialAlteration>of(
                        new UserScramCredentialDeletion(user.getKey(), info.mechanism())))
                        .all().get(boundMillis, TimeUnit.MILLISECONDS);
            }
            users++;
        }
        return users;
    }

    /** ACLs on a resource of the run or for a principal of the run. */
    int acls() throws Exception {
        List<AclBinding> all = new ArrayList<>(orEmpty(() -> admin.describeAcls(AclBindingFilter.ANY).values()
                .get(boundMillis, TimeUnit.MILLISECONDS), List.of()));
        List<AclBindingFilter> owned = all.stream()
                .filter(b -> names.owns(b.pattern().name()) || names.owns(b.entry().principal()))
                .map(AclBinding::toFilter).toList();
        if (!owned.isEmpty()) {
            admin.deleteAcls(owned).all().get(boundMillis, TimeUnit.MILLISECONDS);
        }
        return owned.size();
    }

    private interface Listing<T> {
        T get() throws Exception;
    }

    /** The listing, or {@code none} where the target cannot hold such resources or lets us see none. */
    private static <T> T orEmpty(Listing<T> listing, T none) throws Exception {
        try {
            return listing.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof UnsupportedVersionException || cause instanceof SecurityDisabledException
                    || cause instanceof ClusterAuthorizationException) {
                return none;
            }
            throw e;
        }
    }
}
