package io.kconform.harness.run;

import io.kconform.api.CheckDescriptor;
import java.util.Set;

/**
 * The checks that do not depend on the Java clients' handshake: they speak the protocol on connections of their
 * own, at the versions they choose (a {@code WireClient}, which never negotiates versions, or raw frames), or judge
 * the probe's facts, or are about current clients themselves. Where current clients cannot connect to a target and
 * an older release assesses it, these still run in the harness's JVM, with the protocol classes kconform is built
 * against: an older release's classes could not encode the newest versions they send (the sweep covers every
 * version of the baseline), and the handshake and client-floor checks are about today's clients by definition.
 * By class, so that a check added to one of these classes is placed with them; {@code OwnConnectionChecksTest}
 * shows that none of these classes uses a Java client.
 */
final class OwnConnectionChecks {

    /** The classes whose checks run on connections of their own. */
    static final Set<String> CLASSES = Set.of(
            // one minimal request per API key and version of the baseline, over a WireClient
            "io.kconform.checks.protocol.ApiSweepChecks",
            // ApiVersions at chosen versions, over a WireClient or raw frames
            "io.kconform.checks.protocol.ApiVersionsChecks",
            "io.kconform.checks.protocol.ApiVersionsEdgeChecks",
            // the advertised ranges against the baseline and against today's clients' floor (KIP-896)
            "io.kconform.checks.protocol.ApiBaselineChecks",
            // ApiVersions exactly as current Java clients send it
            "io.kconform.checks.protocol.ClientHandshakeChecks",
            // raw frames no client would send
            "io.kconform.checks.protocol.MalformedInputChecks");

    private OwnConnectionChecks() {
    }

    /** Whether {@code check} speaks the protocol on its own connections only. */
    static boolean includes(CheckDescriptor check) {
        return CLASSES.contains(check.className());
    }
}
