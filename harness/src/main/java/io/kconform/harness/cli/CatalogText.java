package io.kconform.harness.cli;

import io.kconform.api.CheckDescriptor;

/**
 * The catalog as tab-separated lines: the form of the committed golden list of checks. The capability column
 * holds the id of the optional capability a check exercises, or {@code -}; the cluster-change column what the check
 * changes of the whole cluster ({@link io.kconform.api.ChangesCluster}: skipped by {@code --no-cluster-changes}), or
 * {@code -}.
 */
public final class CatalogText {

    /** The header line. */
    public static final String TSV_HEADER = "id\tbattery\tlevel\tstrength\tcapability\tcluster-change\tspec";

    private CatalogText() {
    }

    /** One check as a line. */
    public static String tsv(CheckDescriptor check) {
        return String.join("\t", check.id(), check.battery().id(), check.level().id(), check.strength().name(),
                check.capability().map(io.kconform.api.Capability::id).orElse("-"), check.clusterChange().orElse("-"),
                String.join(", ", check.references()));
    }
}
