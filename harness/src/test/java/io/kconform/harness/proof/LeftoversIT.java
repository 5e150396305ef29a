package io.kconform.harness.proof;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kconform.harness.config.EmbeddedTargetSpec;
import io.kconform.harness.launch.EmbeddedKafka;
import io.kconform.harness.launch.RunningTarget;
import io.kconform.harness.maven.ArtifactResolver;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListConfigResourcesOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.quota.ClientQuotaFilter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing a run creates is left behind, proven against one external broker with the real command line in a child
 * JVM (so that signals are real): a normal run, a failing run (every check abandoned as hung after a second, mid
 * flight), SIGINT and SIGTERM mid-run, and SIGKILL mid-run followed by the next run against the same target, which
 * deletes what the killed run left. The selection creates topics, consumer groups, Connect workers' and a sink's
 * groups, a Streams application, transactions, ACLs (the broker runs the StandardAuthorizer), SCRAM users and client
 * quotas.
 *
 * <p>While each run goes on, the cluster is listed every half second: every topic, group (any protocol type),
 * transactional id, ACL, SCRAM user and quota entity that was not there before must lie under the run's prefix.
 * After it: none remains (transactional ids excepted: the protocol cannot delete them, they expire on the broker;
 * none of the run's may be left open), and no process the run started is alive.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LeftoversIT {

    /** Quick checks that between them make every kind of resource a run can leave. */
    private static final String SELECTION = String.join(",", "protocol.admin.acls", "protocol.admin.client-quotas",
            "protocol.admin.scram-credentials", "eos.txn.commit-visible", "eos.txn.abort-invisible-read-committed",
            "groups.classic.commit-and-resume", "streams.internal-topics.created",
            "connect.sink.all-records-and-offsets-committed", "connect.source.all-records-arrive",
            "groups.share.release-redelivers");
    private static final Pattern PREFIX = Pattern.compile("resources under (kconform-[a-z0-9]+)");
    /** A check's result line: "[command-line]  3/9 PASS ...". */
    private static final Pattern RESULT_LINE = Pattern.compile("\\]\\s+\\d+/\\d+ ");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Where every run's prefix starts; {@code kconform-} and eight characters make one run's prefix. */
    private static final String ROOT = "kconform-";
    private static final Pattern ANY_PREFIX = Pattern.compile("kconform-[a-z0-9]{8}");

    private static RunningTarget broker;
    private static Admin admin;
    private static Snapshot baseline;

    @TempDir
    static Path work;

    @BeforeAll
    static void startBroker() throws Exception {
        // ACLs are only made where an authorizer runs; the anonymous plaintext principal is its super user.
        broker = new EmbeddedKafka(new ArtifactResolver()).start(new EmbeddedTargetSpec("leftovers-it",
                EmbeddedTargetSpec.DEFAULT_VERSION, Map.of(
                        "authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                        "super.users", "User:ANONYMOUS")),
                Path.of("target", "leftovers-it-broker"), line -> System.out.println("[leftovers-it broker] " + line));
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
        baseline = Snapshot.take(admin);
    }

    @AfterAll
    static void stopBroker() {
        if (admin != null) {
            admin.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    @Order(1)
    void aNormalRunLeavesNothing() throws Exception {
        Run run = Run.start("normal");
        run.awaitExit();
        assertThat(run.exitCode()).as("exit code of a normal run; console:%n%s", run.console()).isZero();
        assertThat(run.console()).as("the cleanup line").contains("deleted ").doesNotContain("could not delete");
        assertNothingLeft(run);
    }

    @Test
    @Order(2)
    void aFailingRunLeavesNothing() throws Exception {
        // Every check counts as hung after a second and is abandoned where it is: mid-way through its topics,
        // transactions, Connect worker and Streams application.
        Run run = Run.start("failing", "--check-timeout", "1", "--fail-on", "fail");
        run.awaitExit();
        assertThat(run.exitCode()).as("exit code of a run whose checks fail; console:%n%s", run.console())
                .isEqualTo(1);
        assertThat(outcomes(run)).as("outcomes of the failing run").contains("FAIL");
        assertNothingLeft(run);
    }

    @Test
    @Order(3)
    void sigintMidRunLeavesNothingAndAReport() throws Exception {
        interruptedMidRun("sigint", "INT", 130);
    }

    @Test
    @Order(4)
    void sigtermMidRunLeavesNothingAndAReport() throws Exception {
        interruptedMidRun("sigterm", "TERM", 143);
    }

    @Test
    @Order(5)
    void whatAKilledRunLeftIsDeletedByTheNextRun() throws Exception {
        Run killed = Run.start("sigkill");
        killed.awaitFirstResult();
        killed.signal("KILL");
        killed.awaitExit();
        assertThat(killed.exitCode()).isEqualTo(128 + 9);
        Snapshot afterKill = Snapshot.take(admin);
        List<String> leftByKill = afterKill.minus(baseline).all().stream()
                .filter(name -> name.contains(killed.prefix())).toList();
        assertThat(killed.processesAlive()).as("processes of the killed run still alive").isEmpty();

        Run next = Run.start("after-sigkill");
        next.awaitExit();
        assertThat(next.exitCode()).as("exit code of the run after the killed one; console:%n%s", next.console())
                .isZero();
        assertThat(leftByKill).as("what the killed run left (or this test would prove nothing)").isNotEmpty();
        assertThat(next.console()).as("the next run says it deleted what the killed run left (%s)", leftByKill)
                .contains("an earlier run against this target was killed").contains(killed.prefix());
        assertNothingLeft(killed);
        assertNothingLeft(next);
    }

    private void interruptedMidRun(String name, String signal, int expectedExit) throws Exception {
        Run run = Run.start(name);
        run.awaitFirstResult();
        run.signal(signal);
        run.awaitExit();
        assertThat(run.exitCode()).as("exit code after SIG%s; console:%n%s", signal, run.console())
                .isEqualTo(expectedExit);
        JsonNode results = JSON.readTree(run.out().resolve("results.json").toFile());
        JsonNode interrupted = results.get("interrupted");
        assertThat(interrupted.isObject()).as("results.json's interrupted: %s", interrupted).isTrue();
        assertThat(interrupted.get("signal").asText()).isEqualTo("SIG" + signal);
        int selected = interrupted.get("selectedChecks").asInt();
        assertThat(selected).isEqualTo(SELECTION.split(",").length);
        long notRun = checks(results).stream().filter(c -> c.get("execution").asText().equals("NOT_RUN")).count();
        assertThat(interrupted.get("completedChecks").asInt()).isEqualTo(selected - notRun);
        assertThat(checks(results).stream().filter(c -> c.get("outcome").asText().equals("ERROR")).toList())
                .as("checks in ERROR after an interruption: it is nobody's fault").isEmpty();
        assertThat(Files.readString(run.out().resolve("report.md"))).contains("interrupted (SIG" + signal + ") after");
        assertThat(Files.readString(run.out().resolve("report.html"))).contains("interrupted (SIG" + signal + ") after");
        assertThat(run.console().lines().filter(l -> l.contains("the run is ending")).toList())
                .as("console lines about the run ending").isEmpty();
        assertThat(run.console()).contains("Exit " + expectedExit + ": interrupted (SIG" + signal + ") after");
        assertNothingLeft(run);
    }

    /** Nothing of the run is on the broker, everything it made was named under its prefix, no process lives on. */
    private static void assertNothingLeft(Run run) throws Exception {
        Snapshot after = Snapshot.take(admin);
        Snapshot added = after.minus(baseline);
        // Transactional ids cannot be deleted through the protocol; they expire on the broker.
        Snapshot left = new Snapshot(added.topics(), added.groups(), Set.of(), added.acls(), added.scramUsers(),
                added.quotaEntities(), added.groupConfigs());
        assertThat(left.all()).as("what the %s run left on the broker (console:%n%s)", run.name(), run.console())
                .isEmpty();
        assertThat(openTransactions(run.prefix())).as("transactions of the %s run left open", run.name()).isEmpty();
        assertThat(run.seen()).as("names the %s run created", run.name()).isNotEmpty();
        assertThat(run.seen().stream().filter(n -> !n.startsWith(run.prefix() + "-")).toList())
                .as("names the %s run created that do not start with its prefix %s", run.name(), run.prefix())
                .isEmpty();
        assertThat(run.processesAlive()).as("processes of the %s run still alive", run.name()).isEmpty();
    }

    private static List<String> openTransactions(String prefix) throws Exception {
        List<String> open = new ArrayList<>();
        for (TransactionListing t : admin.listTransactions().all().get(30, TimeUnit.SECONDS)) {
            if (t.transactionalId().contains(prefix) && t.state() != TransactionState.COMPLETE_COMMIT
                    && t.state() != TransactionState.COMPLETE_ABORT && t.state() != TransactionState.EMPTY) {
                open.add(t.transactionalId() + " " + t.state());
            }
        }
        return open;
    }

    private static List<JsonNode> checks(JsonNode results) {
        List<JsonNode> checks = new ArrayList<>();
        results.get("targets").forEach(t -> t.get("checks").forEach(c -> {
            if (c.get("selected").asBoolean()) {
                checks.add(c);
            }
        }));
        return checks;
    }

    private static List<String> outcomes(Run run) throws IOException {
        return checks(JSON.readTree(run.out().resolve("results.json").toFile())).stream()
                .map(c -> c.get("outcome").asText()).toList();
    }

    /**
     * What the broker holds, by kind; each entry a name: a topic, {@code group-id (TYPE/protocol)}, a transactional
     * id, an ACL {@code principal on resource-name}, a SCRAM user, a quota entity {@code type=name}, a group with
     * dynamic configs.
     */
    record Snapshot(Set<String> topics, Set<String> groups, Set<String> transactionalIds, Set<String> acls,
                    Set<String> scramUsers, Set<String> quotaEntities, Set<String> groupConfigs) {

        static Snapshot take(Admin admin) throws Exception {
            Set<String> topics = new TreeSet<>(admin.listTopics(new ListTopicsOptions().listInternal(true)).names()
                    .get(30, TimeUnit.SECONDS));
            Set<String> groups = new TreeSet<>();
            admin.listGroups().all().get(30, TimeUnit.SECONDS).forEach(g -> groups.add(g.groupId()));
            Set<String> transactionalIds = new TreeSet<>();
            admin.listTransactions().all().get(30, TimeUnit.SECONDS)
                    .forEach(t -> transactionalIds.add(t.transactionalId()));
            Set<String> acls = new TreeSet<>();
            admin.describeAcls(AclBindingFilter.ANY).values().get(30, TimeUnit.SECONDS)
                    .forEach(b -> acls.add(b.entry().principal() + " on " + b.pattern().name()));
            Set<String> scram = new TreeSet<>(admin.describeUserScramCredentials().users().get(30, TimeUnit.SECONDS));
            Set<String> quotas = new TreeSet<>();
            admin.describeClientQuotas(ClientQuotaFilter.all()).entities().get(30, TimeUnit.SECONDS).keySet()
                    .forEach(e -> e.entries().forEach((type, name) -> quotas.add(type + "=" + name)));
            Set<String> groupConfigs = new TreeSet<>();
            admin.listConfigResources(Set.of(ConfigResource.Type.GROUP), new ListConfigResourcesOptions()).all()
                    .get(30, TimeUnit.SECONDS).forEach(r -> groupConfigs.add(r.name()));
            return new Snapshot(topics, groups, transactionalIds, acls, scram, quotas, groupConfigs);
        }

        /** What is here and not in {@code base}; topics the broker makes itself on first use ({@code __*}) left out. */
        Snapshot minus(Snapshot base) {
            Set<String> newTopics = without(topics, base.topics);
            newTopics.removeIf(t -> t.startsWith("__"));
            return new Snapshot(newTopics, without(groups, base.groups),
                    without(transactionalIds, base.transactionalIds), without(acls, base.acls),
                    without(scramUsers, base.scramUsers), without(quotaEntities, base.quotaEntities),
                    without(groupConfigs, base.groupConfigs));
        }

        /** Every entry, each kind named. */
        List<String> all() {
            List<String> all = new ArrayList<>();
            topics.forEach(t -> all.add("topic " + t));
            groups.forEach(g -> all.add("group " + g));
            transactionalIds.forEach(t -> all.add("transactional id " + t));
            acls.forEach(a -> all.add("ACL " + a));
            scramUsers.forEach(u -> all.add("SCRAM user " + u));
            quotaEntities.forEach(q -> all.add("quota entity " + q));
            groupConfigs.forEach(g -> all.add("configs of group " + g));
            return all;
        }

        /**
         * The bare names, as a run makes them. An ACL is named by its resource or, where that is not kconform's, by its principal's name.
         */
        List<String> names() {
            List<String> names = new ArrayList<>();
            names.addAll(topics);
            names.addAll(groups);
            names.addAll(transactionalIds);
            acls.forEach(a -> {
                String[] parts = a.split(" on ", 2);
                names.add(parts[1].startsWith(ROOT) ? parts[1]
                        : parts[0].startsWith("User:" + ROOT) ? parts[0].substring("User:".length()) : "ACL " + a);
            });
            names.addAll(scramUsers);
            quotaEntities.forEach(q -> names.add(q.substring(q.indexOf('=') + 1)));
            names.addAll(groupConfigs);
            return names;
        }

        private static Set<String> without(Set<String> all, Set<String> base) {
            Set<String> rest = new TreeSet<>(all);
            rest.removeAll(base);
            return rest;
        }
    }


    /** One run of the command line in a child JVM, its console read as it goes and the cluster watched meanwhile. */
    private static final class Run {
        private final String name;
        private final Process process;
        private final Path out;
        private final StringBuffer console = new StringBuffer();
        private final CountDownLatch prefixSeen = new CountDownLatch(1);
        private final CountDownLatch firstResult = new CountDownLatch(1);
        private final Set<String> seen = ConcurrentHashMap.newKeySet();
        private final Set<ProcessHandle> descendants = ConcurrentHashMap.newKeySet();
        private volatile String prefix = "";
        private final long startedNanos = System.nanoTime();
        private volatile long signalledNanos;
        private volatile String signalName = "";
        private volatile boolean ended;
        private final Thread watcher;
        private final Thread reader;

        private Run(String name, Process process, Path out) {
            this.name = name;
            this.process = process;
            this.out = out;
            reader = new Thread(this::read, "leftovers-it-console-" + name);
            reader.setDaemon(true);
            reader.start();
            watcher = new Thread(this::watch, "leftovers-it-watch-" + name);
            watcher.setDaemon(true);
            watcher.start();
        }

        static Run start(String name, String... extra) throws IOException {
            Path out = work.resolve(name);
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            List<String> command = new ArrayList<>(List.of(java.toString(), "-Xmx1g", "-XX:TieredStopAtLevel=1", "-XX:ReservedCodeCacheSize=240m",
                    "-Dkconform.runs.dir=" + work.resolve("runs"), "-cp", System.getProperty("java.class.path"),
                    "io.kconform.harness.cli.KconformMain", "run", "--no-color",
                    "--output", out.toString(), "--bootstrap", broker.bootstrapServers(), "--check", SELECTION));
            command.addAll(List.of(extra));
            if (!command.contains("--fail-on")) {
                command.addAll(List.of("--fail-on", "never"));
            }
            return new Run(name, new ProcessBuilder(command).redirectErrorStream(true).start(), out);
        }

        private void read() {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    console.append(line).append('\n');
                    Matcher m = PREFIX.matcher(line);
                    if (m.find() && prefix.isEmpty()) {
                        prefix = m.group(1);
                        prefixSeen.countDown();
                    }
                    if (RESULT_LINE.matcher(line).find()) {
                        firstResult.countDown();
                    }
                }
            } catch (IOException e) {
                // the run is gone
            } finally {
                prefixSeen.countDown();
                firstResult.countDown();
            }
        }

        /** Lists the cluster every half second while the run goes on: what it created, by name. */
        private void watch() {
            while (!ended) {
                try {
                    process.toHandle().descendants().forEach(descendants::add);
                    Snapshot now = Snapshot.take(admin);
                    seen.addAll(now.minus(baseline).names());
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    // a listing that failed is tried again
                }
            }
        }

        void awaitFirstResult() throws InterruptedException {
            assertThat(firstResult.await(180, TimeUnit.SECONDS)).as("a check's result within 180 s; console:%n%s",
                    console).isTrue();
            assertThat(process.isAlive()).as("run still going after its first result; console:%n%s", console)
                    .isTrue();
        }

        void signal(String signal) throws Exception {
            signalledNanos = System.nanoTime();
            signalName = "SIG" + signal;
            Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid())).inheritIO().start();
            assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }

        void awaitExit() throws Exception {
            assertThat(process.waitFor(240, TimeUnit.SECONDS)).as("run %s ended; console:%n%s", name, console)
                    .isTrue();
            long endedNanos = System.nanoTime();
            ended = true;
            reader.join(30_000);
            System.out.println("---- console of the " + name + " run (exit " + process.exitValue() + ") ----\n"
                    + console);
            // figures for bench/leftovers.sh; never asserted
            System.out.printf(java.util.Locale.ROOT, "figure: %s run: exit %d after %.1f s%s%n", name,
                    process.exitValue(), (endedNanos - startedNanos) / 1e9, signalName.isEmpty() ? ""
                            : String.format(java.util.Locale.ROOT, ", %.1f s after %s", (endedNanos - signalledNanos)
                                    / 1e9, signalName));
            watcher.interrupt();
            watcher.join(30_000);
            prefixSeen.await(10, TimeUnit.SECONDS);
            assertThat(prefix).as("the run's resource prefix from its console:%n%s", console).isNotEmpty();
            // what a run made just before it ended: seen once more, now
            seen.addAll(Snapshot.take(admin).minus(baseline).names());
        }

        /**
         * The names that appeared while this run went on, but those of another run's prefix (what a killed run
         * left, while the next run deletes it): a name of no prefix at all counts as this run's.
         */
        Set<String> seen() {
            Set<String> mine = new TreeSet<>();
            seen.stream().filter(n -> {
                Matcher m = ANY_PREFIX.matcher(n);
                return !m.find() || m.group().equals(prefix);
            }).forEach(mine::add);
            return Collections.unmodifiableSet(mine);
        }

        List<ProcessHandle> processesAlive() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            List<ProcessHandle> alive = aliveNow();
            while (!alive.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(250);
                alive = aliveNow();
            }
            return alive;
        }

        private List<ProcessHandle> aliveNow() {
            List<ProcessHandle> alive = new ArrayList<>(descendants.stream().filter(ProcessHandle::isAlive).toList());
            if (process.isAlive()) {
                alive.add(process.toHandle());
            }
            return alive;
        }

        int exitCode() {
            return process.exitValue();
        }

        String console() {
            return console.toString();
        }

        String prefix() {
            return prefix;
        }

        String name() {
            return name;
        }

        Path out() {
            return out;
        }
    }
}
