/**
 * The proof that the checks can fail: every check passes on the reference Apache Kafka and fails on at
 * least one negative control that breaks its feature — a broker with the feature switched off or broken,
 * or a rewriting proxy in front of the reference; a control on which a check is unsupported (the feature
 * lacking) is a second proof, counted apart. Controls are data, in {@code proof/controls/*.yaml}.
 */
package io.kconform.harness.proof;
