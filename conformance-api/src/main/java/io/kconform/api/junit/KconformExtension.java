package io.kconform.api.junit;

import io.kconform.api.CheckDescriptor;
import io.kconform.api.CheckFamilies;
import io.kconform.api.CheckIdGlob;
import io.kconform.api.FamilyMembers;
import io.kconform.api.Outcome;
import io.kconform.api.context.CheckContext;
import io.kconform.api.context.CheckOptions;
import io.kconform.api.context.TargetContext;
import io.kconform.api.outcome.Circumstances;
import io.kconform.api.outcome.Classification;
import io.kconform.api.outcome.NotAssessableHereException;
import io.kconform.api.outcome.OutcomeClassifier;
import io.kconform.api.outcome.TargetFaultError;
import io.kconform.api.outcome.UnsupportedFeatureException;
import io.kconform.api.target.Facility;
import io.kconform.api.target.Target;
import io.kconform.api.target.TargetFacts;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;

/**
 * Gives checks their target and enforces their declarations. Registered by {@link io.kconform.api.Check};
 * a class whose fixtures need the target registers it too, with {@code @ExtendWith}.
 *
 * <ul>
 *   <li>Resolves {@link CheckContext} for a check method and {@link TargetContext} or {@link Target}
 *       for any method, including {@code @BeforeAll} fixtures. Contexts close when their test or class ends.</li>
 *   <li>Before a check runs, decides its {@link io.kconform.api.RequiresApi} and
 *       {@link io.kconform.api.RequiresFeature} against the target's probe; unmet, the check ends as
 *       UNSUPPORTED without running; before that, its {@link io.kconform.api.RequiresFacility} and
 *       {@link io.kconform.api.RequiresBrokers} against the target itself: unmet, the check is not
 *       applicable here and ends as SKIPPED without running.</li>
 *   <li>Runs a {@link io.kconform.api.CheckFamily} method once per member, as a test template
 *       invocation named by the member's id, and gives it the member's argument; with
 *       {@value #SELECTED_MEMBERS_KEY} set, only the members it lists.</li>
 *   <li>Classifies what a check or fixture threw in its {@link Circumstances} (the target's facts, the
 *       feature the check marked {@linkplain CheckContext#accepted accepted}) and rethrows a clean
 *       refusal (UNSUPPORTED) as an {@link UnsupportedFeatureException}, so that plain JUnit runs show it
 *       as skipped, and the target's fault (FAIL) that is not an assertion as a {@link TargetFaultError}
 *       carrying the message only the circumstances allow (a reply's version, the accepted feature), so
 *       that the harness, which sees only the throwable, classifies it alike.</li>
 *   <li>Runs check methods and {@code @BeforeAll} / {@code @BeforeEach} fixtures through the run's
 *       {@link CheckThreads}, when the harness registered them, so that it can interrupt every one of them
 *       when the target stops answering.</li>
 * </ul>
 *
 * <p>The target comes from the configuration parameter {@value TargetRegistry#TARGET_KEY} (set by the
 * kconform harness) or, in a plain JUnit run such as a vendor's Maven build, from
 * {@value StandaloneTarget#BOOTSTRAP_KEY} and {@value StandaloneTarget#CLIENT_PROPERTIES_KEY}; such a run
 * selects checks with {@value #CHECK_KEY}, and its target deletes what the run created when the run ends
 * ({@link StandaloneTarget}).
 */
public final class KconformExtension implements BeforeEachCallback, ParameterResolver,
        TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler, TestTemplateInvocationContextProvider,
        InvocationInterceptor, ExecutionCondition {

    /** Evidence lines are published as report entries under this key. */
    public static final String EVIDENCE_KEY = "kconform.evidence";

    /**
     * Configuration parameter: the ids of the family members to run, comma-separated. Absent, every
     * member of a selected family runs (a plain JUnit run); the harness sets it to its selection.
     */
    public static final String SELECTED_MEMBERS_KEY = "kconform.family.selected";

    /**
     * Configuration parameter of a plain JUnit run: the checks to run, as comma-separated id globs the way
     * {@code kconform run --check} takes them. Absent, every check runs. A class none of whose checks is selected
     * does not start, so its fixtures (a Connect worker, a Streams application) do not either. The harness selects
     * on its own and ignores it.
     */
    public static final String CHECK_KEY = "kconform.check";

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KconformExtension.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        CheckDescriptor check = descriptor(context);
        if (check == null) {
            return;
        }
        Target target = target(context);
        List<String> inapplicable = inapplicability(check, target);
        if (!inapplicable.isEmpty()) {
            throw new NotAssessableHereException(String.join("; ", inapplicable));
        }
        List<String> unmet = unmetRequirements(check, target.facts());
        if (!unmet.isEmpty()) {
            throw new UnsupportedFeatureException("the target does not offer " + String.join(", ", unmet));
        }
    }

    /**
     * Why {@code check} does not apply to {@code target}, one reason per unmet facility or size
     * requirement; empty when it applies. Not the target's lack: such a check is SKIPPED.
     */
    public static List<String> inapplicability(CheckDescriptor check, Target target) {
        List<String> reasons = new ArrayList<>();
        for (Facility facility : check.requiredFacilities()) {
            if (!facility.offeredBy(target)) {
                reasons.add(facility.missingReason());
            }
        }
        // Every target has a broker: a probe that learnt of none (DescribeCluster refused) says nothing
        // about a check that needs one, only about checks that need several.
        int brokers = target.facts().nodes().size();
        if (check.minBrokers() > 1 && brokers < check.minBrokers()) {
            reasons.add("not applicable: needs a cluster of at least " + check.minBrokers() + " brokers; the target"
                    + (brokers == 0 ? "'s brokers are unknown (DescribeCluster was not answered)" : " has " + brokers));
        }
        return reasons;
    }

    /** The requirements of {@code check} that {@code facts} do not meet, described for the report. */
    public static List<String> unmetRequirements(CheckDescriptor check, TargetFacts facts) {
        List<String> unmet = new ArrayList<>();
        for (CheckDescriptor.ApiRequirement api : check.requiredApis()) {
            if (!facts.advertises(api.api())) {
                unmet.add(api.api().name + " (not advertised in ApiVersions)");
            } else if (!facts.advertisesAtLeast(api.api(), api.minVersion())) {
                unmet.add(api.api().name + " v" + api.minVersion() + " (advertised up to v"
                        + facts.range(api.api()).orElseThrow().max() + ")");
            }
        }
        for (CheckDescriptor.FeatureRequirement feature : check.requiredFeatures()) {
            short level = facts.finalizedLevel(feature.feature()).orElse((short) 0);
            if (level < feature.minLevel()) {
                unmet.add(feature.feature() + " level " + feature.minLevel() + " (finalized at " + level + ")");
            }
        }
        return unmet;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return resolves(parameter.getParameter().getType());
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        Target target = target(context);
        if (type == Target.class) {
            return target;
        }
        CheckDescriptor check = descriptor(context);
        if (type == CheckContext.class) {
            if (check == null) {
                throw new ParameterResolutionException("a CheckContext is only for @Check methods; fixtures take a"
                        + " TargetContext");
            }
            // One per check, kept under a known key: what it was told is accepted decides a later refusal.
            // Run options are configuration parameters: the harness sets them, a plain JUnit run as it sets any.
            return context.getStore(NAMESPACE).computeIfAbsent(CheckContext.class, key -> new CheckContext(target,
                    check, line -> context.publishReportEntry(Map.of(EVIDENCE_KEY, line)),
                    name -> context.getConfigurationParameter(CheckOptions.PREFIX + name)), CheckContext.class);
        }
        String owner = context.getTestClass().map(Class::getSimpleName).orElse("fixture");
        TargetContext fixtureContext = new TargetContext(target, owner);
        context.getStore(NAMESPACE).put(new Object(), fixtureContext);
        return fixtureContext;
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable thrown) throws Throwable {
        throw classified(context, thrown);
    }

    @Override
    public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable thrown) throws Throwable {
        throw classified(context, thrown);
    }

    @Override
    public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable thrown) throws Throwable {
        throw classified(context, thrown);
    }

    /** What to rethrow so that anyone who classifies it alone gets what its circumstances say. */
    static Throwable classified(Throwable thrown, Circumstances circumstances) {
        if (thrown instanceof UnsupportedFeatureException || thrown instanceof AssertionError) {
            return thrown;
        }
        Classification classification = OutcomeClassifier.classify(thrown, circumstances);
        if (classification.outcome() == Outcome.UNSUPPORTED) {
            return new UnsupportedFeatureException(classification.message(), thrown);
        }
        if (classification.outcome() == Outcome.FAIL) {
            return new TargetFaultError(classification.message(), thrown);
        }
        return thrown;
    }

    private static Throwable classified(ExtensionContext context, Throwable thrown) {
        return classified(thrown, circumstances(context));
    }

    private static Circumstances circumstances(ExtensionContext context) {
        Circumstances circumstances;
        try {
            circumstances = Circumstances.of(target(context).facts());
        } catch (RuntimeException e) {
            // no target to ask (a misconfigured plain JUnit run): the throwable alone decides
            circumstances = Circumstances.NONE;
        }
        CheckContext check = context.getStore(NAMESPACE).get(CheckContext.class, CheckContext.class);
        if (check != null && check.acceptedFeature().isPresent()) {
            circumstances = circumstances.accepted(check.acceptedFeature().get());
        }
        return circumstances;
    }

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> method,
                                    ExtensionContext context) throws Throwable {
        interruptible(invocation, context);
    }

    @Override
    public void interceptTestTemplateMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> method,
                                            ExtensionContext context) throws Throwable {
        interruptible(invocation, context);
    }

    @Override
    public void interceptBeforeAllMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> method,
                                         ExtensionContext context) throws Throwable {
        interruptible(invocation, context);
    }

    @Override
    public void interceptBeforeEachMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> method,
                                          ExtensionContext context) throws Throwable {
        interruptible(invocation, context);
    }

    /** Teardown ({@code @AfterEach}, {@code @AfterAll}) is not interruptible: it releases what the run holds. */
    private static void interruptible(Invocation<Void> invocation, ExtensionContext context) throws Throwable {
        Optional<CheckThreads> threads = context.getConfigurationParameter(TargetRegistry.TARGET_KEY)
                .flatMap(CheckThreads::lookup);
        if (threads.isPresent()) {
            threads.get().run(invocation);
        } else {
            invocation.proceed();
        }
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<Predicate<String>> selection = plainSelection(context);
        if (selection.isEmpty()) {
            return ConditionEvaluationResult.enabled("every check is selected");
        }
        List<String> ids = context.getTestMethod().map(method -> idsOf(method, context.getDisplayName()))
                .or(() -> context.getTestClass().map(KconformExtension::idsOf))
                .orElse(List.of());
        if (ids.isEmpty() || ids.stream().anyMatch(selection.get())) {
            return ConditionEvaluationResult.enabled("selected by " + CHECK_KEY);
        }
        return ConditionEvaluationResult.disabled("not selected by " + CHECK_KEY + "="
                + context.getConfigurationParameter(CHECK_KEY).orElse(""));
    }

    /** The selection of a plain JUnit run by {@link #CHECK_KEY}; empty under the harness or without the parameter. */
    private static Optional<Predicate<String>> plainSelection(ExtensionContext context) {
        if (context.getConfigurationParameter(TargetRegistry.TARGET_KEY).isPresent()) {
            return Optional.empty();
        }
        return context.getConfigurationParameter(CHECK_KEY).map(CheckIdGlob::anyOf);
    }

    /** The check ids a test method stands for: its own, the member an invocation names, or a family's members. */
    private static List<String> idsOf(Method method, String displayName) {
        Optional<CheckDescriptor> check = CheckFamilies.checkOf(method, displayName);
        if (check.isPresent()) {
            return List.of(check.get().id());
        }
        return CheckFamilies.members(method).stream().map(member -> member.check().id()).toList();
    }

    /** The check ids of every check method of a class and of the classes it extends. */
    private static List<String> idsOf(Class<?> type) {
        List<String> ids = new ArrayList<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Method method : c.getDeclaredMethods()) {
                ids.addAll(idsOf(method, method.getName()));
            }
        }
        return ids;
    }

    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        return context.getTestMethod().map(CheckFamilies::isFamily).orElse(false);
    }

    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
        Method method = context.getRequiredTestMethod();
        Optional<Set<String>> selected = context.getConfigurationParameter(SELECTED_MEMBERS_KEY)
                .map(ids -> Arrays.stream(ids.split(",")).map(String::strip).filter(id -> !id.isEmpty())
                        .collect(Collectors.toSet()));
        Predicate<String> plain = plainSelection(context).orElse(id -> true);
        return CheckFamilies.members(method).stream()
                .filter(member -> selected.map(ids -> ids.contains(member.check().id())).orElse(true))
                .filter(member -> plain.test(member.check().id()))
                .map(MemberInvocation::new);
    }

    @Override
    public boolean mayReturnZeroTestTemplateInvocationContexts(ExtensionContext context) {
        // The harness selects a family when one of its members is selected; a plain run of a class
        // whose family has no member selected is not an error.
        return true;
    }

    /**
     * The check a context belongs to: the {@link io.kconform.api.Check} of its method, or, for an
     * invocation of a family, the member its display name (the member's id) names.
     */
    private static CheckDescriptor descriptor(ExtensionContext context) {
        return context.getTestMethod().flatMap(method -> CheckFamilies.checkOf(method, context.getDisplayName()))
                .orElse(null);
    }

    /** One member of a family as a test template invocation: named by its id, given its argument. */
    private record MemberInvocation(FamilyMembers.Member member) implements TestTemplateInvocationContext {

        @Override
        public String getDisplayName(int invocationIndex) {
            return member.check().id();
        }

        @Override
        public List<Extension> getAdditionalExtensions() {
            return List.of(new ParameterResolver() {
                @Override
                public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
                    return parameter.getParameter().getType().isInstance(member.argument())
                            && !KconformExtension.resolves(parameter.getParameter().getType());
                }

                @Override
                public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
                    return member.argument();
                }
            });
        }
    }

    private static boolean resolves(Class<?> type) {
        return type == CheckContext.class || type == TargetContext.class || type == Target.class;
    }

    private static Target target(ExtensionContext context) {
        java.util.Optional<String> key = context.getConfigurationParameter(TargetRegistry.TARGET_KEY);
        if (key.isPresent()) {
            return TargetRegistry.lookup(key.get()).orElseThrow(() -> new ExtensionConfigurationException(
                    "no target is registered under " + key.get()));
        }
        return StandaloneTarget.get(context);
    }
}
