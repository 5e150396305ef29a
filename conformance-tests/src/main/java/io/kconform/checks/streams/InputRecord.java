package io.kconform.checks.streams;

/**
 * One record a check writes to an input topic, with the timestamp the producer sets and, where the
 * check needs to control which task sees it, an explicit partition.
 *
 * @param topic     the input topic
 * @param partition the partition, or {@code null} for the producer's default partitioner (by key)
 * @param key       the key
 * @param value     the value; {@code null} is a tombstone
 * @param timestamp the record timestamp in milliseconds (CreateTime)
 */
record InputRecord(String topic, Integer partition, String key, String value, long timestamp) {

    @Override
    public String toString() {
        return key + "=" + value + "@" + timestamp + (partition == null ? "" : "/p" + partition);
    }
}
