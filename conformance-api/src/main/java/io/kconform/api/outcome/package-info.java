/**
 * How the result of a check becomes an {@link io.kconform.api.Outcome}. {@link
 * io.kconform.api.outcome.OutcomeClassifier} is the one place that maps exceptions to outcomes;
 * the exceptions here are how a check says, on purpose, that a feature is unsupported or that the
 * check does not apply.
 */
package io.kconform.api.outcome;
