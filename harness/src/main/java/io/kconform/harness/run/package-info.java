/**
 * Running checks: {@link io.kconform.harness.run.CheckCatalog} is the one place that knows the check
 * list, {@link io.kconform.harness.run.CheckSelection} picks from it, and
 * {@link io.kconform.harness.run.CheckRunner} runs the selection against one target on the JUnit
 * Platform Launcher, in parallel, each check bounded in time.
 */
package io.kconform.harness.run;
