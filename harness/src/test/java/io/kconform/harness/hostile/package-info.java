/**
 * Endpoints that are not Kafka, or stop being Kafka, as targets under test: a {@link
 * io.kconform.harness.hostile.HostileServer} with one behaviour per way an endpoint can go wrong and a seeded
 * random mode, and the runs that prove kconform ends every one of them with a report in plain words.
 */
package io.kconform.harness.hostile;
