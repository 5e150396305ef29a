package io.kconform.harness.run;

import io.kconform.api.target.BrokerControl;
import java.util.List;

/**
 * The broker control checks get, telling the {@link LivenessWatch} when a check takes a broker down on
 * purpose and when it is back, so that a check that stops or kills a broker (it runs {@code @Isolated})
 * is never cut short as if the target had died. The watch would mostly not notice anyway, since another
 * broker of the bootstrap list answers; this makes it certain. Thread-safe, as the control it wraps.
 */
final class WatchedBrokerControl implements BrokerControl {

    private final BrokerControl brokers;
    private final LivenessWatch watch;

    WatchedBrokerControl(BrokerControl brokers, LivenessWatch watch) {
        this.brokers = brokers;
        this.watch = watch;
    }

    @Override
    public List<Integer> brokerIds() {
        return brokers.brokerIds();
    }

    @Override
    public boolean isRunning(int brokerId) {
        return brokers.isRunning(brokerId);
    }

    @Override
    public void stop(int brokerId) {
        watch.brokerDownOnPurpose(brokerId);
        brokers.stop(brokerId);
    }

    @Override
    public void kill(int brokerId) {
        watch.brokerDownOnPurpose(brokerId);
        brokers.kill(brokerId);
    }

    @Override
    public void start(int brokerId) {
        try {
            brokers.start(brokerId);
        } finally {
            // Back, or never coming back: either way the watch judges the target again from now on.
            watch.brokerBack(brokerId);
        }
    }
}
