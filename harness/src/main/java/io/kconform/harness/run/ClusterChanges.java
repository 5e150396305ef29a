package io.kconform.harness.run;

import io.kconform.api.CheckDescriptor;
import io.kconform.report.model.CheckResult;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps a run from changing cluster-wide state when it was asked to ({@code --no-cluster-changes}): the checks that
 * declare such a change ({@link io.kconform.api.ChangesCluster}) are not run, and each is SKIPPED saying what it
 * would have changed. The one place that decides it; pure.
 *
 * <p>Such a check is not assessable here, not vacuous: the target may well do what it verifies, and the verdict
 * names it as not verified, so a MUST check so withheld neither passes nor blocks its level.
 */
public final class ClusterChanges {

    /** The command-line option that asks for it. */
    public static final String OPTION = "--no-cluster-changes";

    private ClusterChanges() {
    }

    /** Why a check that changes {@code what} was not run. */
    public static String reason(String what) {
        return "changes cluster-wide state: " + what + "; " + OPTION;
    }

    /**
     * The checks of {@code checks} the options keep from running, by id, in the order given, each with its
     * SKIPPED result; empty when the options allow cluster-wide changes.
     */
    public static Map<String, CheckResult> withheld(List<CheckDescriptor> checks, RunOptions options) {
        Map<String, CheckResult> withheld = new LinkedHashMap<>();
        if (!options.noClusterChanges()) {
            return withheld;
        }
        for (CheckDescriptor check : checks) {
            check.clusterChange().ifPresent(what -> withheld.put(check.id(),
                    CheckResult.notAssessableHere(check, Duration.ZERO, reason(what), List.of())));
        }
        return withheld;
    }
}
