package io.kconform.harness.run;

import io.kconform.api.Battery;
import io.kconform.api.CheckDescriptor;
import io.kconform.api.CheckIdGlob;
import io.kconform.api.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which checks a run selects: by battery, by id glob, and up to a certification level. Criteria of
 * one kind are alternatives; criteria of different kinds must all hold. No criteria select every
 * check. Immutable.
 *
 * @param batteries batteries to run; empty for all
 * @param globs     id globs ({@code *} matches within a segment or across, {@code ?} one character); empty for all
 * @param upTo      run only checks of this level and the levels below it; empty for all levels
 */
public record CheckSelection(Set<Battery> batteries, List<String> globs, Optional<Level> upTo) {

    public CheckSelection {
        batteries = Set.copyOf(batteries);
        globs = List.copyOf(globs);
    }

    /** Every check. */
    public static CheckSelection all() {
        return new CheckSelection(Set.of(), List.of(), Optional.empty());
    }

    /** Whether the selection takes a check. */
    public boolean includes(CheckDescriptor check) {
        if (!batteries.isEmpty() && !batteries.contains(check.battery())) {
            return false;
        }
        if (upTo.isPresent() && check.level().compareTo(upTo.get()) > 0) {
            return false;
        }
        return globs.isEmpty()
                || globs.stream().anyMatch(glob -> CheckIdGlob.toRegex(glob).matcher(check.id()).matches());
    }

    /**
     * The checks of the catalog the selection takes.
     *
     * @throws IllegalArgumentException when a glob matches no check at all, or nothing is selected
     */
    public List<CheckDescriptor> apply(CheckCatalog catalog) {
        List<String> unmatched = new ArrayList<>();
        for (String glob : globs) {
            Pattern pattern = CheckIdGlob.toRegex(glob);
            if (catalog.checks().stream().noneMatch(c -> pattern.matcher(c.id()).matches())) {
                unmatched.add(glob);
            }
        }
        if (!unmatched.isEmpty()) {
            throw new IllegalArgumentException("no check matches " + String.join(", ", unmatched)
                    + " ('kconform list' prints every check id; '*' matches any characters)");
        }
        List<CheckDescriptor> selected = catalog.checks().stream().filter(this::includes).toList();
        if (selected.isEmpty()) {
            throw new IllegalArgumentException("the selection " + describe() + " takes no check");
        }
        return selected;
    }

    /** The selection as the command line would say it. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        batteries.stream().sorted().forEach(b -> parts.add("--battery " + b.id()));
        globs.forEach(g -> parts.add("--check " + g));
        upTo.ifPresent(l -> parts.add("--level " + l.id()));
        return parts.isEmpty() ? "all checks" : String.join(" ", parts);
    }

}
