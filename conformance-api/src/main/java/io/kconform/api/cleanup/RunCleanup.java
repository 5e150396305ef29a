package io.kconform.api.cleanup;

import io.kconform.api.target.ResourceNames;
import io.kconform.api.target.TargetProbe;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes what a run created on a target: every topic and group (consumer, Connect workers', streams or share group)
 * whose name carries the run's prefix, the dynamic configs of those groups ({@link GroupConfigCleanup}), and
 * every client quota entity, SCRAM user and ACL named under it ({@link SecurityCleanup}). Transactional ids cannot
 * be deleted through the protocol; they expire on the broker ({@code transactional.id.expiration.ms}); a
 * transaction of the run still open (a killed run's) is aborted first ({@link OpenTransactions}). Bounded in time
 * and never throws: cleanup must not hide the run's result. A target that stopped answering gets one short try ({@link #deleteFromDeadTarget}), so
 * that a dead target does not add minutes of timeouts to the run; the report then says what is left, and
 * under which prefix.
 */
public final class RunCleanup {

    private static final Logger LOG = LoggerFactory.getLogger(RunCleanup.class);
    private static final Duration BOUND = Duration.ofSeconds(20);
    /** How much of what went wrong the console line shows. */
    private static final int PROBLEM_SHOWN = 240;
    private static final int ROUNDS = 3;
    /** How long a group is waited for whose members are still leaving. */
    private static final Duration MEMBERS_LEAVING = Duration.ofSeconds(15);
    /** How long a killed run's group is waited for: Kafka's default session timeout (45 s) and a margin. */
    public static final Duration KILLED_MEMBERS_EXPIRE = Duration.ofSeconds(50);
    private static final Duration MEMBERS_LEAVING_PAUSE = Duration.ofMillis(500);
    private static final Duration ROUND_PAUSE = Duration.ofSeconds(1);
    /** Closing the admin client: its calls are over by then, or abandoned. */
    private static final Duration CLOSE_BOUND = Duration.ofSeconds(5);

    /**
     * The whole cleanup's bound when the target stopped answering during the run: enough for a target
     * that answers again to take the deletions, short enough that a dead one costs seconds, not the
     * minutes of every step waiting out its own timeout.
     */
    private static final Duration DEAD_TARGET_BOUND = Duration.ofSeconds(10);

    private RunCleanup() {
    }

    /**
     * What was deleted, and what could not be.
     *
     * @param security groups with configs, quota entities, SCRAM users and ACLs of the run, which the checks
     *                 normally remove themselves: a number above zero means a check was interrupted
     */
    public record Report(int topics, int groups, int security, String problem) {
        /** One plain line for the console; the details of a failure are in kconform.log. */
        public String describe(String prefix) {
            String deleted = "deleted " + topics + " topics and " + groups + " groups under " + prefix
                    + (security == 0 ? ""
                            : ", and " + security + " group configs, quota entities, SCRAM users or ACLs");
            return problem.isEmpty() ? deleted : deleted + "; could not delete the rest (" + shortened(problem)
                    + "): what the run left on the target is named " + prefix + "-*";
        }

        private static String shortened(String text) {
            String oneLine = text.replaceAll("\\s+", " ");
            return oneLine.length() <= PROBLEM_SHOWN ? oneLine : oneLine.substring(0, PROBLEM_SHOWN) + "...";
        }
    }

    /**
     * Deletes the run's topics and groups on the target, in rounds until a round finds nothing more:
     * when a run is interrupted, checks still running may create a topic after the first listing.
     */
    public static Report delete(String bootstrapServers, Map<String, Object> clientProperties, ResourceNames names) {
        return delete(bootstrapServers, clientProperties, names, new Deadline(Long.MAX_VALUE, MEMBERS_LEAVING));
    }

    /**
     * As {@link #delete(String, Map, ResourceNames)}, all of it within {@code bound}: what is not deleted
     * by then is reported as not deleted.
     */
    public static Report delete(String bootstrapServers, Map<String, Object> clientProperties, ResourceNames names,
                                Duration bound) {
        return delete(bootstrapServers, clientProperties, names, new Deadline(System.nanoTime() + bound.toNanos(), MEMBERS_LEAVING));
    }

    /**
     * Deletes what an earlier run left when it was killed, all of it within {@code bound}. Its consumers died with
     * it and never left their groups, so a group is waited for until the broker expires its members (the session
     * timeout, 45 s by default), at most {@link #KILLED_MEMBERS_EXPIRE}.
     */
    public static Report deleteLeftovers(String bootstrapServers, Map<String, Object> clientProperties,
                                         ResourceNames names, Duration bound) {
        return delete(bootstrapServers, clientProperties, names,
                new Deadline(System.nanoTime() + bound.toNanos(), KILLED_MEMBERS_EXPIRE));
    }

    /**
     * The cleanup after the target stopped answering during the run: nothing is tried where every bootstrap
     * address refuses connections (nothing listens there), and otherwise everything within
     * {@link #DEAD_TARGET_BOUND}.
     */
    public static Report deleteFromDeadTarget(String bootstrapServers, Map<String, Object> clientProperties,
                                              ResourceNames names) {
        if (everyAddressRefuses(bootstrapServers)) {
            return new Report(0, 0, 0, "not tried: every bootstrap address refuses connections");
        }
        return delete(bootstrapServers, clientProperties, names, DEAD_TARGET_BOUND);
    }

    private static boolean everyAddressRefuses(String bootstrapServers) {
        try {
            for (InetSocketAddress address : TargetProbe.parseBootstrap(bootstrapServers)) {
                try (Socket socket = new Socket()) {
                    socket.connect(address, (int) TargetProbe.CONNECT_TIMEOUT.toMillis());
                    return false;
                } catch (ConnectException e) {
                    // refused: nothing listens there
                } catch (IOException e) {
                    return false;
                }
            }
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Report delete(String bootstrapServers, Map<String, Object> clientProperties, ResourceNames names,
                                 Deadline deadline) {
        Report total = deleteOnce(bootstrapServers, clientProperties, names, deadline);
        for (int round = 1; round < ROUNDS && total.problem().isEmpty() && !deadline.passed(); round++) {
            sleepQuietly();
            Report more = deleteOnce(bootstrapServers, clientProperties, names, deadline);
            total = new Report(total.topics() + more.topics(), total.groups() + more.groups(),
                    total.security() + more.security(), more.problem());
            if (more.topics() == 0 && more.groups() == 0 && more.security() == 0) {
                break;
            }
        }
        return total;
    }

    /** The end of a cleanup's time; each step waits at most {@link #BOUND}, and never past the end. */
    private record Deadline(long endNanos, Duration membersLeaving) {
        boolean passed() {
            return System.nanoTime() >= endNanos;
        }

        /** How long the next step may wait, in milliseconds; at least 1, so that a call fails rather than hangs. */
        long stepMillis() {
            long left = endNanos == Long.MAX_VALUE ? BOUND.toMillis()
                    : Math.max(1, (endNanos - System.nanoTime()) / 1_000_000);
            return Math.min(BOUND.toMillis(), left);
        }

        /** How long closing the admin client may wait for calls under way: none once the time is up. */
        long closeMillis() {
            long left = endNanos == Long.MAX_VALUE ? CLOSE_BOUND.toMillis()
                    : Math.max(0, (endNanos - System.nanoTime()) / 1_000_000);
            return Math.min(CLOSE_BOUND.toMillis(), left);
        }
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(ROUND_PAUSE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Report deleteOnce(String bootstrapServers, Map<String, Object> clientProperties,
                                     ResourceNames names, Deadline deadline) {
        Map<String, Object> config = new HashMap<>(clientProperties);
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(CommonClientConfigs.CLIENT_ID_CONFIG, names.prefix() + "-cleanup");
        int stepMillis = (int) deadline.stepMillis();
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, stepMillis);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.max(1, stepMillis / 2));
        Tally tally = new Tally(deadline);
        Admin admin = null;
        try {
            admin = Admin.create(config);
            Admin client = admin;
            tally.step("groups", () -> deleteGroups(client, names, deadline, tally));
            tally.step("open transactions", () -> {
                int aborted = OpenTransactions.abort(client, bootstrapServers, clientProperties, names,
                        deadline.stepMillis());
                if (aborted > 0) {
                    LOG.info("aborted {} transaction(s) the run left open", aborted);
                }
            });
            tally.step("topics", () -> {
                List<String> topicNames = client.listTopics(new ListTopicsOptions().listInternal(false)).names()
                        .get(deadline.stepMillis(), TimeUnit.MILLISECONDS).stream().filter(names::owns).sorted().toList();
                if (!topicNames.isEmpty()) {
                    client.deleteTopics(topicNames).all().get(deadline.stepMillis(), TimeUnit.MILLISECONDS);
                }
                tally.topics = topicNames.size();
            });
            tally.step("group configs",
                    () -> tally.security += GroupConfigCleanup.delete(client, names, deadline.stepMillis()));
            tally.step("quotas", () -> tally.security += security(client, names, deadline).quotas());
            tally.step("SCRAM users",
                    () -> tally.security += security(client, names, deadline).scramUsers());
            tally.step("ACLs", () -> tally.security += security(client, names, deadline).acls());
        } catch (RuntimeException e) {
            tally.problem(rootMessage(e));
        } finally {
            if (admin != null) {
                admin.close(Duration.ofMillis(deadline.closeMillis()));
            }
        }
        return new Report(tally.topics, tally.groups, tally.security, tally.problems());
    }

    private static SecurityCleanup security(Admin admin, ResourceNames names, Deadline deadline) {
        return new SecurityCleanup(admin, names, Duration.ofMillis(deadline.stepMillis()));
    }

    private static void deleteGroups(Admin admin, ResourceNames names, Deadline deadline, Tally tally)
            throws Exception {
        AdminGroups.Listing listing = AdminGroups.list(admin, deadline.stepMillis());
        List<AdminGroups.Listed> owned = listing.groups().stream()
                .filter(g -> names.owns(g.groupId()))
                .sorted(Comparator.comparing(AdminGroups.Listed::groupId)).toList();
        for (AdminGroups.Listed group : owned) {
            // One group that cannot be deleted must not keep the others.
            try {
                deleteOnceEmpty(admin, group, deadline, tally);
                tally.groups++;
            } catch (Exception e) {
                tally.problem("group " + group.groupId() + ": " + rootMessage(e));
                LOG.warn("could not delete group {}", group.groupId(), e);
            }
        }
        if (!listing.complete()) {
            // an older client lists consumer groups only: the run's other groups (Connect's) go by name
            Set<String> unlisted = new TreeSet<>(names.issued());
            owned.forEach(g -> unlisted.remove(g.groupId()));
            tally.groups += AdminGroups.deleteUnlisted(admin, unlisted, deadline.stepMillis(), tally::problem);
        }
    }

    /**
     * Deletes a group, waiting for members still leaving: a check that was abandoned when it timed out closes its
     * consumers once its thread ends, just before the cleanup, and a share or streams group, unlike a classic one,
     * has no API that removes its members. All groups of a round share one {@link #MEMBERS_LEAVING}, so that a target
     * that calls every group not empty costs that once, not once per group.
     */
    private static void deleteOnceEmpty(Admin admin, AdminGroups.Listed group, Deadline deadline, Tally tally)
            throws Exception {
        while (true) {
            try {
                AdminGroups.delete(admin, group, deadline.stepMillis());
                return;
            } catch (Exception e) {
                boolean notEmpty = e instanceof GroupNotEmptyException || e.getCause() instanceof GroupNotEmptyException;
                if (!notEmpty || System.nanoTime() >= tally.membersLeavingEnd() || deadline.passed()) {
                    throw e;
                }
                Thread.sleep(MEMBERS_LEAVING_PAUSE.toMillis());
            }
        }
    }

    /**
     * What one round deleted and what went wrong. The steps run one after the other, each on its own so that
     * one failing keeps no other, except that after a step whose call timed out, and once the cleanup's time
     * is up, the rest are not tried: a target that did not answer one step within its bound will not answer
     * the next, and each would wait out the same bound again (six steps, two minutes, for nothing).
     */
    private static final class Tally {
        int topics;
        int groups;
        int security;
        private final StringBuilder problems = new StringBuilder();
        private final Deadline deadline;
        private final List<String> notTried = new java.util.ArrayList<>();
        private String whyNotTried;

        /** When waiting for members to leave ends for this round; set when the first group is found not empty. */
        private long membersLeavingEnd;
        private boolean membersLeavingStarted;

        Tally(Deadline deadline) {
            this.deadline = deadline;
        }

        long membersLeavingEnd() {
            if (!membersLeavingStarted) {
                membersLeavingStarted = true;
                membersLeavingEnd = System.nanoTime() + deadline.membersLeaving().toNanos();
            }
            return membersLeavingEnd;
        }

        void problem(String text) {
            problems.append(problems.length() == 0 ? "" : "; ").append(text);
        }

        /** What went wrong, the steps not tried named once at the end. */
        String problems() {
            return notTried.isEmpty() ? problems.toString()
                    : problems + (problems.length() == 0 ? "" : "; ") + String.join(", ", notTried) + ": not tried, "
                            + whyNotTried;
        }

        void step(String what, Step step) {
            if (whyNotTried == null && deadline.passed()) {
                whyNotTried = "the cleanup's time was up";
            }
            if (whyNotTried != null) {
                notTried.add(what);
                return;
            }
            try {
                step.run();
            } catch (LinkageError e) {
                // An older Java client release (the JVM of older clients) lacks what this step needs, such as group
                // configs before 4.0; the checks that ran with those clients cannot have made what it deletes.
                LOG.info("the {} step needs newer Java clients than this JVM has: {}", what, e.toString());
            } catch (Exception e) {
                problem(what + ": " + rootMessage(e));
                LOG.warn("could not delete the run's {}", what, e);
                if (timedOut(e)) {
                    whyNotTried = "the target did not answer the " + what + " step in time";
                }
            }
        }
    }

    private interface Step {
        void run() throws Exception;
    }

    private static boolean timedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.apache.kafka.common.errors.TimeoutException
                    || t instanceof java.util.concurrent.TimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }
}
