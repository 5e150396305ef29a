/**
 * The proof that the checks can fail: every check passes on the reference Apache Kafka and fails or
 * is unsupported on at least one negative control — a broker built to lack or break a feature, or a
 * rewriting proxy in front of the reference. Controls are data, in {@code proof/controls/*.yaml}.
 */
package io.kconform.harness.proof;
