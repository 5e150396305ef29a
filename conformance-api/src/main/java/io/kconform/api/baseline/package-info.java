/**
 * The pinned Apache Kafka baseline the protocol battery and the report compare targets with: the
 * API ranges a reference broker advertises, kept as data ({@code kafka-4.4-api-versions.tsv}) and
 * regenerated with {@code io.kconform.checks.protocol.ApiBaselineTool}. The checks use it to judge a
 * target; the harness uses it to draw the API-versions matrix of the report.
 */
package io.kconform.api.baseline;
