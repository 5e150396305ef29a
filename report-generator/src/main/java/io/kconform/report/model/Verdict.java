package io.kconform.report.model;

import io.kconform.api.Level;
import java.util.List;
import java.util.Optional;

/**
 * The verdict for one target: the highest level certified, the state of every level, how the target offers
 * each optional capability, and the headline — the first line of the console summary and of every report.
 *
 * @param highest      the highest certified level; empty when none is
 * @param levels       every level, lowest first
 * @param capabilities every optional capability of the baseline, in declaration order; empty when the target
 *                     could not be reached
 * @param headline     the verdict in one line a reader can act on
 */
public record Verdict(Optional<Level> highest, List<LevelStatus> levels, List<CapabilityStatus> capabilities,
                      String headline) {
    public Verdict {
        levels = List.copyOf(levels);
        capabilities = List.copyOf(capabilities);
    }
}
