package io.kconform.harness.config;

/** A target as targets.yaml or the command line describes it, before it is started or probed. */
public sealed interface TargetSpec permits EmbeddedTargetSpec, ExternalTargetSpec, ProcessTargetSpec,
        TestcontainersTargetSpec {

    /** The target's name, unique in its file. */
    String name();

    /** The kind, as written in targets.yaml. */
    String kind();
}
