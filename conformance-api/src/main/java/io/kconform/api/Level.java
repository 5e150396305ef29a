package io.kconform.api;

import java.util.Locale;

/**
 * Certification levels. They build on each other: a target holds a level when every MUST check
 * of that level and of every level below it passes.
 */
public enum Level {
    /** The on-ramp: metadata, produce with every acks mode, idempotent producer, compression, headers. */
    INGEST("the produce on-ramp"),
    /** Consume and consumer groups: fetch, offsets, commit, rebalance. */
    MESSAGING("consume and consumer groups"),
    /** A system of record: replay, ordering, timestamps, offset-by-time, retention, compaction. */
    STORAGE("a durable, replayable log"),
    /** Idempotence under retries, transactions, read_committed, fencing, consume-transform-produce. */
    EXACTLY_ONCE("exactly-once processing"),
    /** A real Kafka Connect worker and a real Kafka Streams application run on the target. */
    PLATFORM("Kafka Connect and Kafka Streams");

    private final String meaning;

    Level(String meaning) {
        this.meaning = meaning;
    }

    /** A few words a reader of the report understands without knowing the level names. */
    public String meaning() {
        return meaning;
    }

    /**
     * Finds a level by name, case-insensitively; {@code exactly-once} and {@code exactly_once} both work.
     *
     * @throws IllegalArgumentException naming the valid levels when there is no such level
     */
    public static Level fromName(String name) {
        String wanted = name.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (Level level : values()) {
            if (level.name().equals(wanted)) {
                return level;
            }
        }
        throw new IllegalArgumentException("unknown level '" + name + "' (valid: ingest, messaging, storage,"
                + " exactly-once, platform)");
    }

    /** The name as written on the command line and in reports: lower case, with a hyphen. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
