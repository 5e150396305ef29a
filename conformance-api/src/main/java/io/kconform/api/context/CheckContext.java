package io.kconform.api.context;

import io.kconform.api.CheckDescriptor;
import io.kconform.api.outcome.NotAssessableHereException;
import io.kconform.api.target.BrokerControl;
import io.kconform.api.target.Facility;
import io.kconform.api.target.ClientPrincipal;
import io.kconform.api.target.Target;
import java.util.function.Consumer;

/**
 * The context of one running check: a {@link TargetContext} owned by the check, whose names carry
 * the check id, plus the check's descriptor and a way to record evidence for the report.
 */
public final class CheckContext extends TargetContext {

    private final CheckDescriptor check;
    private final Consumer<String> evidence;

    /**
     * @param target   the target
     * @param check    the running check
     * @param evidence where evidence lines go (the harness shows them in the report)
     */
    public CheckContext(Target target, CheckDescriptor check, Consumer<String> evidence) {
        super(target, check.id());
        this.check = check;
        this.evidence = evidence;
    }

    /** The running check. */
    public CheckDescriptor check() {
        return check;
    }

    /**
     * Control over the target's brokers. A check that uses it declares
     * {@code @RequiresFacility(Facility.BROKER_CONTROL)}, so that on a target without it the check
     * is SKIPPED before it runs; called anyway, this throws the same {@link NotAssessableHereException}.
     */
    public BrokerControl brokerControl() {
        return target().brokerControl().orElseThrow(
                () -> new NotAssessableHereException(Facility.BROKER_CONTROL.missingReason()));
    }

    /**
     * The principal without ACLs. A check that uses it declares
     * {@code @RequiresFacility(Facility.RESTRICTED_PRINCIPAL)}; called anyway on a target without
     * it, this throws {@link NotAssessableHereException}.
     */
    public ClientPrincipal restrictedPrincipal() {
        return target().restrictedPrincipal().orElseThrow(
                () -> new NotAssessableHereException(Facility.RESTRICTED_PRINCIPAL.missingReason()));
    }

    /** Incidental needs adapted to the target are part of what the check did: shown as evidence. */
    @Override
    protected void adapted(String what) {
        evidence(what);
    }

    /**
     * Records a line of evidence (what was sent, what came back) that the report shows with the
     * outcome. Never pass secrets.
     */
    public void evidence(String format, Object... args) {
        evidence.accept(args.length == 0 ? format : String.format(java.util.Locale.ROOT, format, args));
    }
}
