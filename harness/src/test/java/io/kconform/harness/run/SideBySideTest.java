package io.kconform.harness.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Targets side by side: order kept, the bound on how many run at once kept, no job abandoned. */
class SideBySideTest {

    @Test
    void resultsComeInTheTargetsOrderWhateverOrderTheyFinishIn() throws InterruptedException {
        // "a" waits until "c" has finished, so they finish in the reverse of the targets' order
        CountDownLatch cDone = new CountDownLatch(1);
        CountDownLatch bDone = new CountDownLatch(1);
        List<String> results = SideBySide.run(List.of("a", "b", "c"), t -> t, 3, t -> {
            switch (t) {
                case "a" -> await(bDone);
                case "b" -> {
                    await(cDone);
                    bDone.countDown();
                }
                default -> cDone.countDown();
            }
            return t.toUpperCase();
        });
        assertThat(results).containsExactly("A", "B", "C");
    }

    @Test
    void neverMoreJobsAtOnceThanAsked() throws InterruptedException {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        List<Integer> results = SideBySide.run(List.of(1, 2, 3, 4, 5, 6, 7), String::valueOf, 2, n -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            Thread.yield();
            running.decrementAndGet();
            return n * 10;
        });
        assertThat(results).containsExactly(10, 20, 30, 40, 50, 60, 70);
        assertThat(most.get()).isBetween(1, 2);
    }

    @Test
    void twoTargetsRunAtOnceWhenAllowed() throws InterruptedException {
        // each job waits for the other to have started: one after another, this could never finish
        CountDownLatch bothStarted = new CountDownLatch(2);
        List<Boolean> met = SideBySide.run(List.of("x", "y"), t -> t, 2, t -> {
            bothStarted.countDown();
            return await(bothStarted);
        });
        assertThat(met).containsExactly(true, true);
    }

    @Test
    void aJobRunsOnAThreadNamedAfterItsTarget() throws InterruptedException {
        List<String> names = SideBySide.run(List.of("kafka-4.4", "kafka-3.9"), t -> t, 2,
                t -> Thread.currentThread().getName());
        assertThat(names).containsExactly("kconform-target-kafka-4.4", "kconform-target-kafka-3.9");
    }

    @Test
    void aFailingJobLetsTheOthersFinishAndIsThrownAfterwards() {
        Set<String> finished = ConcurrentHashMap.newKeySet();
        assertThatThrownBy(() -> SideBySide.run(List.of("a", "bad", "c", "worse"), t -> t, 2, t -> {
            if (t.equals("bad") || t.equals("worse")) {
                throw new IllegalStateException(t + " broke");
            }
            finished.add(t);
            return t;
        })).isInstanceOf(IllegalStateException.class).hasMessage("bad broke")
                .satisfies(e -> assertThat(e.getSuppressed()).extracting(Throwable::getMessage)
                        .containsExactly("worse broke"));
        assertThat(finished).containsExactlyInAnyOrder("a", "c");
    }

    @Test
    void noTargetsNoThreads() throws InterruptedException {
        assertThat(SideBySide.run(List.<String>of(), t -> t, 4, t -> t)).isEmpty();
        assertThatThrownBy(() -> SideBySide.run(List.of("a"), t -> t, 0, t -> t))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static boolean await(CountDownLatch latch) {
        try {
            // a bound against a harness bug only; the latches open as soon as the other jobs run
            return latch.await(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
