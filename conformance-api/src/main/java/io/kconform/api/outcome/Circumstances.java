package io.kconform.api.outcome;

import io.kconform.api.target.TargetFacts;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link OutcomeClassifier} may know about a check beyond what it threw. Immutable.
 *
 * @param facts           the target's probe: it tells the version of an API the Java client sends (the
 *                        newest both sides support), so that a reply the client cannot use is named with
 *                        its version; empty where the classification is made without a target
 * @param acceptedFeature the feature the check saw the target accept before it threw
 *                        ({@link io.kconform.api.context.CheckContext#accepted}); empty while every request of
 *                        it may still be first contact
 */
public record Circumstances(Optional<TargetFacts> facts, Optional<String> acceptedFeature) {

    /** Nothing known but the throwable. */
    public static final Circumstances NONE = new Circumstances(Optional.empty(), Optional.empty());

    public Circumstances {
        Objects.requireNonNull(facts, "facts");
        Objects.requireNonNull(acceptedFeature, "acceptedFeature");
    }

    /** The target's probe, and no feature accepted yet. */
    public static Circumstances of(TargetFacts facts) {
        return new Circumstances(Optional.of(facts), Optional.empty());
    }

    /** These circumstances, after the target accepted {@code feature}. */
    public Circumstances accepted(String feature) {
        return new Circumstances(facts, Optional.of(feature));
    }
}
