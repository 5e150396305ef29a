/**
 * The kconform harness: reads targets, starts them, runs the selected checks against each, cleans
 * up what the run created, and hands the results to the report generator. Entry point:
 * {@link io.kconform.harness.cli.KconformMain}.
 */
package io.kconform.harness;
