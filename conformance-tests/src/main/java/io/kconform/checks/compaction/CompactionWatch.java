package io.kconform.checks.compaction;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.context.TargetContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Watches the log cleaner compact topics that a worker or an application wrote several records of the same
 * key to (the check knows how many, from what it did and what the writer read back): once compacted, each
 * key has one record left in its partition, the latest. The watch re-reads the topics until no key has more
 * than one record, and asserts at every read that the newest record of each key never goes back to an
 * older offset, nor changes its value at the same offset: compaction removes superseded records, never the
 * latest.
 *
 * <p>Compaction is asynchronous and never touches the active segment, so the check keeps making the writer
 * append ("nudges") while it waits: each append after {@code segment.ms} rolls the segment that holds the
 * watched records and gives the cleaner new dirty data to wake up for.
 */
public final class CompactionWatch {

    private final Map<String, KeyedRecord> newest = new LinkedHashMap<>();

    /** A watch that has seen nothing yet. */
    public CompactionWatch() {
    }

    /**
     * Judges one read of the watched topics.
     *
     * @return the records of the read that a later record of the same key in the same partition supersedes:
     *         what compaction has still to remove
     * @throws AssertionError when the newest record of a key moved back to an older offset or changed
     */
    public List<KeyedRecord> superseded(List<KeyedRecord> read) {
        Map<String, List<KeyedRecord>> bySlot = new LinkedHashMap<>();
        read.forEach(record -> bySlot.computeIfAbsent(record.slot(), slot -> new ArrayList<>()).add(record));
        Map<String, KeyedRecord> newestNow = new LinkedHashMap<>();
        List<KeyedRecord> superseded = new ArrayList<>();
        bySlot.forEach((slot, records) -> {
            KeyedRecord last = records.stream().max(Comparator.comparingLong(KeyedRecord::offset)).orElseThrow();
            newestNow.put(slot, last);
            records.stream().filter(r -> r != last).forEach(superseded::add);
        });
        for (KeyedRecord seen : newest.values()) {
            KeyedRecord now = newestNow.get(seen.slot());
            assertThat(now).as("the newest record of key '%s' in %s, read before as %s: compaction must keep the latest"
                    + " record of every key", seen.key(), seen.partition(), seen).isNotNull();
            if (now.offset() == seen.offset()) {
                assertThat(now).as("the newest record of key '%s', read again", seen.key()).isEqualTo(seen);
            } else {
                assertThat(now.offset()).as("offset of the newest record of key '%s' in %s, read before as %s:"
                        + " compaction removed the latest record and kept an older one", seen.key(), seen.partition(),
                        seen).isGreaterThan(seen.offset());
            }
        }
        newest.putAll(newestNow);
        return superseded;
    }

    /** The newest record of every key, as the last read showed them. */
    public List<KeyedRecord> latest() {
        return List.copyOf(newest.values());
    }

    /**
     * Reads, and while some key has more than one record, nudges and reads again every {@code every}, for at
     * most {@code bound}; every read is judged by {@link #superseded}.
     *
     * @param read  a whole read of the watched topics, keeping the watched keys
     * @param nudge makes the writer append to every watched partition
     * @return how the wait ended
     */
    public Wait await(Supplier<List<KeyedRecord>> read, Runnable nudge, Duration every, Duration bound) {
        long start = System.nanoTime();
        long deadline = start + bound.toNanos();
        List<KeyedRecord> first = read.get();
        List<KeyedRecord> left = superseded(first);
        List<KeyedRecord> firstLeft = left;
        int nudges = 0;
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            nudge.run();
            nudges++;
            TargetContext.sleep(every);
            left = superseded(read.get());
        }
        return new Wait(first.size(), firstLeft, left, nudges, Duration.ofNanos(System.nanoTime() - start));
    }

    /**
     * How a wait ended.
     *
     * @param firstRead  how many records of the watched keys the first read returned
     * @param firstLeft  the superseded records of the first read
     * @param left       the superseded records still there at the last read
     * @param nudges     how many nudges it took
     * @param took       how long it took
     */
    public record Wait(int firstRead, List<KeyedRecord> firstLeft, List<KeyedRecord> left, int nudges, Duration took) {

        /** One line for evidence. */
        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "first read: %d records of the watched keys, %d of them"
                    + " superseded; after %.1f s and %d nudges, %d superseded records left%s", firstRead,
                    firstLeft.size(), took.toMillis() / 1000.0, nudges, left.size(), left.isEmpty() ? "" : ": " + left);
        }
    }
}
