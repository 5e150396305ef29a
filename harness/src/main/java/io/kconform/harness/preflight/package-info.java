/**
 * What a run would refuse, found before anything starts: client properties checked against Apache
 * Kafka's own producer, consumer and admin client definitions, the JAAS login module and the store files
 * they name, bootstrap lists, and embedded releases kconform cannot launch. Both {@code kconform run} and
 * {@code kconform targets} ask here, so that the second refuses exactly what the first would.
 */
package io.kconform.harness.preflight;
