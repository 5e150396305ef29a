package io.kconform.harness.proof;

import io.kconform.api.Outcome;
import io.kconform.api.outcome.OutcomeClassifier;
import io.kconform.report.model.CheckResult;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Judges what a FAIL says first: a sentence a vendor can act on, not the raw text of an assertion library or a
 * stack trace. The headline is the message without the assertion text that may follow it as evidence
 * ({@link OutcomeClassifier#headline}), and without the harness's "fixture failed: " for a class's fixture.
 */
final class FailHeadlines {

    private static final String FIXTURE = "fixture failed: ";

    /** How raw text starts: AssertJ's and JUnit's own words, a bracketed description left as it is, a type name. */
    private static final List<String> RAW_STARTS = List.of("Expecting", "expected:", "Expected:", "expected <",
            "[", "java.", "javax.", "org.", "io.", "kafka.");

    /** A fully qualified name of kconform's own code, or of the assertion library. */
    private static final Pattern CLASS_NAME = Pattern.compile("\\b(io\\.kconform|org\\.assertj|org\\.opentest4j)\\.");

    private FailHeadlines() {
    }

    /** The headline of a FAIL's message. */
    static String headline(String message) {
        String headline = OutcomeClassifier.headline(message).strip();
        return headline.startsWith(FIXTURE) ? headline.substring(FIXTURE.length()).strip() : headline;
    }

    /** Why a headline is not a sentence a vendor acts on; empty when it is. */
    static List<String> problems(String headline) {
        List<String> problems = new ArrayList<>();
        if (headline.isBlank()) {
            problems.add("says nothing");
        }
        RAW_STARTS.stream().filter(headline::startsWith).findFirst()
                .ifPresent(start -> problems.add("starts with '" + start + "', as raw assertion text does"));
        if (CLASS_NAME.matcher(headline).find()) {
            problems.add("names a class of kconform or of the assertion library");
        }
        return problems;
    }

    /** Each FAIL among {@code results} whose headline is not a sentence: its id, headline and why. */
    static List<String> offenders(List<CheckResult> results) {
        List<String> offenders = new ArrayList<>();
        for (CheckResult result : results) {
            if (result.outcome() != Outcome.FAIL) {
                continue;
            }
            String headline = headline(result.message());
            List<String> problems = problems(headline);
            if (!problems.isEmpty()) {
                offenders.add(result.id() + ": \"" + headline + "\" " + String.join(", ", problems));
            }
        }
        return offenders;
    }
}
