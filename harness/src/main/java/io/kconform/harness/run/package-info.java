/**
 * Running checks: {@link io.kconform.harness.run.CheckCatalog} is the one place that knows the check
 * list, {@link io.kconform.harness.run.CheckSelection} picks from it, and
 * {@link io.kconform.harness.run.CheckRunner} runs the selection against one target on the JUnit
 * Platform Launcher, in parallel, each check bounded in time. {@link io.kconform.api.cleanup.RunCleanup} deletes what
 * a run created; {@link io.kconform.harness.run.RunInterruption} turns SIGINT and SIGTERM into an orderly end that
 * still cleans up and reports ({@link io.kconform.harness.run.InterruptedRun} settles its results), and
 * {@link io.kconform.harness.run.RunLedger} lets the next run delete what a killed one left.
 */
package io.kconform.harness.run;
