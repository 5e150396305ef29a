package io.kconform.checks.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.Battery;
import io.kconform.api.ChangesCluster;
import io.kconform.api.Check;
import io.kconform.api.Level;
import io.kconform.api.RequiresApi;
import io.kconform.api.Strength;
import io.kconform.api.context.Await;
import io.kconform.api.context.CheckContext;
import io.kconform.api.outcome.UnsupportedFeatureException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialDeletion;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.admin.UserScramCredentialsDescription;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.ResourceNotFoundException;
import org.apache.kafka.common.errors.SecurityDisabledException;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Admin APIs that change who may do what: client quotas (KIP-546), SCRAM credentials (KIP-554) and
 * ACLs (KIP-140), as stored: each check makes something under the run's prefix, reads it back, removes
 * it and reads again, removing it in a {@code finally} as well (and the run's cleanup removes what an
 * interrupted check left). Whether what is stored takes effect is for other checks to say: a quota that
 * throttles ({@link ClientQuotaThrottleChecks}), ACLs that are enforced ({@link AclEnforcementChecks}).
 *
 * <p>SHOULD: clients do not need these APIs to produce or consume; operators and tools do, and an
 * endpoint that acknowledges a change it then drops leaves a tenant unthrottled or a user's access
 * other than the operator believes, which is worth a finding but blocks no level.
 */
class AdminSecurityChecks {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Check(id = "protocol.admin.client-quotas",
            title = "Client quotas set for a client id are described back with their values, and gone once removed",
            battery = Battery.PROTOCOL, level = Level.INGEST, strength = Strength.SHOULD,
            spec = {"KIP-546 (DescribeClientQuotas, AlterClientQuotas)", "KIP-13 (quotas)"},
            hint = "AlterClientQuotas must store producer_byte_rate and consumer_byte_rate for the entity, so that"
                    + " DescribeClientQuotas with a strict filter on that client id answers them; removing them"
                    + " (a null value) must leave no entry for the entity.")
    @RequiresApi(value = ApiKeys.ALTER_CLIENT_QUOTAS, minVersion = 0)
    @RequiresApi(value = ApiKeys.DESCRIBE_CLIENT_QUOTAS, minVersion = 0)
    @ChangesCluster("client quotas (AlterClientQuotas on a client id of the run)")
    void clientQuotas(CheckContext ctx) {
        String clientId = ctx.uniqueName("quota-client");
        ClientQuotas client = new ClientQuotas(ctx.admin(), clientId);
        ClientQuotaEntity entity = client.entity();
        Map<String, Double> quotas = Map.of("producer_byte_rate", 1_048_576.0, "consumer_byte_rate", 2_097_152.0);
        try {
            client.set(quotas);
            ctx.evidence("AlterClientQuotas for client-id %s: set %s, acknowledged", clientId, quotas);
            Map<ClientQuotaEntity, Map<String, Double>> described = client.describeUntil(
                    d -> quotas.equals(d.get(entity)));
            ctx.evidence("DescribeClientQuotas (strict, client-id %s): %s", clientId, described);
            assertThat(described).as("quotas described for client-id %s", clientId).containsKey(entity);
            assertThat(described.get(entity)).as("quota values of client-id %s", clientId).isEqualTo(quotas);

            client.remove(quotas.keySet());
            ctx.evidence("AlterClientQuotas for client-id %s: removed %s, acknowledged", clientId, quotas.keySet());
            Map<ClientQuotaEntity, Map<String, Double>> after = client.describeUntil(d -> !d.containsKey(entity));
            ctx.evidence("DescribeClientQuotas after the removal: %s", after);
            assertThat(after).as("quotas described for client-id %s after their removal", clientId)
                    .doesNotContainKey(entity);
        } finally {
            AdminObserver.quietly(() -> client.remove(quotas.keySet()));
        }
    }

    @Check(id = "protocol.admin.scram-credentials",
            title = "SCRAM credentials upserted for a user are described with their mechanisms and iterations, and"
                    + " gone once deleted",
            battery = Battery.PROTOCOL, level = Level.INGEST, strength = Strength.SHOULD,
            spec = {"KIP-554 (AlterUserScramCredentials, DescribeUserScramCredentials)", "RFC 5802 (SCRAM)"},
            hint = "After upserting SCRAM-SHA-256 with 8192 iterations and SCRAM-SHA-512 with 4096, the user must be"
                    + " described with exactly those; after deleting both, describing the user must answer"
                    + " RESOURCE_NOT_FOUND.")
    @RequiresApi(value = ApiKeys.ALTER_USER_SCRAM_CREDENTIALS, minVersion = 0)
    @RequiresApi(value = ApiKeys.DESCRIBE_USER_SCRAM_CREDENTIALS, minVersion = 0)
    @ChangesCluster("SCRAM users (AlterUserScramCredentials on a user of the run)")
    void scramCredentials(CheckContext ctx) {
        Admin admin = ctx.admin();
        String user = ctx.uniqueName("scram-user");
        List<ScramCredentialInfo> wanted = List.of(new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, 8192),
                new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096));
        try {
            // one request per mechanism: a request may alter a user's credentials only once (DUPLICATE_RESOURCE)
            for (ScramCredentialInfo info : wanted) {
                Await.result(admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(user, info,
                        randomPassword()))).all(), "AlterUserScramCredentials (upsert " + info.mechanism() + ")");
            }
            ctx.evidence("AlterUserScramCredentials: upserted %s for user %s (random passwords), acknowledged", wanted,
                    user);
            Optional<UserScramCredentialsDescription> described = awaitScram(admin, user,
                    d -> d.isPresent() && d.get().credentialInfos().size() == wanted.size());
            ctx.evidence("DescribeUserScramCredentials %s: %s", user,
                    described.map(d -> d.credentialInfos().toString()).orElse("RESOURCE_NOT_FOUND"));
            assertThat(described).as("credentials described for user %s", user).isPresent();
            assertThat(described.get().credentialInfos()).as("mechanisms and iterations of user %s", user)
                    .containsExactlyInAnyOrderElementsOf(wanted);

            deleteScram(admin, user, wanted);
            ctx.evidence("AlterUserScramCredentials: deleted both mechanisms of %s, acknowledged", user);
            Optional<UserScramCredentialsDescription> after = awaitScram(admin, user, Optional::isEmpty);
            ctx.evidence("DescribeUserScramCredentials %s after the deletion: %s", user,
                    after.map(d -> d.credentialInfos().toString()).orElse("RESOURCE_NOT_FOUND"));
            assertThat(after.map(UserScramCredentialsDescription::credentialInfos))
                    .as("credentials of user %s after their deletion (RESOURCE_NOT_FOUND expected)", user).isEmpty();
        } finally {
            wanted.forEach(info -> AdminObserver.quietly(() -> deleteScram(admin, user, List.of(info))));
        }
    }

    private static void deleteScram(Admin admin, String user, List<ScramCredentialInfo> infos) {
        for (ScramCredentialInfo info : infos) {
            Await.result(admin.alterUserScramCredentials(List.<UserScramCredentialAlteration>of(
                    new UserScramCredentialDeletion(user, info.mechanism()))).all(),
                    "AlterUserScramCredentials (deletion of " + info.mechanism() + ")");
        }
    }

    /** The user's credentials, or empty when the target answers RESOURCE_NOT_FOUND for the user. */
    private static Optional<UserScramCredentialsDescription> awaitScram(
            Admin admin, String user, Predicate<Optional<UserScramCredentialsDescription>> settled) {
        return AdminObserver.askUntil(() -> {
            try {
                return Optional.of(Await.result(admin.describeUserScramCredentials(List.of(user)).description(user),
                        "DescribeUserScramCredentials"));
            } catch (ResourceNotFoundException e) {
                return Optional.empty();
            }
        }, settled);
    }

    private static String randomPassword() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Check(id = "protocol.admin.acls",
            title = "An ACL created for a topic and principal is described back, and gone once deleted",
            battery = Battery.PROTOCOL, level = Level.INGEST, strength = Strength.SHOULD,
            spec = {"KIP-140 (CreateAcls, DescribeAcls, DeleteAcls)", "KIP-801 (StandardAuthorizer)"},
            hint = "CreateAcls must store the binding so that DescribeAcls for the topic answers it, and DeleteAcls"
                    + " must return and remove it. A target without an authorizer answers SECURITY_DISABLED, which"
                    + " is reported unsupported. Whether the ACL is enforced is protocol.admin.acls-enforced's to say.")
    @RequiresApi(value = ApiKeys.CREATE_ACLS, minVersion = 1)
    @RequiresApi(value = ApiKeys.DESCRIBE_ACLS, minVersion = 1)
    @RequiresApi(value = ApiKeys.DELETE_ACLS, minVersion = 1)
    @ChangesCluster("ACLs (CreateAcls, DeleteAcls)")
    void acls(CheckContext ctx) {
        Admin admin = ctx.admin();
        ResourcePattern resource = new ResourcePattern(ResourceType.TOPIC, ctx.uniqueName("acl-topic"),
                PatternType.LITERAL);
        AclBinding binding = new AclBinding(resource, new AccessControlEntry("User:" + ctx.uniqueName("acl-user"),
                "*", AclOperation.READ, AclPermissionType.ALLOW));
        AclBindingFilter filter = new AclBindingFilter(resource.toFilter(),
                org.apache.kafka.common.acl.AccessControlEntryFilter.ANY);
        try {
            try {
                Await.result(admin.createAcls(List.of(binding)).all(), "CreateAcls");
            } catch (SecurityDisabledException e) {
                ctx.evidence("CreateAcls answered SECURITY_DISABLED: %s", e.getMessage());
                throw new UnsupportedFeatureException("the target has no authorizer: CreateAcls answered"
                        + " SECURITY_DISABLED", e);
            }
            ctx.evidence("CreateAcls %s: acknowledged", binding);
            Collection<AclBinding> described = AdminObserver.askUntil(() -> Await.result(
                    admin.describeAcls(filter).values(), "DescribeAcls"), d -> d.contains(binding));
            ctx.evidence("DescribeAcls for %s: %s", resource, described);
            assertThat(described).as("ACLs described for %s", resource).containsExactly(binding);

            Collection<AclBinding> deleted = Await.result(admin.deleteAcls(List.of(filter)).all(), "DeleteAcls");
            ctx.evidence("DeleteAcls for %s: deleted %s", resource, deleted);
            assertThat(deleted).as("ACLs DeleteAcls says it deleted").containsExactly(binding);
            Collection<AclBinding> after = AdminObserver.askUntil(() -> Await.result(
                    admin.describeAcls(filter).values(), "DescribeAcls"), Collection::isEmpty);
            ctx.evidence("DescribeAcls for %s after the deletion: %s", resource, after);
            assertThat(after).as("ACLs described for %s after their deletion", resource).isEmpty();
        } finally {
            AdminObserver.quietly(() -> Await.result(admin.deleteAcls(List.of(filter)).all(),
                    "DeleteAcls (clean-up)"));
        }
    }
}
