/**
 * What a conformance check is: the {@link io.kconform.api.Check} annotation that turns a Jupiter
 * test into a check with a stable id, and the vocabulary every part of kconform shares —
 * {@link io.kconform.api.Battery}, {@link io.kconform.api.Level}, {@link io.kconform.api.Strength}
 * and {@link io.kconform.api.Outcome}.
 *
 * <p>This package is the stable contract between the batteries, the harness and the report: a
 * check id, once released, never changes and is never reused.
 */
package io.kconform.api;
