package io.kconform.harness.cli;

import io.kconform.api.CheckDescriptor;

/**
 * The catalog as tab-separated lines: the form of the committed golden list of checks. The capability column
 * holds the id of the optional capability a check exercises, or {@code -}.
 */
public final class CatalogText {

    /** The header line. */
    public static final String TSV_HEADER = "id\tbattery\tlevel\tstrength\tcapability\tspec";

    private CatalogText() {
    }

    /** One check as a line. */
    public static String tsv(CheckDescriptor check) {
        return String.join("\t", check.id(), check.battery().id(), check.level().id(), check.strength().name(),
                check.capability().map(io.kconform.api.Capability::id).orElse("-"), String.join(", ", check.references()));
    }
}
