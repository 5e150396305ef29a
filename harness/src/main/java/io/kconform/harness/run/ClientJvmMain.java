package io.kconform.harness.run;

import io.kconform.api.CheckDescriptor;
import io.kconform.api.JavaClients;
import io.kconform.api.cleanup.RunCleanup;
import io.kconform.api.target.KafkaTarget;
import io.kconform.api.target.ResourceNames;
import io.kconform.report.model.CheckResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The main class of a JVM that runs kconform's checks with an older Java client release, for a target that current
 * clients cannot connect to ({@link ClientJvm} starts it, on a class path with that release's Kafka artifacts). It
 * runs the same engine as the harness ({@link CheckRunner}) under the same resource prefix, and does what the
 * harness asks on standard input, in order: set up the target, run checks, delete what the run created; a stop
 * (the harness's liveness watch found the target dead) ends the checks under way at once, and so does an
 * interrupt (the harness is exiting on Ctrl-C), which also ends the naming of new resources. It writes what happens
 * to standard output ({@link ClientJvmMessages}); everything else it or its libraries print goes to standard error,
 * which the harness keeps in its log. It exits when its standard input closes: the harness is done, or gone.
 */
public final class ClientJvmMain {

    private static final Logger LOG = LoggerFactory.getLogger(ClientJvmMain.class);
    /** How long checks under way may take to end once the harness closed this JVM's input. */
    private static final java.time.Duration EXIT_GRACE = java.time.Duration.ofSeconds(30);

    private ClientJvmMain() {
    }

    public static void main(String[] args) {
        PrintStream messages = System.out;
        // Only messages go to standard output; a library that prints there would corrupt them.
        System.setOut(System.err);
        ignoreInterrupts();
        int status = 0;
        try {
            serve(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), messages);
        } catch (RuntimeException | Error e) {
            LOG.error("the JVM of Java clients {} failed", JavaClients.running(), e);
            send(messages, ClientJvmMessages.failed(e.toString()));
            status = 1;
        }
        messages.flush();
        System.err.flush();
        // The harness has what it asked for. Shutdown hooks are not run: a Connect worker whose fixture the target's
        // death interrupted would stop its herder against a dead target first, for seconds on end.
        Runtime.getRuntime().halt(status);
    }

    /**
     * Ctrl-C, or a SIGTERM sent to the process group, reaches this JVM together with the harness: the harness's own
     * exit cleanup then asks this JVM to end its checks and delete what the run created, and this JVM exits once
     * the harness closes its standard input (also when the harness is killed outright).
     */
    private static void ignoreInterrupts() {
        for (String signal : new String[] {"INT", "TERM"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(signal), sun.misc.SignalHandler.SIG_IGN);
            } catch (RuntimeException | LinkageError e) {
                LOG.info("SIG{} is not ignored here: {}", signal, e.toString());
            }
        }
    }

    private static void serve(BufferedReader in, PrintStream messages) {
        RelayedDeath death = new RelayedDeath();
        AtomicReference<ResourceNames> naming = new AtomicReference<>();
        BlockingQueue<Optional<ClientJvmMessages.Message>> commands = new LinkedBlockingQueue<>();
        // A stop must reach the checks while they run, so the harness's lines are read on a thread of their own.
        Thread reader = new Thread(() -> read(in, commands, death, naming), "kconform-client-jvm-commands");
        reader.setDaemon(true);
        reader.start();
        KafkaTarget target = null;
        ResourceNames names = null;
        RunOptions options = null;
        while (true) {
            Optional<ClientJvmMessages.Message> next = take(commands);
            if (next.isEmpty()) {
                return;
            }
            ClientJvmMessages.Message command = next.get();
            switch (command.name()) {
                case "setup" -> {
                    ClientJvmMessages.Setup setup = ClientJvmMessages.readSetup(command.body());
                    names = ResourceNames.withPrefix(setup.prefix());
                    naming.set(names);
                    target = new KafkaTarget(setup.name(), setup.bootstrapServers(), setup.clientProperties(),
                            setup.facts(), names, Optional.empty(), setup.restrictedPrincipal());
                    options = setup.options();
                    send(messages, ClientJvmMessages.ready(JavaClients.running()));
                }
                case "run" -> {
                    List<CheckDescriptor> checks = ClientJvmMessages.readRun(command.body());
                    CheckRunner.Ran ran = CheckRunner.run(required(target), checks, options,
                            forwarding(messages), UnaryOperator.identity(), death);
                    send(messages, ClientJvmMessages.ran(ran));
                }
                case "cleanup" -> {
                    ResourceNames owned = required(names);
                    owned.close();
                    boolean dead = command.body().get("deadTarget").asBoolean();
                    KafkaTarget t = required(target);
                    RunCleanup.Report report = dead
                            ? RunCleanup.deleteFromDeadTarget(t.bootstrapServers(), t.clientProperties(), owned)
                            : RunCleanup.delete(t.bootstrapServers(), t.clientProperties(), owned);
                    send(messages, ClientJvmMessages.cleaned(report));
                }
                case "cleanup-leftovers" -> {
                    // what a killed run left: ResourceNames takes only prefixes under kconform's own root
                    KafkaTarget t = required(target);
                    ResourceNames theirs = ResourceNames.withPrefix(command.body().get("prefix").asText());
                    Duration bound = Duration.ofMillis(command.body().get("boundMillis").asLong());
                    send(messages, ClientJvmMessages.cleaned(RunCleanup.deleteLeftovers(t.bootstrapServers(),
                            t.clientProperties(), theirs, bound)));
                }
                default -> throw new IllegalArgumentException("unknown command " + command.name());
            }
        }
    }

    private static <T> T required(T value) {
        if (value == null) {
            throw new IllegalStateException("no setup before the first command");
        }
        return value;
    }

    private static void read(BufferedReader in, BlockingQueue<Optional<ClientJvmMessages.Message>> commands,
                             RelayedDeath death, AtomicReference<ResourceNames> naming) {
        try {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                ClientJvmMessages.Message message = ClientJvmMessages.Message.parse(line);
                if (message.name().equals("stop")) {
                    death.declare(ClientJvmMessages.readStop(message.body()).dead());
                } else if (message.name().equals("interrupt")) {
                    // The harness is exiting (Ctrl-C): nothing more is created, the checks under way end now, and the
                    // cleanup that follows need not wait for them.
                    Optional.ofNullable(naming.get()).ifPresent(ResourceNames::close);
                    long now = System.nanoTime();
                    death.declare(new LivenessJudge.Dead(now, now, "the run was interrupted"));
                } else {
                    commands.add(Optional.of(message));
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("reading the harness's commands failed", e);
        }
        // The harness closed our input: it is done with us, or gone. Checks under way end as on a stop, and a JVM
        // whose checks do not end by then is halted: none outlives the harness.
        death.declare(new LivenessJudge.Dead(System.nanoTime(), System.nanoTime(), "the harness ended the run"));
        commands.add(Optional.empty());
        Thread halter = new Thread(() -> {
            try {
                Thread.sleep(EXIT_GRACE.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            LOG.warn("the harness is gone and the checks did not end within {} s: halting", EXIT_GRACE.toSeconds());
            Runtime.getRuntime().halt(1);
        }, "kconform-client-jvm-halter");
        halter.setDaemon(true);
        halter.start();
    }

    private static Optional<ClientJvmMessages.Message> take(BlockingQueue<Optional<ClientJvmMessages.Message>> queue) {
        try {
            return queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static CheckListener forwarding(PrintStream messages) {
        return new CheckListener() {
            @Override
            public void started(CheckDescriptor check) {
                send(messages, ClientJvmMessages.started(check.id()));
            }

            @Override
            public void finished(CheckResult result) {
                send(messages, ClientJvmMessages.finished(result));
            }
        };
    }

    private static void send(PrintStream messages, String line) {
        synchronized (messages) {
            messages.println(line);
            messages.flush();
        }
    }

    /** The harness's verdict that the target is dead, relayed: told once to whoever listens. */
    private static final class RelayedDeath implements DeathWatch {
        private final List<Consumer<LivenessJudge.Dead>> listeners = new ArrayList<>();
        private LivenessJudge.Dead dead;

        @Override
        public void onDead(Consumer<LivenessJudge.Dead> action) {
            LivenessJudge.Dead already;
            synchronized (this) {
                already = dead;
                if (already == null) {
                    listeners.add(action);
                }
            }
            if (already != null) {
                action.accept(already);
            }
        }

        void declare(LivenessJudge.Dead verdict) {
            List<Consumer<LivenessJudge.Dead>> toTell;
            synchronized (this) {
                if (dead != null) {
                    return;
                }
                dead = verdict;
                toTell = List.copyOf(listeners);
                listeners.clear();
            }
            toTell.forEach(listener -> listener.accept(verdict));
        }
    }
}
