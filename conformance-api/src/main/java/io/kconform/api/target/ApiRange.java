package io.kconform.api.target;

/**
 * An inclusive range of versions of one API key, as ApiVersions advertises it.
 *
 * @param min the lowest version
 * @param max the highest version
 */
public record ApiRange(short min, short max) {

    /**
     * Whether the range is one an ApiVersions answer may give: versions are not negative and min is
     * not above max. A malformed range holds no usable version, although the API is listed.
     */
    public boolean wellFormed() {
        return min >= 0 && min <= max;
    }

    /** Whether {@code version} lies in the range. */
    public boolean includes(short version) {
        return version >= min && version <= max;
    }

    @Override
    public String toString() {
        return min + "-" + max;
    }
}
