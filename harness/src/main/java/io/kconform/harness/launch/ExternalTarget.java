package io.kconform.harness.launch;

import io.kconform.harness.config.ExternalTargetSpec;
import java.util.Optional;

/** An endpoint someone else runs: nothing to start, nothing to stop. */
final class ExternalTarget extends ReachableTarget {

    private final ExternalTargetSpec spec;

    ExternalTarget(ExternalTargetSpec spec) {
        super(spec, spec.bootstrap(), spec.clientProperties(), spec.secretValues(), Optional.empty());
        this.spec = spec;
    }



    @Override
    public String description() {
        String protocol = spec.clientProperties().getOrDefault("security.protocol", "PLAINTEXT");
        return "external endpoint " + spec.bootstrap() + " (" + protocol + ")";
    }





    @Override
    public void close() {
        // the endpoint is not ours to stop
    }
}
