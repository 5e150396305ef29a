package io.kconform.harness.proxy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Sends responses to the client in the order of its requests, whichever thread produced them.
 *
 * <p>Kafka clients match each response to their oldest request in flight and disconnect on a
 * mismatch, so an answer a mutation gives at once must wait behind answers still due from the
 * broker.
 */
final class ResponseSequencer {

    /** The place of one response in the client's order. */
    static final class Slot {
        private ByteBuffer payload;
        private boolean cancelled;
    }

    private final OutputStream client;
    private final Deque<Slot> order = new ArrayDeque<>();

    ResponseSequencer(OutputStream client) {
        this.client = client;
    }

    synchronized Slot reserve() {
        Slot slot = new Slot();
        order.addLast(slot);
        return slot;
    }

    synchronized void complete(Slot slot, ByteBuffer payload) throws IOException {
        slot.payload = payload;
        drain();
    }

    /** For a request that turned out to get no response (a Produce with acks=0 at a version we cannot read). */
    synchronized void cancel(Slot slot) throws IOException {
        slot.cancelled = true;
        drain();
    }

    private void drain() throws IOException {
        boolean wrote = false;
        while (!order.isEmpty()) {
            Slot head = order.peekFirst();
            if (head.cancelled) {
                order.removeFirst();
            } else if (head.payload != null) {
                Frames.write(client, head.payload);
                order.removeFirst();
                wrote = true;
            } else {
                break;
            }
        }
        if (wrote) {
            client.flush();
        }
    }
}
