package io.kconform.api.target;

import java.util.List;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * How a target met ApiVersions as current Java clients send it ({@link io.kconform.api.wire.ClientHandshake}):
 * on a bootstrap connection, and, once the cluster is known, on a broker's connection with ClusterId and
 * NodeId set; and the newest ApiVersions version it answers. Immutable.
 *
 * <p>Where current clients cannot connect, the run goes on with what the target answers: the harness assesses
 * it with the newest older Java client release whose first ApiVersions is at most {@link #olderClientLimit()}
 * (kafka-clients 3.3 to 3.8 send v3, 3.9 to 4.3 v4, as measured from their artifacts).
 *
 * @param clientVersion  the ApiVersions version current Java clients send first: this build's kafka-clients'
 *                       newest
 * @param newestAnswered the newest ApiVersions version the target answers on a fresh connection: the version
 *                       its KIP-511 refusal names, or, where it closed the connection on newer ones, the
 *                       highest it answered
 * @param refused        what current Java clients send that the target closed the connection on or left
 *                       unanswered, one line each (e.g. {@code ApiVersions v5: no response (the target closed
 *                       the connection)}); empty when current clients connect
 */
public record Handshake(short clientVersion, short newestAnswered, List<String> refused) {

    public Handshake {
        refused = List.copyOf(refused);
    }

    /** Current Java clients connect; the target answers ApiVersions up to {@code newestAnswered}. */
    public static Handshake answered(short newestAnswered) {
        return new Handshake(ApiKeys.API_VERSIONS.latestVersion(), newestAnswered, List.of());
    }

    /**
     * The newest ApiVersions version an older Java client release may send first and be answered on every
     * connection it makes: {@link #newestAnswered()}, or one below it where that is current clients' own version,
     * answered only as a bootstrap connection sends it (ClusterId null), since a client of that version sets the
     * ClusterId on its broker connections. Meaningful where current clients cannot connect.
     */
    public short olderClientLimit() {
        return newestAnswered >= clientVersion ? (short) (clientVersion - 1) : newestAnswered;
    }

    /** Whether current Java clients get past ApiVersions on every connection they make. */
    public boolean currentClientsConnect() {
        return refused.isEmpty();
    }

    /**
     * One line for the console and reports, empty when current clients connect, e.g. {@code current Java
     * clients cannot connect: ApiVersions v5: no response (the target closed the connection); ApiVersions v3
     * is answered}.
     */
    public String summary() {
        if (currentClientsConnect()) {
            return "";
        }
        // where the newest version itself is answered, what was refused is the known cluster's form of it
        return "current Java clients cannot connect: " + String.join("; ", refused) + "; ApiVersions v" + newestAnswered
                + (newestAnswered == clientVersion ? " with ClusterId null" : "") + " is answered";
    }
}
