package io.kconform.harness.clients;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Which Java client release assesses a target that current clients cannot connect to: the newest candidate
 * whose clients send an ApiVersions version the target answers. Pure, given how each candidate is measured;
 * candidates are measured newest first, and only until one fits. Immutable.
 *
 * @param limit       the newest ApiVersions version the target answers as an older client sends it
 *                    ({@link io.kconform.api.target.Handshake#olderClientLimit()})
 * @param chosen      the newest candidate that fits; empty when none does
 * @param refused     the candidates measured that send a newer version than {@code limit}, newest first
 * @param unavailable candidates that could not be measured (not resolvable), each with why, newest first
 */
public record ClientChoice(short limit, Optional<ClientRelease> chosen, List<ClientRelease> refused,
                           List<String> unavailable) {

    public ClientChoice {
        refused = List.copyOf(refused);
        unavailable = List.copyOf(unavailable);
    }

    /** What measuring one candidate gave: its release, or why it could not be measured. */
    public sealed interface Measured {
        /** Measured. */
        record Release(ClientRelease release) implements Measured {
        }

        /** Not measurable, e.g. not resolvable. */
        record Unavailable(String version, String why) implements Measured {
        }
    }

    /**
     * Chooses among {@code candidates}, newest first.
     *
     * @param measure measures one candidate; called newest first, and no more once one fits
     */
    public static ClientChoice choose(short limit, List<String> candidates, Function<String, Measured> measure) {
        List<ClientRelease> refused = new ArrayList<>();
        List<String> unavailable = new ArrayList<>();
        for (String candidate : candidates) {
            Measured measured = measure.apply(candidate);
            if (measured instanceof Measured.Unavailable none) {
                unavailable.add(none.version() + " (" + none.why() + ")");
            } else if (measured instanceof Measured.Release found) {
                if (found.release().apiVersionsVersion() <= limit) {
                    return new ClientChoice(limit, Optional.of(found.release()), refused, unavailable);
                }
                refused.add(found.release());
            }
        }
        return new ClientChoice(limit, Optional.empty(), refused, unavailable);
    }

    /**
     * Which releases cannot connect, from the oldest measured line that sends too new a version on, e.g.
     * {@code 3.9 and later}; {@code current} (the release kconform is built against) where no candidate was refused.
     */
    public String cannotConnect(String current) {
        String oldest = refused.isEmpty() ? ClientRelease.line(current) : refused.get(refused.size() - 1).line();
        return oldest + " and later";
    }
}
