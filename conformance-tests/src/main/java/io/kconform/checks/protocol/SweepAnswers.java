package io.kconform.checks.protocol;

import io.kconform.api.outcome.HarnessException;
import io.kconform.api.wire.ErrorFields.ErrorField;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

/**
 * The error codes each API may answer the sweep's minimal request with (see {@link SweepRequests}),
 * besides NONE, kept as data in {@value #RESOURCE} with the reason per API. UNKNOWN_SERVER_ERROR is
 * never allowed: a target that fails on a harmless request has not served it. UNSUPPORTED_VERSION is
 * never listed either: the sweep reports it as a clean refusal, not judged here. Pure: no network.
 */
final class SweepAnswers {

    /** The resource, next to this class. */
    static final String RESOURCE = "sweep-answers.tsv";

    /** What one API may answer, and why. */
    record Rule(ApiKeys api, Set<Errors> allowed, String note) {

        /** The allowed codes as a reader sees them: NONE first, then the API's own. */
        String describeAllowed() {
            return allowed.isEmpty() ? "NONE" : "NONE, " + allowed.stream().map(Errors::name)
                    .collect(Collectors.joining(", "));
        }
    }

    private final Map<ApiKeys, Rule> rules;

    private SweepAnswers(Map<ApiKeys, Rule> rules) {
        this.rules = Collections.unmodifiableMap(rules);
    }

    /** The answers of {@value #RESOURCE}, read from the class path once. */
    static SweepAnswers standard() {
        return Standard.ANSWERS;
    }

    private static final class Standard {
        static final SweepAnswers ANSWERS = read();
    }

    private static SweepAnswers read() {
        try (InputStream in = SweepAnswers.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new HarnessException("resource " + RESOURCE + " is missing from the class path");
            }
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList());
        } catch (IOException e) {
            throw new HarnessException("cannot read " + RESOURCE + ": " + e.getMessage(), e);
        }
    }

    /**
     * Parses tab-separated lines {@code API errors note}: the API as named in {@link ApiKeys}, its
     * errors comma-separated as named in {@link Errors} ({@code -} for none). Blank lines and lines
     * starting with {@code #} are ignored.
     *
     * @throws IllegalArgumentException naming the bad line
     */
    static SweepAnswers parse(List<String> lines) {
        Map<ApiKeys, Rule> rules = new EnumMap<>(ApiKeys.class);
        int number = 0;
        for (String line : lines) {
            number++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split("\t");
            if (fields.length != 3) {
                throw new IllegalArgumentException("line " + number + ": expected 3 tab-separated fields: " + line);
            }
            try {
                ApiKeys api = ApiKeys.valueOf(fields[0].strip());
                Set<Errors> allowed = EnumSet.noneOf(Errors.class);
                if (!fields[1].strip().equals("-")) {
                    for (String name : fields[1].split(",")) {
                        allowed.add(Errors.valueOf(name.strip()));
                    }
                }
                if (allowed.contains(Errors.NONE) || allowed.contains(Errors.UNKNOWN_SERVER_ERROR)
                        || allowed.contains(Errors.UNSUPPORTED_VERSION)) {
                    throw new IllegalArgumentException("line " + number + ": NONE is always allowed, UNKNOWN_SERVER_ERROR"
                            + " never, and UNSUPPORTED_VERSION is not judged here: " + line);
                }
                if (rules.put(api, new Rule(api, Collections.unmodifiableSet(allowed), fields[2].strip())) != null) {
                    throw new IllegalArgumentException("line " + number + ": " + api + " listed twice");
                }
            } catch (IllegalArgumentException e) {
                throw e.getMessage() != null && e.getMessage().startsWith("line ") ? e
                        : new IllegalArgumentException("line " + number + ": " + e.getMessage() + ": " + line, e);
            }
        }
        return new SweepAnswers(rules);
    }

    /** What {@code api} may answer. */
    Rule rule(ApiKeys api) {
        Rule rule = rules.get(api);
        if (rule == null) {
            throw new HarnessException(RESOURCE + " says nothing about " + api.name + ": add what its minimal"
                    + " request may be answered with");
        }
        return rule;
    }

    /** The APIs this file has a rule for. */
    Set<ApiKeys> apis() {
        return rules.keySet();
    }

    /**
     * The fields of an answer to {@code api}'s minimal request that carry a code it cannot produce:
     * neither NONE, nor UNSUPPORTED_VERSION (judged apart, as a refusal), nor one of the API's own.
     * UNKNOWN_SERVER_ERROR and codes this client does not know are always among them.
     */
    List<ErrorField> unexpected(ApiKeys api, List<ErrorField> fields) {
        Set<Errors> allowed = rule(api).allowed();
        return fields.stream().filter(f -> f.error().map(e -> e != Errors.NONE && e != Errors.UNSUPPORTED_VERSION
                && !allowed.contains(e)).orElse(true)).toList();
    }
}
