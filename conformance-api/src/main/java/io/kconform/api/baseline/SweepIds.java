package io.kconform.api.baseline;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * The ids of the protocol sweep: one check per API key and version, {@code protocol.sweep.<api>.v<N>}
 * with the API's protocol name in lower case and hyphenated ({@code protocol.sweep.fetch.v17},
 * {@code protocol.sweep.list-offsets.v9}). The sweep's checks and the report's API-versions matrix both
 * name versions through this class, so the two cannot drift apart.
 */
public final class SweepIds {

    /** The prefix every sweep id starts with. */
    public static final String PREFIX = "protocol.sweep.";

    private static final Pattern ID = Pattern.compile(Pattern.quote(PREFIX) + "([a-z0-9-]+)\\.v(\\d+)");

    private SweepIds() {
    }

    /** A key and a version of it. */
    public record ApiVersion(ApiKeys api, short version) {
    }

    /** The sweep id of {@code version} of {@code api}. */
    public static String id(ApiKeys api, short version) {
        return PREFIX + slug(api) + ".v" + version;
    }

    /** The API key and version a sweep id names; empty for any other id. */
    public static Optional<ApiVersion> parse(String id) {
        Matcher matcher = ID.matcher(id);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        for (ApiKeys api : ApiKeys.values()) {
            if (slug(api).equals(matcher.group(1))) {
                return Optional.of(new ApiVersion(api, Short.parseShort(matcher.group(2))));
            }
        }
        return Optional.empty();
    }

    /** {@code ListOffsets} becomes {@code list-offsets}. */
    static String slug(ApiKeys api) {
        return api.name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
}
