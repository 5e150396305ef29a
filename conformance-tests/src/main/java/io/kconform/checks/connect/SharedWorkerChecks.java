package io.kconform.checks.connect;

import io.kconform.api.context.TargetContext;
import io.kconform.api.junit.KconformExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * A check class whose checks share one Connect worker, started before the first of them and stopped after
 * the last. A worker that cannot start takes every check of the class with it, with the worker's own error as
 * the cause. The checks run one after another, so each sees the worker to itself.
 */
@ExtendWith(KconformExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Execution(ExecutionMode.SAME_THREAD)
abstract class SharedWorkerChecks {

    // One worker per instance, not per class: two runs in one JVM (two targets checked at once)
    // must never share a worker.
    /** The class's worker, of the Connect cluster "cluster" of the class's context. */
    protected ConnectWorker worker;

    @BeforeAll
    void startWorker(TargetContext fixture) {
        worker = ConnectWorker.start(fixture, WorkerNames.of(fixture, "cluster"), false);
    }

    @AfterAll
    void stopWorker() {
        if (worker != null) {
            worker.close();
        }
    }
}
