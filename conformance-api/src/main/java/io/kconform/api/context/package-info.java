/**
 * What a running check works with: {@link io.kconform.api.context.CheckContext} names its resources
 * under the run's prefix, builds Kafka clients configured for the target and closes them when the
 * check ends, records the evidence the report shows, and gives the run options it was started with
 * ({@link io.kconform.api.context.CheckOptions}).
 */
package io.kconform.api.context;
