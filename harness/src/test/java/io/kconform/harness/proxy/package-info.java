/**
 * A Kafka-protocol proxy that sits between clients and a real broker and rewrites traffic on
 * purpose, so that the project's own tests can show every conformance check FAILing or reporting
 * UNSUPPORTED on a target built to lack or break the feature it checks.
 *
 * <p>{@link io.kconform.harness.proxy.KafkaMutatingProxy} is the entry point; it forwards frames
 * untouched unless a {@link io.kconform.harness.proxy.Mutation} asks to see them, and it rewrites
 * broker addresses so that clients keep talking through it. The mutations themselves live in
 * {@link io.kconform.harness.proxy.mutations}.
 *
 * <p>This is test tooling: one thread per direction per connection, blocking IO, everything bound
 * to 127.0.0.1.
 */
package io.kconform.harness.proxy;
