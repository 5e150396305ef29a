package io.kconform.harness.config;

import io.kconform.api.target.ClientPrincipal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A server the harness starts as a process of its own — a binary a vendor ships — whose readiness is
 * an ApiVersions answer, not a log line. {@code ${port}} in the command, the environment and the
 * bootstrap stands for a free loopback port the harness chooses for the run.
 *
 * @param name             the target's name
 * @param command          the program and its arguments
 * @param env              environment variables added to the harness's own
 * @param workDir          the working directory; empty for the run's folder of this target
 * @param bootstrap        where clients reach the server, e.g. {@code 127.0.0.1:${port}}
 * @param clientProperties client properties; may hold secrets
 * @param startTimeout     how long the server may take to answer ApiVersions
 * @param secretValues     values never to be shown
 * @param restrictedPrincipal a principal the server authenticates and grants no ACL, when named
 */
public record ProcessTargetSpec(String name, List<String> command, Map<String, String> env, Optional<String> workDir,
                                String bootstrap, Map<String, String> clientProperties, Duration startTimeout,
                                Set<String> secretValues, Optional<ClientPrincipal> restrictedPrincipal)
        implements TargetSpec {

    /** Without a restricted principal. */
    public ProcessTargetSpec(String name, List<String> command, Map<String, String> env, Optional<String> workDir,
                             String bootstrap, Map<String, String> clientProperties, Duration startTimeout,
                             Set<String> secretValues) {
        this(name, command, env, workDir, bootstrap, clientProperties, startTimeout, secretValues, Optional.empty());
    }

    public ProcessTargetSpec {
        Objects.requireNonNull(name, "name");
        command = List.copyOf(command);
        env = Map.copyOf(env);
        Objects.requireNonNull(workDir, "workDir");
        Objects.requireNonNull(bootstrap, "bootstrap");
        clientProperties = Map.copyOf(clientProperties);
        Objects.requireNonNull(startTimeout, "startTimeout");
        secretValues = Set.copyOf(secretValues);
        Objects.requireNonNull(restrictedPrincipal, "restrictedPrincipal");
    }

    @Override
    public String kind() {
        return "process";
    }

    /** The command only: the environment may hold secrets. */
    @Override
    public String toString() {
        return "process target " + name + " (" + String.join(" ", command) + ")";
    }
}
