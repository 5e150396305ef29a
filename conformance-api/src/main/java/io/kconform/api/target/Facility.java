package io.kconform.api.target;

/**
 * Something a target gives a check beyond the Kafka protocol, because the harness controls the
 * target. A check declares what it needs with {@link io.kconform.api.RequiresFacility}; a target
 * without it makes the check SKIPPED (not applicable here) before it runs, never UNSUPPORTED, for
 * the lack is the deployment's, not the implementation's.
 */
public enum Facility {

    /**
     * Stopping, killing and restarting one broker ({@link BrokerControl}). Only targets kconform
     * launches itself give it.
     */
    BROKER_CONTROL("needs broker control, which an external target does not give: only a target kconform"
            + " launches itself can stop, kill and restart a broker"),

    /**
     * A second principal without any ACL, on a target that enforces ACLs ({@link Target#restrictedPrincipal()}),
     * so that a check can show what the target refuses. An embedded target with
     * {@code security.authorizer: true} gives it; any other target when targets.yaml names one.
     */
    RESTRICTED_PRINCIPAL("needs a second principal without ACLs, which the target was not given: name one in"
            + " targets.yaml (restrictedPrincipal: {principal: User:NAME, clientProperties: {...}} on an external,"
            + " process or testcontainers target), or use an embedded target with security.authorizer: true");

    private final String missingReason;

    Facility(String missingReason) {
        this.missingReason = missingReason;
    }

    /** Why a check that needs this facility is SKIPPED on a target without it, for the report. */
    public String missingReason() {
        return missingReason;
    }

    /** Whether {@code target} gives this facility. */
    public boolean offeredBy(Target target) {
        switch (this) {
            case BROKER_CONTROL:
                return target.brokerControl().isPresent();
            case RESTRICTED_PRINCIPAL:
                return target.restrictedPrincipal().isPresent();
            default:
                throw new IllegalStateException("unknown facility " + this);
        }
    }
}
