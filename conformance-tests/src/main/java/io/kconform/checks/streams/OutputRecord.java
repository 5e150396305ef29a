package io.kconform.checks.streams;

/**
 * One record of a topology's output, as the reference computed it or as the target returned it.
 *
 * @param key       the key
 * @param value     the value
 * @param timestamp the record timestamp in milliseconds
 */
record OutputRecord(String key, String value, long timestamp) {

    @Override
    public String toString() {
        return key + "=" + value + "@" + timestamp;
    }
}
