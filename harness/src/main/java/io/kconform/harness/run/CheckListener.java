package io.kconform.harness.run;

import io.kconform.api.CheckDescriptor;
import io.kconform.report.model.CheckResult;

/** Told about each check as it starts and ends, for progress output. Called from many threads. */
public interface CheckListener {

    /** A check started. */
    default void started(CheckDescriptor check) {
    }

    /** A check ended with a result. */
    void finished(CheckResult result);

    /** Ignores everything. */
    CheckListener NONE = result -> { };
}
