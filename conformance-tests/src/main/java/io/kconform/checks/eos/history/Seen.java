package io.kconform.checks.eos.history;

import java.util.Objects;

/**
 * One record as a read returned it: partition, offset, key and value. Values are unique per write in a
 * workload ({@code <writer>-<n>}), so a value names the write it came from.
 */
public record Seen(int partition, long offset, String key, String value) {

    public Seen {
        Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
        return "p" + partition + "@" + offset + " " + key + "=" + value;
    }
}
