package io.kconform.harness.proxy.mutations;

import io.kconform.harness.proxy.Exchange;
import java.util.function.LongUnaryOperator;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.OffsetFetchResponse;

/**
 * OffsetFetch answers another committed offset than the one stored, the broker's own state unchanged: a target
 * that keeps committed offsets wrongly. Either every committed offset comes back a few records further on (the
 * group skips records it never processed, and lag is misstated), or a partition the group never committed comes
 * back at offset 0 instead of -1 (no offset), so that {@code auto.offset.reset} is never applied.
 */
public final class MisstateOffsetFetch extends NamedMutation {

    private final LongUnaryOperator answer;

    private MisstateOffsetFetch(String name, String description, LongUnaryOperator answer) {
        super(name, description);
        this.answer = answer;
    }

    /** Every committed offset (0 or more) answered {@code records} further on. */
    public static MisstateOffsetFetch shift(long records) {
        return new MisstateOffsetFetch("MisstateOffsetFetch[+" + records + "]",
                "committed offsets come back " + records + " records further on",
                offset -> offset >= 0 ? offset + records : offset);
    }

    /** No committed offset (-1) answered as offset 0. */
    public static MisstateOffsetFetch noneAsZero() {
        return new MisstateOffsetFetch("MisstateOffsetFetch[none as 0]",
                "a partition without a committed offset comes back at offset 0",
                offset -> offset < 0 ? 0 : offset);
    }

    @Override
    public boolean interceptsResponse(ApiKeys apiKey) {
        return apiKey == ApiKeys.OFFSET_FETCH;
    }

    @Override
    public AbstractResponse onResponse(Exchange exchange, AbstractResponse response) {
        OffsetFetchResponse fetch = (OffsetFetchResponse) response;
        // v0-7 answer one group at the top level, v8 on a list of groups; partitions in error are left alone
        fetch.data().topics().forEach(t -> t.partitions().stream().filter(p -> p.errorCode() == Errors.NONE.code())
                .forEach(p -> p.setCommittedOffset(answer.applyAsLong(p.committedOffset()))));
        fetch.data().groups().forEach(g -> g.topics().forEach(t -> t.partitions().stream()
                .filter(p -> p.errorCode() == Errors.NONE.code())
                .forEach(p -> p.setCommittedOffset(answer.applyAsLong(p.committedOffset())))));
        return fetch;
    }
}
