/**
 * What a running check works with: {@link io.kconform.api.context.CheckContext} names its resources
 * under the run's prefix, builds Kafka clients configured for the target and closes them when the
 * check ends, and records the evidence the report shows.
 */
package io.kconform.api.context;
