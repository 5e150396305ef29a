package io.kconform.harness.config;

import io.kconform.api.target.ClientPrincipal;
import java.util.Optional;

/** A target as targets.yaml or the command line describes it, before it is started or probed. */
public sealed interface TargetSpec permits EmbeddedTargetSpec, ExternalTargetSpec, ProcessTargetSpec,
        TestcontainersTargetSpec {

    /** The target's name, unique in its file. */
    String name();

    /** The kind, as written in targets.yaml. */
    String kind();

    /**
     * The principal without ACLs that targets.yaml names for the target (its {@code restrictedPrincipal}),
     * with its own client properties; empty when none is named. An embedded target makes its own instead.
     */
    default Optional<ClientPrincipal> restrictedPrincipal() {
        return Optional.empty();
    }
}
