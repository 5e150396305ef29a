package io.kconform.api;

import java.util.Locale;

/**
 * A battery groups checks by the part of Kafka they exercise. The battery's id is the first
 * segment of every check id in it ({@code storage.compaction.latest-value-kept}).
 */
public enum Battery {
    /** The wire protocol: API versions, metadata, produce and fetch, compression. */
    PROTOCOL("protocol"),
    /** Consumer groups: membership, rebalancing, committed offsets. */
    GROUPS("groups"),
    /** The durable, replayable log: ordering, timestamps, retention, compaction. */
    STORAGE("storage"),
    /** Idempotence, transactions, read_committed, fencing. */
    EOS("eos"),
    /** A real Kafka Connect worker in distributed mode against the target. */
    CONNECT("connect"),
    /** A real Kafka Streams application against the target. */
    STREAMS("streams");

    private final String id;

    Battery(String id) {
        this.id = id;
    }

    /** The lower-case id used in check ids, on the command line and in reports. */
    public String id() {
        return id;
    }

    /**
     * Finds a battery by its id, case-insensitively.
     *
     * @throws IllegalArgumentException naming the valid ids when there is no such battery
     */
    public static Battery fromId(String id) {
        String wanted = id.trim().toLowerCase(Locale.ROOT);
        for (Battery battery : values()) {
            if (battery.id.equals(wanted)) {
                return battery;
            }
        }
        throw new IllegalArgumentException("unknown battery '" + id + "' (valid: " + validIds() + ")");
    }

    /** The valid ids, comma separated, for error messages and help text. */
    public static String validIds() {
        StringBuilder ids = new StringBuilder();
        for (Battery battery : values()) {
            if (ids.length() > 0) {
                ids.append(", ");
            }
            ids.append(battery.id);
        }
        return ids.toString();
    }
}
