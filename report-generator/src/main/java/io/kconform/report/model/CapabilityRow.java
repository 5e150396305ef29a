package io.kconform.report.model;

import io.kconform.api.Battery;
import io.kconform.api.Capability;
import io.kconform.api.Outcome;
import io.kconform.api.Strength;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The ✓/✗/— row an architect reads beside the level: what an application can rely on, in the words it would ask
 * about (transactions, compaction, KIP-848 groups, share groups, Connect, Streams). Pure and thread-safe.
 *
 * <p>Nothing here is a new verdict. The optional {@link Capability capabilities} take the state
 * {@link Certification} gave them. The other entries read the outcomes of the checks that exercise the feature
 * (transactions: {@code eos.txn.*}; compaction: {@code storage.compaction.*}; Connect and Streams: their batteries),
 * with the rule {@link Certification} applies to capabilities: a FAIL makes it {@link Mark#BROKEN}; otherwise a
 * PASS among the checks that gave a verdict makes it {@link Mark#YES}; only refusals (UNSUPPORTED) make it
 * {@link Mark#NO}; nothing that ran and gave a verdict makes it {@link Mark#UNKNOWN}. MAY checks do not count.
 */
public final class CapabilityRow {

    private CapabilityRow() {
    }

    /** One entry's mark: a sign a reader knows without a legend, and the word behind it. */
    public enum Mark {
        /** Offered and working: every check of it that gave a verdict passed, or it was refused only in part. */
        YES("✓", "works"),
        /** Claimed but a check of it FAILED: broken for an application relying on it. */
        BROKEN("✗", "broken"),
        /** Not offered: refused (UNSUPPORTED), absent, or advertised but switched off. */
        NO("—", "not offered"),
        /** No check of it ran or gave a verdict: nothing is known. */
        UNKNOWN("?", "not assessed");

        private final String sign;
        private final String word;

        Mark(String sign, String word) {
            this.sign = sign;
            this.word = word;
        }

        /** ✓, ✗, — or ?. */
        public String sign() {
            return sign;
        }

        /** "works", "broken", "not offered", "not assessed". */
        public String word() {
            return word;
        }
    }

    /**
     * One entry of the row.
     *
     * @param name   what an architect calls it, "transactions", "KIP-848 groups"
     * @param mark   its mark
     * @param reason one line: which checks decided, or the capability's summary
     * @param checks the checks that did not pass (FAIL, UNSUPPORTED), for the reader to open
     */
    public record Entry(String name, Mark mark, String reason, List<CheckResult> checks) {
        public Entry {
            checks = List.copyOf(checks);
        }
    }

    /** The row for one target, in a fixed order; empty for a target that was not reached. */
    public static List<Entry> of(TargetReport target) {
        if (target.error().isPresent() || target.verdict() == null) {
            return List.of();
        }
        List<Entry> row = new ArrayList<>();
        List<CheckResult> checks = target.checks();
        row.add(fromChecks("transactions", checks, c -> c.id().startsWith("eos.txn.")));
        row.add(fromChecks("compaction", checks, c -> c.id().startsWith("storage.compaction.")));
        for (CapabilityStatus status : target.verdict().capabilities()) {
            row.add(fromCapability(status));
        }
        row.add(fromChecks("Connect", checks, c -> c.battery() == Battery.CONNECT));
        row.add(fromChecks("Streams", checks, c -> c.battery() == Battery.STREAMS));
        return List.copyOf(row);
    }

    private static Entry fromCapability(CapabilityStatus status) {
        Mark mark = switch (status.state()) {
            case WORKING -> Mark.YES;
            case BROKEN -> Mark.BROKEN;
            case ADVERTISED_NOT_ENABLED, ABSENT -> Mark.NO;
            case NOT_ASSESSED -> Mark.UNKNOWN;
        };
        return new Entry(status.capability().displayName(), mark, status.summary(), status.findings());
    }

    private static Entry fromChecks(String name, List<CheckResult> checks, Predicate<CheckResult> of) {
        List<CheckResult> own = checks.stream().filter(of).filter(c -> c.ran() && c.strength() != Strength.MAY)
                .toList();
        List<CheckResult> failed = own.stream().filter(c -> c.outcome() == Outcome.FAIL).toList();
        List<CheckResult> refused = own.stream().filter(c -> c.outcome() == Outcome.UNSUPPORTED).toList();
        long passed = own.stream().filter(c -> c.outcome() == Outcome.PASS).count();
        if (!failed.isEmpty()) {
            return new Entry(name, Mark.BROKEN, failed.size() + " of " + own.size() + " checks FAIL", failed);
        }
        if (passed > 0) {
            return new Entry(name, Mark.YES, refused.isEmpty() ? passed + " of " + own.size() + " checks PASS"
                    : passed + " PASS, " + refused.size() + " UNSUPPORTED", refused);
        }
        if (!refused.isEmpty()) {
            return new Entry(name, Mark.NO, refused.size() + " of " + own.size() + " checks UNSUPPORTED", refused);
        }
        return new Entry(name, Mark.UNKNOWN, own.isEmpty() ? "no check of it ran" : "no check of it gave a verdict",
                List.of());
    }
}
