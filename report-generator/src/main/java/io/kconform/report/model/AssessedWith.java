package io.kconform.report.model;

import io.kconform.api.JavaClients;
import java.util.Objects;

/**
 * Which Java client release assessed a target, and why. Normally the one kconform is built against (current
 * Java clients). Where those cannot get past the target's ApiVersions handshake, the checks that use Java clients
 * run with an older release whose handshake the target answers, and the verdict says so; the checks that speak
 * the protocol on connections of their own (ApiVersions, the sweep, raw frames) keep running with the current
 * release's protocol classes. Immutable.
 *
 * @param javaClients   the kafka-clients release the checks ran with, e.g. {@code 3.8.1}
 * @param current       the release kconform is built against, e.g. {@code 4.4.0}
 * @param reason        why not the current release: the handshake finding, and, where no older release could
 *                      be used, why not; empty when current clients connect
 * @param cannotConnect which releases cannot connect, e.g. {@code 3.9 and later}; empty when current clients
 *                      connect
 */
public record AssessedWith(String javaClients, String current, String reason, String cannotConnect) {

    public AssessedWith {
        Objects.requireNonNull(javaClients, "javaClients");
        Objects.requireNonNull(current, "current");
        reason = reason == null ? "" : reason;
        cannotConnect = cannotConnect == null ? "" : cannotConnect;
    }

    /** Current Java clients connect and assessed the target. */
    public static AssessedWith currentClients() {
        String current = JavaClients.builtAgainst();
        return new AssessedWith(current, current, "", "");
    }

    /** Whether the current Java clients assessed the target, as on every target they connect to. */
    public boolean currentConnect() {
        return reason.isEmpty() && cannotConnect.isEmpty();
    }

    /** Whether an older release than the current one assessed the target. */
    public boolean olderRelease() {
        return !javaClients.equals(current);
    }

    /**
     * The verdict's sentence, empty when current clients connect: {@code Assessed with Java clients 3.8.1; 3.9 and
     * later cannot connect}, or, where no older release could be used, {@code Java clients 3.3 and later cannot
     * connect; no older release could assess it} ({@link #reason()} says why).
     */
    public String sentence() {
        if (currentConnect()) {
            return "";
        }
        if (olderRelease()) {
            return "Assessed with Java clients " + javaClients + "; " + cannotConnect + " cannot connect";
        }
        return "Java clients " + cannotConnect + " cannot connect; no older release could assess it";
    }
}
