package io.kconform.api.context;

import io.kconform.api.CheckDescriptor;
import io.kconform.api.outcome.NotAssessableHereException;
import io.kconform.api.target.BrokerControl;
import io.kconform.api.target.Facility;
import io.kconform.api.target.ClientPrincipal;
import io.kconform.api.target.Target;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The context of one running check: a {@link TargetContext} owned by the check, whose names carry
 * the check id, plus the check's descriptor and a way to record evidence for the report.
 */
public final class CheckContext extends TargetContext {

    private final CheckDescriptor check;
    private final Consumer<String> evidence;
    private final Function<String, Optional<String>> options;
    private volatile String acceptedFeature;

    /**
     * A context with no run option given: every {@link #option} is empty.
     *
     * @param target   the target
     * @param check    the running check
     * @param evidence where evidence lines go (the harness shows them in the report)
     */
    public CheckContext(Target target, CheckDescriptor check, Consumer<String> evidence) {
        this(target, check, evidence, name -> Optional.empty());
    }

    /**
     * @param target   the target
     * @param check    the running check
     * @param evidence where evidence lines go (the harness shows them in the report)
     * @param options  the run options given, by name ({@link CheckOptions}); empty for one not given
     */
    public CheckContext(Target target, CheckDescriptor check, Consumer<String> evidence,
                        Function<String, Optional<String>> options) {
        super(target, check.id());
        this.check = check;
        this.evidence = evidence;
        this.options = options;
    }

    /** The running check. */
    public CheckDescriptor check() {
        return check;
    }

    /**
     * A run option as given ({@code kconform run --history-seed 7} gives {@link CheckOptions#HISTORY_SEED}
     * {@code "7"}), or empty when it was not given and the check uses its own default. The names are those of
     * {@link CheckOptions}.
     */
    public Optional<String> option(String name) {
        return options.apply(name);
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
     * Marks the point after which the target has accepted the feature this check exercises: a first
     * request of it was served (the consumer joined with the new group protocol, a transaction
     * committed). A clean refusal ({@code UnsupportedVersionException} and the like) means "not offered",
     * UNSUPPORTED, only at first contact with a feature; from here on the target refusing it goes back
     * on what it accepted, and the check FAILS, with {@code feature} named
     * ({@link io.kconform.api.outcome.OutcomeClassifier} receives it through
     * {@link io.kconform.api.outcome.Circumstances}). The check's own {@code UnsupportedFeatureException}
     * still means UNSUPPORTED. Called once, where a refusal can no longer be first contact; a later call
     * names the feature anew.
     *
     * @param feature what was accepted, for the message, e.g. "the KIP-848 consumer group protocol"
     */
    public void accepted(String feature) {
        acceptedFeature = java.util.Objects.requireNonNull(feature, "feature");
    }

    /** The feature {@link #accepted} last named, or empty while any refusal is still first contact. */
    public java.util.Optional<String> acceptedFeature() {
        return java.util.Optional.ofNullable(acceptedFeature);
    }

    /**
     * Records a line of evidence (what was sent, what came back) that the report shows with the
     * outcome. Never pass secrets.
     */
    public void evidence(String format, Object... args) {
        evidence.accept(args.length == 0 ? format : String.format(java.util.Locale.ROOT, format, args));
    }
}
