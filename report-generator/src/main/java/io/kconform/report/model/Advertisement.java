package io.kconform.report.model;

import io.kconform.api.Capability;
import java.util.Map;

/**
 * What a target advertised when it was probed, as far as the verdict needs it: which optional capabilities it
 * claims. Immutable.
 *
 * @param apiVersions       advertised range per API name, as {@link TargetReport#apiVersions()} holds them
 * @param finalizedFeatures finalized feature levels
 */
public record Advertisement(Map<String, String> apiVersions, Map<String, Short> finalizedFeatures) {

    /** Nothing known: no capability is claimed. */
    public static final Advertisement NOTHING = new Advertisement(Map.of(), Map.of());

    public Advertisement {
        apiVersions = Map.copyOf(apiVersions);
        finalizedFeatures = Map.copyOf(finalizedFeatures);
    }

    /** What a target report says was advertised. */
    public static Advertisement of(TargetReport target) {
        return new Advertisement(target.apiVersions(), target.finalizedFeatures());
    }

    /**
     * Whether the target claims {@code capability}: it advertises one of the API keys that exist for it alone,
     * or finalizes the feature that switches it on at its level.
     */
    public boolean claims(Capability capability) {
        boolean api = capability.apis().stream().anyMatch(key -> apiVersions.containsKey(key.name));
        boolean feature = capability.feature()
                .map(f -> finalizedFeatures.getOrDefault(f.name(), (short) 0) >= f.level()).orElse(false);
        return api || feature;
    }
}
