/**
 * Starting and stopping targets: an embedded Apache Kafka broker in a JVM of its own, or an
 * external endpoint that only needs to be reached. Whatever is started here is stopped on close,
 * on Ctrl-C, and — through {@link io.kconform.harness.launch.ParentWatchdog} — when the harness
 * itself is killed.
 */
package io.kconform.harness.launch;
