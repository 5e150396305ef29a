package io.kconform.harness.proxy.mutations;

import io.kconform.harness.proxy.Exchange;
import java.util.Set;
import org.apache.kafka.common.message.ApiVersionsResponseData.FinalizedFeatureKeyCollection;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiVersionsResponse;

/**
 * ApiVersions responses lose finalized features: the named ones, or all of them together with the
 * features epoch (set to -1, "unknown"). The broker still runs at those levels; clients are not told.
 */
public final class DropFinalizedFeatures extends NamedMutation {

    private final Set<String> names;

    private DropFinalizedFeatures(Set<String> names, String description) {
        super("DropFinalizedFeatures[" + (names.isEmpty() ? "all" : String.join(",", names)) + "]", description);
        this.names = names;
    }

    /** Drops these finalized features and keeps the others and the epoch. */
    public static DropFinalizedFeatures named(Set<String> names) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("name at least one feature, or use all()");
        }
        return new DropFinalizedFeatures(Set.copyOf(names), "ApiVersions does not report the finalized features "
                + names);
    }

    /** Drops every finalized feature and the epoch. */
    public static DropFinalizedFeatures all() {
        return new DropFinalizedFeatures(Set.of(), "ApiVersions reports no finalized features");
    }

    @Override
    public boolean interceptsResponse(ApiKeys apiKey) {
        return apiKey == ApiKeys.API_VERSIONS;
    }

    @Override
    public AbstractResponse onResponse(Exchange exchange, AbstractResponse response) {
        ApiVersionsResponse versions = (ApiVersionsResponse) response;
        if (names.isEmpty()) {
            versions.data().setFinalizedFeatures(new FinalizedFeatureKeyCollection()).setFinalizedFeaturesEpoch(-1);
        } else {
            FinalizedFeatureKeyCollection kept = new FinalizedFeatureKeyCollection();
            versions.data().finalizedFeatures().forEach(f -> {
                if (!names.contains(f.name())) {
                    kept.add(f.duplicate());
                }
            });
            versions.data().setFinalizedFeatures(kept);
        }
        return versions;
    }
}
