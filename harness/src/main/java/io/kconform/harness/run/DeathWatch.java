package io.kconform.harness.run;

import java.util.function.Consumer;

/**
 * Tells a run, once, that its target stopped answering: the target's own {@link LivenessWatch}, or, in a JVM that
 * runs checks with an older Java client release, the parent's watch relayed ({@link ClientJvmMain}).
 */
interface DeathWatch {

    /**
     * Calls {@code action} once when the target is found dead; at once, on the caller's thread, when it already
     * was.
     */
    void onDead(Consumer<LivenessJudge.Dead> action);
}
