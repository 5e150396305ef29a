/**
 * Kroxylicious, a Kafka-protocol proxy that nobody on this project wrote, run in front of the
 * reference broker so that the golden outcomes include an independent implementation of the
 * protocol's front end. It runs in a JVM of its own, on the class path of its release as Maven
 * resolves it, and binds 127.0.0.1 only.
 */
package io.kconform.harness.kroxylicious;
