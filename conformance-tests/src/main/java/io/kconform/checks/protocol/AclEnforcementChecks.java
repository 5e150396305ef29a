package io.kconform.checks.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.Battery;
import io.kconform.api.ChangesCluster;
import io.kconform.api.Check;
import io.kconform.api.Level;
import io.kconform.api.RequiresApi;
import io.kconform.api.RequiresFacility;
import io.kconform.api.Strength;
import io.kconform.api.context.Await;
import io.kconform.api.context.CheckContext;
import io.kconform.api.outcome.NotAssessableHereException;
import io.kconform.api.outcome.UnsupportedFeatureException;
import io.kconform.api.target.ClientPrincipal;
import io.kconform.api.target.Facility;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.SecurityDisabledException;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.resource.ResourceType;

/**
 * ACLs observed in their effect: what a principal may do changes when an ACL for it is created and
 * deleted. {@code protocol.admin.acls} shows that ACLs are stored; an endpoint that stores them and
 * never consults them passes that check and fails this one.
 *
 * <p>It needs a second principal the target authenticates and grants nothing
 * ({@link Facility#RESTRICTED_PRINCIPAL}): the harness's own principal may do everything, so nothing it
 * does can show a refusal. Embedded targets with {@code security.authorizer: true} give one; for any
 * other target targets.yaml can name one, and without one the check is SKIPPED.
 */
class AclEnforcementChecks {

    @Check(id = "protocol.admin.acls-enforced",
            title = "A principal without ACLs is refused writing to a topic; a WRITE ACL created for it allows that"
                    + " write and neither reading it nor writing elsewhere, and once deleted the write is refused"
                    + " again",
            battery = Battery.PROTOCOL, level = Level.INGEST, strength = Strength.SHOULD,
            spec = {"KIP-140 (CreateAcls, DeleteAcls)", "KIP-801 (StandardAuthorizer)",
                    "Kafka protocol guide: error code 29 TOPIC_AUTHORIZATION_FAILED"},
            hint = "Look at whether the target consults its ACLs for every request: a principal that is a super user,"
                    + " allow.everyone.if.no.acl.found=true, or ACLs that are stored but never reach the brokers make"
                    + " the first write succeed; an ACL that grants more than its operation and resource makes the"
                    + " read or the other write succeed; an ACL removed from storage but cached by the brokers makes"
                    + " the last write succeed.")
    @RequiresFacility(Facility.RESTRICTED_PRINCIPAL)
    @RequiresApi(value = ApiKeys.CREATE_ACLS, minVersion = 1)
    @RequiresApi(value = ApiKeys.DESCRIBE_ACLS, minVersion = 1)
    @RequiresApi(value = ApiKeys.DELETE_ACLS, minVersion = 1)
    @ChangesCluster("ACLs (CreateAcls, DeleteAcls for the restricted principal)")
    void aclsEnforced(CheckContext ctx) {
        ClientPrincipal restricted = ctx.restrictedPrincipal();
        Admin admin = ctx.admin();
        String topic = ctx.createTopic("acl-enforced");
        String other = ctx.createTopic("acl-not-granted");
        AclBinding write = new AclBinding(new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL),
                new AccessControlEntry(restricted.name(), "*", AclOperation.WRITE, AclPermissionType.ALLOW));
        AclBindingFilter filter = write.toFilter();
        PrincipalAttempts as = new PrincipalAttempts(ctx, restricted);
        try {
            List<AclBinding> existing = aclsApplyingTo(ctx, admin, restricted, List.of(topic, other));
            if (!existing.isEmpty()) {
                // a wildcard or prefixed ACL someone gave the principal: it is not the principal without ACLs
                // the check needs, and no answer of the target could be judged
                throw new NotAssessableHereException("the restricted principal " + restricted + " has ACLs that apply"
                        + " to any topic of this run (" + existing + "); it must have none");
            }

            PrincipalAttempts.Attempt before = as.write(topic);
            ctx.evidence("without any ACL: %s", before);
            assertThat(before.refused()).as("%s, which no ACL allows, refused with TOPIC_AUTHORIZATION_FAILED; it"
                    + " was %s", before.what(), before.outcome()).isTrue();

            Await.result(admin.createAcls(List.of(write)).all(), "CreateAcls");
            ctx.evidence("CreateAcls %s: acknowledged", write);
            long created = System.nanoTime();
            PrincipalAttempts.Attempt granted = AdminObserver.askUntil(() -> as.write(topic),
                    PrincipalAttempts.Attempt::done);
            ctx.evidence("with the WRITE ACL, %d ms after it was created: %s",
                    (System.nanoTime() - created) / 1_000_000, granted);
            assertThat(granted.done()).as("%s done within %d s of CreateAcls granting %s WRITE on it; it was %s",
                    granted.what(), AdminObserver.SETTLE.toSeconds(), restricted, granted.outcome()).isTrue();

            PrincipalAttempts.Attempt read = as.read(topic);
            ctx.evidence("with the WRITE ACL only: %s", read);
            assertThat(read.refused()).as("%s, with an ACL that grants WRITE only, refused with"
                    + " TOPIC_AUTHORIZATION_FAILED; it was %s", read.what(), read.outcome()).isTrue();
            PrincipalAttempts.Attempt elsewhere = as.write(other);
            ctx.evidence("with the WRITE ACL on %s only: %s", topic, elsewhere);
            assertThat(elsewhere.refused()).as("%s, a topic the ACL does not name, refused with"
                    + " TOPIC_AUTHORIZATION_FAILED; it was %s", elsewhere.what(), elsewhere.outcome()).isTrue();

            Collection<AclBinding> deleted = Await.result(admin.deleteAcls(List.of(filter)).all(), "DeleteAcls");
            ctx.evidence("DeleteAcls %s: deleted %s", filter, deleted);
            assertThat(deleted).as("ACLs DeleteAcls says it deleted").containsExactly(write);
            long removed = System.nanoTime();
            PrincipalAttempts.Attempt after = AdminObserver.askUntil(() -> as.write(topic),
                    PrincipalAttempts.Attempt::refused);
            ctx.evidence("%d ms after the ACL was deleted: %s", (System.nanoTime() - removed) / 1_000_000, after);
            assertThat(after.refused()).as("%s refused with TOPIC_AUTHORIZATION_FAILED within %d s of DeleteAcls"
                    + " removing its only ACL; it was %s", after.what(), AdminObserver.SETTLE.toSeconds(),
                    after.outcome()).isTrue();
        } finally {
            AdminObserver.quietly(() -> Await.result(admin.deleteAcls(List.of(filter)).all(), "DeleteAcls (clean-up)"));
        }
    }

    /**
     * The ACLs of {@code principal} that apply to {@code topics} (literal, wildcard or prefixed), as
     * DescribeAcls answers them. A target without an authorizer does not offer ACLs at all: UNSUPPORTED,
     * as for protocol.admin.acls.
     */
    private static List<AclBinding> aclsApplyingTo(CheckContext ctx, Admin admin, ClientPrincipal principal,
                                                   List<String> topics) {
        List<AclBinding> applying = new ArrayList<>();
        for (String topic : topics) {
            AclBindingFilter filter = new AclBindingFilter(
                    new ResourcePatternFilter(ResourceType.TOPIC, topic, PatternType.MATCH),
                    new AccessControlEntryFilter(principal.name(), null, AclOperation.ANY, AclPermissionType.ANY));
            try {
                applying.addAll(Await.result(admin.describeAcls(filter).values(), "DescribeAcls"));
            } catch (SecurityDisabledException e) {
                ctx.evidence("DescribeAcls answered SECURITY_DISABLED: %s", e.getMessage());
                throw new UnsupportedFeatureException("the target has no authorizer: DescribeAcls answered"
                        + " SECURITY_DISABLED", e);
            }
        }
        ctx.evidence("DescribeAcls for %s on the check's topics: %s", principal, applying);
        return applying;
    }
}
