/**
 * The result of a run as data: what was run against which target, with which outcome, and the
 * verdict that follows. The records here are what results.json holds; {@link
 * io.kconform.report.model.Certification} is the one place that turns outcomes into a verdict.
 * {@link io.kconform.report.model.Comparison} puts the targets of one or several runs side by side.
 */
package io.kconform.report.model;
