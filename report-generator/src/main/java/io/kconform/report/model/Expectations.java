package io.kconform.report.model;

import io.kconform.api.Outcome;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcomes a vendor expects, from an expected-outcomes file: its known gaps, each with a reason and a link.
 * A check the file does not list is expected to PASS. Only checks the run selected and ran are compared: one not
 * selected, not run or not assessable here says nothing about the target. Immutable.
 *
 * @param file     the file, as the user named it
 * @param outcomes the expected outcome of each listed check, by id, in the file's order
 */
public record Expectations(String file, Map<String, Expected> outcomes) {

    /** One line of the file: a check's expected outcome, why, and where to read more ({@code ""} when none). */
    public record Expected(String id, Outcome outcome, String reason, String link) {
        public Expected {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(outcome, "outcome");
            reason = reason == null ? "" : reason;
            link = link == null ? "" : link;
        }
    }

    /** A check whose outcome differs from the expected one. */
    public record Unexpected(CheckResult check, Outcome expected, Optional<Expected> entry) {
        /** For people: {@code storage.x FAIL, expected UNSUPPORTED}. */
        public String describe() {
            return check.id() + " " + check.outcome() + ", expected " + expected;
        }
    }

    public Expectations {
        Objects.requireNonNull(file, "file");
        outcomes = Collections.unmodifiableMap(new LinkedHashMap<>(outcomes));
    }

    /** The expected outcome of a check: the listed one, else PASS. */
    public Outcome expectedOf(String checkId) {
        Expected entry = outcomes.get(checkId);
        return entry == null ? Outcome.PASS : entry.outcome();
    }

    /** The checks of {@code target} that ran with an outcome other than the expected one, in catalog order. */
    public List<Unexpected> unexpected(TargetReport target) {
        List<Unexpected> found = new ArrayList<>();
        for (CheckResult check : target.checks()) {
            Outcome expected = expectedOf(check.id());
            if (check.ran() && check.outcome() != expected) {
                found.add(new Unexpected(check, expected, Optional.ofNullable(outcomes.get(check.id()))));
            }
        }
        return found;
    }
}
