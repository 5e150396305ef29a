package io.kconform.api.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.InvocationInterceptor.Invocation;

/**
 * The harness interrupts the bodies a run executes, those under way and those that start afterwards,
 * and nothing that runs on the same thread once a body is over.
 */
class CheckThreadsTest {

    @Test
    void aBodyUnderWayIsInterrupted() throws Exception {
        String key = "test-" + UUID.randomUUID();
        CheckThreads threads = CheckThreads.register(key);
        try {
            CountDownLatch running = new CountDownLatch(1);
            CompletableFuture<Throwable> ended = new CompletableFuture<>();
            CompletableFuture<Boolean> interruptedAfter = new CompletableFuture<>();
            Thread body = new Thread(() -> {
                try {
                    threads.run(blockingBody(running));
                    ended.complete(null);
                } catch (Throwable t) {
                    ended.complete(t);
                }
                interruptedAfter.complete(Thread.currentThread().isInterrupted());
            });
            body.start();
            assertThat(running.await(1, TimeUnit.MINUTES)).isTrue();
            assertThat(threads.interruptAll()).isEqualTo(1);
            assertThat(ended.get(1, TimeUnit.MINUTES)).isInstanceOf(InterruptedException.class);
            assertThat(interruptedAfter.get(1, TimeUnit.MINUTES)).as("the interrupt outlived the body").isFalse();
            assertThat(CheckThreads.lookup(key)).containsSame(threads);
        } finally {
            CheckThreads.unregister(key);
        }
        assertThat(CheckThreads.lookup(key)).isEmpty();
    }

    @Test
    void aBodyThatStartsAfterwardsIsInterruptedAtOnceAndTheThreadIsLeftClean() {
        String key = "test-" + UUID.randomUUID();
        CheckThreads threads = CheckThreads.register(key);
        try {
            assertThat(threads.interruptAll()).isZero();
            assertThatThrownBy(() -> threads.run(blockingBody(new CountDownLatch(1))))
                    .isInstanceOf(InterruptedException.class);
            assertThat(Thread.currentThread().isInterrupted()).as("after the body").isFalse();
        } finally {
            CheckThreads.unregister(key);
        }
    }

    @Test
    void aKeyIsRegisteredOnce() {
        String key = "test-" + UUID.randomUUID();
        CheckThreads.register(key);
        try {
            assertThatThrownBy(() -> CheckThreads.register(key)).isInstanceOf(IllegalStateException.class);
        } finally {
            CheckThreads.unregister(key);
        }
    }

    /** Says it runs, then sleeps until interrupted (a minute at most). */
    private static Invocation<Void> blockingBody(CountDownLatch running) {
        return () -> {
            running.countDown();
            Thread.sleep(TimeUnit.MINUTES.toMillis(1));
            return null;
        };
    }
}
