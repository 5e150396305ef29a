package io.kconform.checks.storage;

import io.kconform.api.context.TargetContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Produces numbered records to partition 0 of a topic, one every few milliseconds, on a thread of
 * its own, and keeps the offset of every record the target acknowledged: a producer that goes on
 * while the target fails, as applications do. Bounded: it stops after {@link #MAX_RECORDS} records
 * or when {@link #stop() stopped}, and stop waits for every outstanding acknowledgement within the
 * producer's own delivery timeout.
 */
final class AcknowledgedSender {

    private static final int MAX_RECORDS = 20_000;
    private static final long PAUSE_MS = 2;

    private final Producer<String, String> producer;
    private final String topic;
    /** In the order the acknowledgements came; a broken target may acknowledge two records at one offset. */
    private final List<Ack> acknowledged = new ArrayList<>();
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicReference<String> firstFailure = new AtomicReference<>();
    private final Thread thread;
    private volatile boolean running = true;

    AcknowledgedSender(Producer<String, String> producer, String topic) {
        this.producer = producer;
        this.topic = topic;
        this.thread = new Thread(this::sendUntilStopped, "kconform-acknowledged-sender");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void sendUntilStopped() {
        try {
            for (int i = 0; running && i < MAX_RECORDS; i++) {
                String value = "record-" + i;
                producer.send(new ProducerRecord<>(topic, 0, "key-" + i, value), (metadata, error) -> {
                    if (error == null) {
                        synchronized (acknowledged) {
                            acknowledged.add(new Ack(metadata.offset(), value));
                            acknowledged.notifyAll();
                        }
                    } else {
                        failed.incrementAndGet();
                        firstFailure.compareAndSet(null, error.getClass().getSimpleName() + ": " + error.getMessage());
                    }
                });
                sent.incrementAndGet();
                Thread.sleep(PAUSE_MS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            firstFailure.compareAndSet(null, "send: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** Waits until at least {@code count} records are acknowledged; false when {@code wait} ends first. */
    boolean awaitAcknowledged(int count, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        synchronized (acknowledged) {
            while (acknowledged.size() < count) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    return false;
                }
                try {
                    acknowledged.wait(Math.min(left, 200));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    /** Stops sending and waits for what is outstanding to be acknowledged or to fail. Idempotent. */
    void stop() {
        running = false;
        try {
            thread.join(TargetContext.DEFAULT_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.flush();
    }

    /** Every acknowledgement so far, in the order they came: a copy. */
    List<Ack> acknowledged() {
        synchronized (acknowledged) {
            return List.copyOf(acknowledged);
        }
    }

    /** How many records are acknowledged so far. */
    int acknowledgedCount() {
        synchronized (acknowledged) {
            return acknowledged.size();
        }
    }

    /** One acknowledged record: the offset the target gave it, and its value. */
    record Ack(long offset, String value) {
    }

    int sent() {
        return sent.get();
    }

    int failed() {
        return failed.get();
    }

    Optional<String> firstFailure() {
        return Optional.ofNullable(firstFailure.get());
    }
}
