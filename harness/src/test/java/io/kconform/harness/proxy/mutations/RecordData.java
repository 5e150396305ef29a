package io.kconform.harness.proxy.mutations;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;

/** One record's content, detached from its batch so that a batch can be rebuilt with changes. */
record RecordData(long offset, long timestamp, ByteBuffer key, ByteBuffer value, Header[] headers) {

    /** The records of a batch in offset order; decompresses where needed. */
    static List<RecordData> of(RecordBatch batch) {
        List<RecordData> records = new ArrayList<>();
        for (Record r : batch) {
            records.add(new RecordData(r.offset(), r.timestamp(), r.key(), r.value(), r.headers()));
        }
        return records;
    }

    RecordData withOffset(long newOffset) {
        return new RecordData(newOffset, timestamp, key, value, headers);
    }

    RecordData withTimestamp(long newTimestamp) {
        return new RecordData(offset, newTimestamp, key, value, headers);
    }

    RecordData withValue(ByteBuffer newValue) {
        return new RecordData(offset, timestamp, key, newValue, headers);
    }

    RecordData withHeaders(Header[] newHeaders) {
        return new RecordData(offset, timestamp, key, value, newHeaders);
    }

    /** This record's offset and timestamp with another record's key, value and headers. */
    RecordData withContentOf(RecordData other) {
        return new RecordData(offset, timestamp, other.key, other.value, other.headers);
    }
}
