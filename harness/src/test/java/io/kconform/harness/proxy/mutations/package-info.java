/**
 * The faults {@link io.kconform.harness.proxy.KafkaMutatingProxy} can apply, one small class per
 * fault. Each names itself and says in one line what it breaks; its test shows the effect a client
 * sees against a real broker.
 */
package io.kconform.harness.proxy.mutations;
