package io.kconform.checks.eos.history;

/** The isolation level a read was made with (KIP-98). */
public enum Isolation {
    /** Only committed records, up to the last stable offset. */
    READ_COMMITTED,
    /** Every record up to the high watermark, aborted and open transactions' ones included. */
    READ_UNCOMMITTED;

    /** Lower case with an underscore, as the consumer setting spells it. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
