/**
 * The certification run as a library: {@link io.kconform.harness.engine.RunEngine} takes a
 * {@link io.kconform.harness.engine.RunRequest} and returns the exit code, the verdict and the reports written. The
 * command line's {@code run} and the Maven plugin's {@code certify} goal both call it, so that they cannot differ.
 */
package io.kconform.harness.engine;
