/**
 * The connect battery: a real Kafka Connect 4.4.0 worker in distributed mode runs in the harness
 * JVM against the target and is driven over its REST API, as a user would. It verifies what Connect
 * needs from the Kafka it runs on: compacted internal topics it can create and read back (configs,
 * offsets, statuses), a source whose records all arrive, a sink whose consumer group commits its
 * offsets, a restarted worker that resumes from the offsets it stored, and exactly-once source
 * delivery with transactions (KIP-618), and MirrorMaker 2's connectors replicating a topic and a consumer
 * group's offsets within the target ({@code ConnectMirrorChecks}, with MirrorMaker's own connectors).
 * Beyond the data flow: a connector's offsets read, altered and
 * reset over REST (KIP-875), a worker that refuses an offsets topic that is not compacted, internal
 * topics of the partition counts asked for, records through Apache Kafka's JsonConverter and
 * transforms, and the fencing of an exactly-once source's previous tasks when it is reconfigured.
 *
 * <p>The connectors are this package's own small deterministic ones
 * ({@link io.kconform.checks.connect.CountingSourceConnector},
 * {@link io.kconform.checks.connect.CollectingSinkConnector}); the worker finds them through
 * {@code META-INF/services} manifests ({@code plugin.discovery=service_load}), so it starts without
 * scanning the class path. {@link io.kconform.checks.connect.ConnectWorker} starts and stops a worker;
 * {@link io.kconform.checks.connect.ConnectRest} talks to its REST API.
 */
package io.kconform.checks.connect;
