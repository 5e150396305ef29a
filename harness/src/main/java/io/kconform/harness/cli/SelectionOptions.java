package io.kconform.harness.cli;

import io.kconform.api.Battery;
import io.kconform.api.Level;
import io.kconform.harness.run.CheckSelection;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Option;

/** The options that select checks, shared by {@code run} and {@code list}. */
final class SelectionOptions {

    @Option(names = "--battery", split = ",", paramLabel = "BATTERY", converter = BatteryConverter.class,
            description = "Run only these batteries: protocol, groups, storage, eos, connect, streams. Repeatable.")
    List<Battery> batteries = new ArrayList<>();

    @Option(names = "--check", split = ",", paramLabel = "GLOB",
            description = "Run only checks whose id matches, e.g. 'storage.compaction.*'. Repeatable.")
    List<String> globs = new ArrayList<>();

    @Option(names = "--level", paramLabel = "LEVEL", converter = LevelConverter.class,
            description = "Run only checks up to this level: ingest, messaging, storage, exactly-once, platform.")
    Level level;

    CheckSelection selection() {
        return new CheckSelection(Set.copyOf(batteries), globs, Optional.ofNullable(level));
    }
}
