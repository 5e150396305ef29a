package io.kconform.api;

/**
 * How strongly Apache Kafka's behaviour binds an implementation, in the sense of RFC 2119. Only
 * MUST checks decide a certification level; SHOULD and MAY checks are reported, never hidden.
 */
public enum Strength {
    /** Clients rely on it; without it a Kafka application breaks or loses data. */
    MUST,
    /** Expected of a complete implementation; its absence degrades, but does not break, clients. */
    SHOULD,
    /** Optional behaviour Apache Kafka offers. */
    MAY
}
