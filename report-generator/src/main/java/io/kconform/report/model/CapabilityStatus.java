package io.kconform.report.model;

import io.kconform.api.Capability;
import java.util.List;

/**
 * How a target offers one optional {@link Capability} of the baseline. Capabilities are listed beside the
 * level, never instead of it: an endpoint without share groups can hold every level.
 *
 * @param capability the capability
 * @param state      working, broken, advertised but not enabled, absent, or not assessed
 * @param findings   the checks of the capability that did not pass (FAIL, UNSUPPORTED), for the reader to open
 * @param summary    one line for people, e.g. "advertised (ConsumerGroupHeartbeat v0-0) and refused: UNSUPPORTED_VERSION"
 */
public record CapabilityStatus(Capability capability, State state, List<CheckResult> findings, String summary) {

    /** How the capability is offered. */
    public enum State {
        /** Offered, and every check of it that ran passed (or was refused only in part). */
        WORKING("✓"),
        /** Offered, and a check of it FAILED: claimed but wrong, a silent-data risk for its users. */
        BROKEN("✗"),
        /**
         * Advertised (its API keys or feature are there) but refused when used: switched off, as Apache Kafka 3.x
         * does with KIP-848 groups by default.
         */
        ADVERTISED_NOT_ENABLED("advertised, not enabled"),
        /** Not offered: not advertised, and refused or not applicable. */
        ABSENT("—"),
        /** Not selected, not run, or its checks ended in ERROR: nothing is known. */
        NOT_ASSESSED("not assessed");

        private final String mark;

        State(String mark) {
            this.mark = mark;
        }

        /** How the headline shows it after the capability's name: a sign, or a few words. */
        public String mark() {
            return mark;
        }
    }

    public CapabilityStatus {
        findings = List.copyOf(findings);
    }

    /** "KIP-848 groups ✓", "KIP-848 groups: advertised, not enabled", as the headline shows it. */
    public String label() {
        String mark = state.mark();
        return capability.displayName() + (mark.codePointCount(0, mark.length()) == 1 ? " " + mark : ": " + mark);
    }
}
