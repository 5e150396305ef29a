package io.kconform.api.outcome;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an AssertJ failure says was expected and came back, in plain words, for the shapes checks fail with most
 * (values not equal, an Optional empty or not, null, a type, a bound): {@code expected: 3 but was: 2} gives
 * "expected 3, came back 2". Fully qualified class names become simple ones; long values are shortened. Pure and
 * stateless; a shape it does not know gives nothing, and the raw text stays the evidence.
 */
final class AssertionWords {

    private static final int LONGEST_VALUE = 160;
    private static final Pattern QUALIFIED = Pattern.compile("\\b(?:[a-z][a-z0-9_]*\\.)+([A-Z][\\w$]*(?:\\.[A-Z][\\w$]*)*)");

    /** One shape of AssertJ text and how to say it. */
    private record Shape(Pattern pattern, Function<Matcher, String[]> expectedAndActual) {
        Shape(String regex, Function<Matcher, String[]> expectedAndActual) {
            this(Pattern.compile(regex, Pattern.DOTALL), expectedAndActual);
        }
    }

    private static final List<Shape> SHAPES = List.of(
            new Shape("expected: (.+?) but was: (.+?)(?: when comparing values using .*)?",
                    m -> new String[] {m.group(1), m.group(2)}),
            new Shape("Expecting Optional to contain a value but it was empty\\.?",
                    m -> new String[] {"a value", "none"}),
            new Shape("Expecting actual not to be null\\.?", m -> new String[] {"a value", "null"}),
            new Shape("Expecting an empty Optional but was containing value: (.+)",
                    m -> new String[] {"none", m.group(1)}),
            new Shape("Expecting empty but was: (.+)", m -> new String[] {"nothing", m.group(1)}),
            new Shape("Expecting actual: (.+?) to be an instance of: (.+?) but was instance of: .+",
                    m -> new String[] {m.group(2), m.group(1)}),
            new Shape("Expecting actual: (.+?) not to be an instance of: (.+)",
                    m -> new String[] {"anything but " + m.group(2), m.group(1)}),
            new Shape("Expecting actual not to be empty\\.?", m -> new String[] {"something", "nothing"}),
            new Shape("Expecting actual: (.+?) to contain exactly \\(and in same order\\): (.+?) (?:but|and|elements not) .+",
                    m -> new String[] {"exactly " + m.group(2), m.group(1)}),
            new Shape("Expecting actual: (.+?) to contain exactly in any order: (.+?) (?:but|and|elements not) .+",
                    m -> new String[] {"exactly " + m.group(2) + " in any order", m.group(1)}),
            new Shape("Expecting actual: (.+?) to contain only: (.+?) (?:but|and|elements not) .+",
                    m -> new String[] {"only " + m.group(2), m.group(1)}),
            new Shape("Expecting actual: (.+?) to contain: (.+?) but could not find the following element\\(s\\): .+",
                    m -> new String[] {"to contain " + m.group(2), m.group(1)}),
            new Shape("Expecting actual: (.+?) to contain keys?: (.+)", m -> new String[] {"key " + m.group(2), m.group(1)}),
            new Shape("Expecting actual: (.+?) to be in: (.+)", m -> new String[] {"one of " + m.group(2), m.group(1)}),
            // isPositive() and isNegative() say "greater than: 0" and "less than: 0"
            new Shape("Expecting actual: (.+?) to be (greater than|less than|greater than or equal to"
                    + "|less than or equal to): (.+)", m -> new String[] {m.group(2) + " " + m.group(3), m.group(1)}));

    private AssertionWords() {
    }

    /** "expected E, came back A" for AssertJ's text on one line, or empty for a shape it does not know. */
    static Optional<String> of(String assertionText) {
        for (Shape shape : SHAPES) {
            Matcher matcher = shape.pattern().matcher(assertionText.strip());
            if (matcher.matches()) {
                String[] words = shape.expectedAndActual().apply(matcher);
                return Optional.of("expected " + value(words[0]) + ", came back " + value(words[1]));
            }
        }
        return Optional.empty();
    }

    private static String value(String text) {
        String simple = QUALIFIED.matcher(text.strip()).replaceAll("$1");
        return simple.length() <= LONGEST_VALUE ? simple : simple.substring(0, LONGEST_VALUE - 3) + "...";
    }
}
