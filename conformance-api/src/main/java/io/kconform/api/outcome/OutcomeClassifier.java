package io.kconform.api.outcome;

import io.kconform.api.JavaClients;
import io.kconform.api.Outcome;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import io.kconform.api.wire.WireException;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.apache.kafka.common.errors.UnsupportedCompressionTypeException;
import org.apache.kafka.common.errors.UnsupportedForMessageFormatException;
import org.apache.kafka.common.errors.UnsupportedSaslMechanismException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.opentest4j.TestAbortedException;

/**
 * The one place that maps what a check threw to an {@link Outcome}: who is at fault decides. Stateless
 * and thread-safe.
 *
 * <p>The rules, in order of precedence over the whole cause chain:
 * <ol>
 *   <li>an {@link AssertionError} anywhere (a {@link TargetFaultError} included): {@link Outcome#FAIL} —
 *       the target behaved wrongly; an AssertJ assertion's description is the sentence the message starts with,
 *       its own text follows as evidence ({@link #failure});</li>
 *   <li>on a JVM running another Java client release than kconform is compiled against ({@link JavaClients}: an
 *       older one, where current clients cannot connect to the target), kconform's own code failing to link
 *       against it ({@link IncompatibleClassChangeError} such as {@link NoSuchMethodError}, {@link NoClassDefFoundError},
 *       {@link EnumConstantNotPresentException}): {@link Outcome#SKIPPED}, not assessable here — the check needs an
 *       API that release lacks, which is neither the target's fault nor the harness's;</li>
 *   <li>the target refusing our credentials or permissions ({@link AuthenticationException},
 *       {@link AuthorizationException}): {@link Outcome#ERROR} — the set-up, not the feature, is wrong;</li>
 *   <li>{@link UnsupportedFeatureException}, or a clean refusal by the target
 *       ({@link UnsupportedVersionException}, an unsupported compression type, message format or SASL
 *       mechanism, a policy violation, a config it does not accept): {@link Outcome#UNSUPPORTED},
 *       even where the API is advertised — but only at first contact: once the check has marked the
 *       feature {@linkplain Circumstances#acceptedFeature() accepted}, the target's refusal is
 *       {@link Outcome#FAIL} (the check's own {@link UnsupportedFeatureException} stays UNSUPPORTED);</li>
 *   <li>{@link NotApplicableException} or another aborted assumption: {@link Outcome#SKIPPED}, marked not
 *       assessable here for a {@link NotAssessableHereException};</li>
 *   <li>a reply the Java client could not use — its innermost cause thrown in kafka-clients while reading
 *       or handling a response, such as a {@code NullPointerException} on an array the schema allows to be
 *       null where Apache Kafka sends an empty one, or an {@code IllegalArgumentException} on a negative
 *       id ({@link ClientView#unusableReply}) — or a connection the target closed on a request
 *       ({@link ClientView#closedConnection}): {@link Outcome#FAIL}, naming the API and, with the
 *       target's facts, the version the client sends; likewise a timeout where the target's facts say
 *       current Java clients cannot get past its ApiVersions handshake
 *       ({@link io.kconform.api.target.Handshake}); also where a set-up step wrapped either in a
 *       {@link HarnessException};</li>
 *   <li>a set-up step the target did not carry out ({@link SetUpRefusedByTargetException}: a topic the check needs
 *       not created or described, not answered or answered with an error): {@link Outcome#FAIL};</li>
 *   <li>{@link HarnessException}: {@link Outcome#ERROR};</li>
 *   <li>a timeout (Kafka's, Awaitility's, JUnit's), a request the target received and never answered
 *       ({@link WireException#unanswered()}), an answer that cannot be one ({@link WireException#malformed()}),
 *       or any other error the target returned
 *       ({@link ApiException}): {@link Outcome#FAIL} — the target accepted the request and then
 *       hung or answered wrongly;</li>
 *   <li>anything else, a {@code NullPointerException} in the harness's own code included:
 *       {@link Outcome#ERROR} — the harness broke.</li>
 * </ol>
 */
public final class OutcomeClassifier {

    private static final List<Class<? extends Throwable>> CLEAN_REFUSALS = List.of(
            UnsupportedFeatureException.class,
            UnsupportedVersionException.class,
            UnsupportedCompressionTypeException.class,
            UnsupportedForMessageFormatException.class,
            UnsupportedSaslMechanismException.class,
            PolicyViolationException.class,
            InvalidConfigurationException.class);

    /** Between a FAIL's sentence and the assertion text that follows it as evidence. */
    public static final String ASSERTION_EVIDENCE = " -- evidence: ";

    /**
     * AssertJ's message for an assertion with a description: {@code [description] } and then its own text, on the
     * next line (every AssertJ error message starts with a line break) or, for a few, on the same one.
     */
    private static final Pattern DESCRIBED_ASSERTION = Pattern.compile(
            "\\[(.*?)\\] ?(?:\\R|(?=Expecting|expected|Expected))(.+)", Pattern.DOTALL);

    /** Awaitility is optional for checks, so its timeout is matched by name. */
    private static final Set<String> TIMEOUT_TYPES = Set.of("org.awaitility.core.ConditionTimeoutException");

    private OutcomeClassifier() {
    }

    /** A check that returned normally passed. */
    public static Classification passed() {
        return new Classification(Outcome.PASS, "");
    }

    /** Classifies what a check, or the fixture it depends on, threw, knowing nothing else. */
    public static Classification classify(Throwable thrown) {
        return classify(thrown, Circumstances.NONE);
    }

    /**
     * Classifies what a check, or the fixture it depends on, threw, in the check's circumstances: the
     * target's facts name the version of a reply the client could not use, and a feature the check saw
     * accepted turns a later clean refusal into a failure.
     */
    public static Classification classify(Throwable thrown, Circumstances circumstances) {
        List<Throwable> chain = causeChain(thrown);
        for (Throwable t : chain) {
            if (t instanceof AssertionError) {
                return new Classification(Outcome.FAIL, failure(t));
            }
        }
        Optional<Classification> unlinked = notLinked(chain, JavaClients.running(), JavaClients.builtAgainst());
        if (unlinked.isPresent()) {
            return unlinked.get();
        }
        for (Throwable t : chain) {
            // Kafka's AuthorizationException extends InvalidConfigurationException: decide it first.
            if (t instanceof AuthenticationException && !(t instanceof UnsupportedSaslMechanismException)
                    || t instanceof AuthorizationException) {
                return new Classification(Outcome.ERROR, "the target refused the harness's credentials or"
                        + " permissions: " + describe(t));
            }
        }
        for (Throwable t : chain) {
            for (Class<? extends Throwable> refusal : CLEAN_REFUSALS) {
                if (refusal.isInstance(t)) {
                    return refusal(t, circumstances);
                }
            }
        }
        for (Throwable t : chain) {
            if (t instanceof TestAbortedException) {
                return new Classification(Outcome.SKIPPED, describe(t), t instanceof NotAssessableHereException);
            }
        }
        Optional<String> targetFault = ClientView.unusableReply(chain, circumstances.facts())
                .or(() -> ClientView.closedConnection(chain, circumstances.facts()).map(m -> m + handshakeNote(circumstances)))
                .or(() -> timedOutOnRefusedHandshake(chain, circumstances));
        if (targetFault.isPresent()) {
            return new Classification(Outcome.FAIL, targetFault.get());
        }
        for (Throwable t : chain) {
            if (t instanceof SetUpRefusedByTargetException) {
                return new Classification(Outcome.FAIL, "set-up: " + describe(t));
            }
        }
        for (Throwable t : chain) {
            if (t instanceof HarnessException) {
                return new Classification(Outcome.ERROR, describe(t));
            }
        }
        for (int i = 0; i < chain.size(); i++) {
            if (isTimeout(chain.get(i))) {
                return new Classification(Outcome.FAIL, "timed out: " + describe(timeoutSaying(chain, i))
                        + handshakeNote(circumstances));
            }
        }
        for (Throwable t : chain) {
            if (t instanceof WireException wire && wire.unanswered()) {
                return new Classification(Outcome.FAIL, "the target did not answer a request: " + describe(t));
            }
            if (t instanceof WireException wire && wire.malformed()) {
                return new Classification(Outcome.FAIL, "the target answered with bytes that cannot be an answer: "
                        + describe(t));
            }
            if (t instanceof ApiException) {
                return new Classification(Outcome.FAIL, "the target answered with an error: " + describe(t));
            }
        }
        return new Classification(Outcome.ERROR, "harness error: " + describe(thrown));
    }

    /**
     * kconform's code failing to link against the Java client release this JVM runs, where it is not the one
     * kconform is compiled against: what the check needs is missing from that release (a method, a field, a
     * class, an {@code ApiKeys} constant), so the check cannot be assessed with it. Where the releases agree, a
     * linkage error is the build's own fault and stays an ERROR.
     */
    static Optional<Classification> notLinked(List<Throwable> chain, String running, String builtAgainst) {
        Optional<Throwable> unlinked = chain.stream().filter(t -> t instanceof IncompatibleClassChangeError
                || t instanceof NoClassDefFoundError || t instanceof EnumConstantNotPresentException).findFirst();
        if (unlinked.isEmpty() || running.equals(builtAgainst)) {
            return Optional.empty();
        }
        Throwable t = unlinked.get();
        return Optional.of(new Classification(Outcome.SKIPPED, "not assessable with Java clients " + running
                + ": kconform's code for it needs kafka-clients " + builtAgainst + " API that " + running + " lacks ("
                + t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + describe(t)) + ")", true));
    }

    /**
     * A clean refusal is "not offered" at first contact only. After the check marked the feature
     * accepted, the target refusing it is the target going back on what it accepted; the check's own
     * {@link UnsupportedFeatureException} is its deliberate verdict and stands.
     */
    private static Classification refusal(Throwable t, Circumstances circumstances) {
        if (circumstances.acceptedFeature().isPresent() && !(t instanceof UnsupportedFeatureException)) {
            return new Classification(Outcome.FAIL, "refused after the target had accepted "
                    + circumstances.acceptedFeature().get() + " in this check (a clean refusal means \"not offered\""
                    + " only at first contact): " + describe(t));
        }
        return new Classification(Outcome.UNSUPPORTED, describe(t));
    }

    /**
     * A client that timed out on a target whose handshake current Java clients cannot get past (the probe
     * found it closing the connection on the ApiVersions they send): the target's fault, also where a
     * set-up step wrapped the timeout, since the client never had a usable connection.
     */
    private static Optional<String> timedOutOnRefusedHandshake(List<Throwable> chain, Circumstances circumstances) {
        if (handshakeNote(circumstances).isEmpty()) {
            return Optional.empty();
        }
        // a bare timeout (a future's get) says less than the step that waited for it
        return chain.stream().filter(OutcomeClassifier::isTimeout).findFirst()
                .map(t -> "timed out: " + describe(t.getMessage() == null ? chain.get(0) : t)
                        + handshakeNote(circumstances));
    }

    /** Where current Java clients cannot connect, why, to follow a timeout or a closed connection. */
    private static String handshakeNote(Circumstances circumstances) {
        return circumstances.facts().map(f -> f.handshake()).filter(h -> !h.currentClientsConnect())
                .map(h -> " (" + h.summary() + ")").orElse("");
    }

    /**
     * The timeout at {@code index} of {@code chain}, or, when it carries no message (a future's get), the nearest
     * exception wrapping it that does: that one says what was waited for.
     */
    private static Throwable timeoutSaying(List<Throwable> chain, int index) {
        for (int i = index; i >= 0; i--) {
            String message = chain.get(i).getMessage();
            if (message != null && !message.isBlank() && !message.equals(String.valueOf(chain.get(i).getCause()))) {
                return chain.get(i);
            }
        }
        return chain.get(index);
    }

    private static boolean isTimeout(Throwable t) {
        return t instanceof org.apache.kafka.common.errors.TimeoutException
                || t instanceof TimeoutException
                || TIMEOUT_TYPES.contains(t.getClass().getName());
    }

    /** The throwable and its causes, outermost first, each once even if the chain loops. */
    static List<Throwable> causeChain(Throwable thrown) {
        List<Throwable> chain = new ArrayList<>();
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable t = thrown; t != null && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }

    /**
     * What a FAIL says, from the assertion that failed: a check's assertion states in its description what was
     * sent and what was expected ({@code assertThat(x).as("answer to a reassignment to broker %d, which does not
     * exist")}), and AssertJ puts that description first, in brackets, before its own text on what came back
     * ({@code "[description] \nExpecting actual: ..."}). The description becomes the sentence a reader sees first,
     * followed, where AssertJ's text has a shape {@link AssertionWords} knows, by what was expected and what came
     * back in plain words; AssertJ's text follows as evidence, after {@value #ASSERTION_EVIDENCE}. An assertion
     * without a description, and any other message ({@code fail("...")}, a {@link TargetFaultError}), is kept as it is, on one line.
     */
    static String failure(Throwable assertion) {
        String message = assertion.getMessage();
        if (message != null) {
            Matcher described = DESCRIBED_ASSERTION.matcher(message.strip());
            if (described.matches() && !described.group(1).isBlank()) {
                String sentence = oneLine(described.group(1));
                String raw = oneLine(described.group(2));
                return sentence + AssertionWords.of(raw).map(words -> ": " + words).orElse("") + ASSERTION_EVIDENCE + raw;
            }
        }
        return describe(assertion);
    }

    /**
     * The part of a FAIL's message a reader sees first: the sentence, without the assertion text that may follow it
     * as evidence ({@link #failure}).
     */
    public static String headline(String message) {
        int evidence = message.indexOf(ASSERTION_EVIDENCE);
        return evidence < 0 ? message : message.substring(0, evidence);
    }

    private static String oneLine(String text) {
        return text.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    /** One line: the message, or the type's simple name when there is none. */
    static String describe(Throwable t) {
        String message = t.getMessage();
        String text = message == null || message.isBlank() ? t.getClass().getSimpleName() : message;
        if (t instanceof ApiException && !(t instanceof UnsupportedFeatureException)) {
            text = t.getClass().getSimpleName() + ": " + text;
        }
        return text.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
