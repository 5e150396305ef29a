/**
 * The streams battery: a real Kafka Streams 4.4.0 application runs against the target, with
 * {@code processing.guarantee=exactly_once_v2}, and its output is compared with what
 * {@link org.apache.kafka.streams.TopologyTestDriver} computes from the same input. The driver is the
 * reference computation: it runs the same topology in memory, without any broker, so a difference
 * can only come from how the target stored, returned, timestamped or transacted the records.
 *
 * <p>Every application id comes from the check's context, so the internal topics Kafka Streams
 * creates ({@code <application.id>-...-repartition}, {@code -changelog}) live under the run's prefix
 * and are deleted with it. Every application is closed when its check ends, and every wait is
 * bounded.
 */
package io.kconform.checks.streams;
