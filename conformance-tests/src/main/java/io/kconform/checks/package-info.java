/**
 * The batteries of kconform. Every check is a Jupiter test method annotated with
 * {@link io.kconform.api.Check}, in a sub-package named after its battery. Checks treat the target
 * as a black box: they reach it only through the {@link io.kconform.api.context.CheckContext} they
 * are given, and name everything they create under the run's prefix.
 */
package io.kconform.checks;
