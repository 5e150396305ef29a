package io.kconform.api;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import io.kconform.api.target.Facility;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * Everything a check declares about itself, read from its annotations. Immutable.
 *
 * @param id           the stable id, {@code <battery>.<area>.<what>}
 * @param title        one sentence saying what is verified
 * @param battery      the battery
 * @param level        the certification level it counts towards
 * @param strength     MUST, SHOULD or MAY
 * @param spec         KIPs and documentation references
 * @param hint         what to look at when it fails
 * @param requiredApis API keys and minimum versions the target must advertise
 * @param requiredFeatures finalized features and minimum levels the target must report
 * @param className    the class that declares the check, for diagnostics
 * @param methodName   the method that implements it, for diagnostics
 * @param requiredFacilities what the target must give beyond the protocol (broker control, ...)
 * @param minBrokers   the fewest brokers the check runs with; 1 when it declares none
 * @param capability   the optional, newer capability the check exercises; such a check never decides a level
 * @param clusterChange what the check changes of the whole cluster ({@link ChangesCluster}); empty when it only
 *                      touches what it creates under the run's prefix
 */
public record CheckDescriptor(
        String id,
        String title,
        Battery battery,
        Level level,
        Strength strength,
        List<String> spec,
        String hint,
        List<ApiRequirement> requiredApis,
        List<FeatureRequirement> requiredFeatures,
        String className,
        String methodName,
        List<Facility> requiredFacilities,
        int minBrokers,
        Optional<Capability> capability,
        Optional<String> clusterChange) {

    /** The shape of every check id: three or more lower-case, hyphenated, dot-separated segments. */
    public static final Pattern ID_PATTERN = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*(\\.[a-z0-9]+(-[a-z0-9]+)*){2,}");

    /** An API the check needs, at least at a version. */
    public record ApiRequirement(ApiKeys api, short minVersion) {
        @Override
        public String toString() {
            return api.name + " v" + minVersion + "+";
        }
    }

    /** A finalized feature the check needs, at least at a level. */
    public record FeatureRequirement(String feature, short minLevel) {
        @Override
        public String toString() {
            return feature + " >= " + minLevel;
        }
    }

    public CheckDescriptor {
        spec = List.copyOf(spec);
        requiredApis = List.copyOf(requiredApis);
        requiredFeatures = List.copyOf(requiredFeatures);
        requiredFacilities = List.copyOf(requiredFacilities);
        capability = capability == null ? Optional.empty() : capability;
        clusterChange = clusterChange == null ? Optional.empty() : clusterChange.filter(what -> !what.isBlank());
        if (minBrokers < 1) {
            throw new IllegalArgumentException("a check needs at least one broker, not " + minBrokers);
        }
    }

    /** A check that needs no facility, runs on a single broker and belongs to no capability. */
    public CheckDescriptor(String id, String title, Battery battery, Level level, Strength strength, List<String> spec,
                           String hint, List<ApiRequirement> requiredApis, List<FeatureRequirement> requiredFeatures,
                           String className, String methodName) {
        this(id, title, battery, level, strength, spec, hint, requiredApis, requiredFeatures, className, methodName,
                List.of(), 1, Optional.empty(), Optional.empty());
    }

    /** A check as the canonical constructor makes it, that changes nothing of the whole cluster. */
    public CheckDescriptor(String id, String title, Battery battery, Level level, Strength strength, List<String> spec,
                           String hint, List<ApiRequirement> requiredApis, List<FeatureRequirement> requiredFeatures,
                           String className, String methodName, List<Facility> requiredFacilities, int minBrokers,
                           Optional<Capability> capability) {
        this(id, title, battery, level, strength, spec, hint, requiredApis, requiredFeatures, className, methodName,
                requiredFacilities, minBrokers, capability, Optional.empty());
    }

    /** This descriptor, as a check of {@code capability}. */
    public CheckDescriptor ofCapability(Capability capability) {
        return new CheckDescriptor(id, title, battery, level, strength, spec, hint, requiredApis, requiredFeatures,
                className, methodName, requiredFacilities, minBrokers, Optional.of(capability), clusterChange);
    }

    /** This descriptor, as a check that changes {@code what} of the whole cluster ({@link ChangesCluster}). */
    public CheckDescriptor changingCluster(String what) {
        return new CheckDescriptor(id, title, battery, level, strength, spec, hint, requiredApis, requiredFeatures,
                className, methodName, requiredFacilities, minBrokers, capability, Optional.of(what));
    }

    /** Whether this check decides its level: every MUST check does, but for those of a capability. */
    public boolean gatesLevel() {
        return strength == Strength.MUST && capability.isEmpty();
    }

    /**
     * Reads the descriptor of a check method.
     *
     * @return empty when the method is not annotated with {@link Check}
     */
    public static Optional<CheckDescriptor> of(Method method) {
        Check check = method.getAnnotation(Check.class);
        if (check == null) {
            return Optional.empty();
        }
        List<ApiRequirement> apis = new ArrayList<>();
        for (RequiresApi api : method.getAnnotationsByType(RequiresApi.class)) {
            apis.add(new ApiRequirement(api.value(), api.minVersion()));
        }
        List<FeatureRequirement> features = new ArrayList<>();
        for (RequiresFeature feature : method.getAnnotationsByType(RequiresFeature.class)) {
            features.add(new FeatureRequirement(feature.value(), feature.minLevel()));
        }
        RequiresFacility facilities = method.getAnnotation(RequiresFacility.class);
        RequiresBrokers brokers = method.getAnnotation(RequiresBrokers.class);
        OfCapability capability = method.getAnnotation(OfCapability.class);
        ChangesCluster change = method.getAnnotation(ChangesCluster.class);
        return Optional.of(new CheckDescriptor(check.id(), check.title(), check.battery(), check.level(),
                check.strength(), List.of(check.spec()), check.hint(), apis, features,
                method.getDeclaringClass().getName(), method.getName(),
                facilities == null ? List.of() : List.of(facilities.value()),
                brokers == null ? 1 : brokers.value(),
                capability == null ? Optional.empty() : Optional.of(capability.value()),
                change == null ? Optional.empty() : Optional.of(change.value())));
    }

    /**
     * The problems with this declaration, empty when it is well formed: the id's shape, the id's
     * first segment against the battery, blank title or hint.
     */
    public List<String> declarationProblems() {
        List<String> problems = new ArrayList<>();
        if (!ID_PATTERN.matcher(id).matches()) {
            problems.add("id '" + id + "' is not of the form <battery>.<area>.<what> in lower case with hyphens");
        }
        if (!id.startsWith(battery.id() + ".")) {
            problems.add("id '" + id + "' does not start with its battery '" + battery.id() + ".'");
        }
        if (title.isBlank()) {
            problems.add("check " + id + " has no title");
        }
        if (hint.isBlank()) {
            problems.add("check " + id + " has no hint");
        }
        return problems;
    }

    /** The spec references and requirements together, as the report lists them. */
    public List<String> references() {
        List<String> references = new ArrayList<>(spec);
        requiredApis.forEach(api -> references.add(api.toString()));
        requiredFeatures.forEach(feature -> references.add(feature.toString()));
        if (minBrokers > 1) {
            references.add(minBrokers + "+ brokers");
        }
        requiredFacilities.forEach(facility -> references.add(
                facility.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')));
        return references;
    }
}
