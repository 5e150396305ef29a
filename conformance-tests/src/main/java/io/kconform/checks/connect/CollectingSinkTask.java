package io.kconform.checks.connect;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;

/**
 * The task of {@link CollectingSinkConnector}: adds every record it is given to its connector's
 * {@link ConnectorRegistry} entry. It keeps nothing itself, so the offsets Connect commits for it
 * are those of the records it was given.
 */
public class CollectingSinkTask extends SinkTask {

    private String connector;

    @Override
    public void start(Map<String, String> props) {
        connector = props.get("name");
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        ConnectorRegistry.Entry entry = ConnectorRegistry.lookup(connector);
        if (entry == null) {
            return;
        }
        for (SinkRecord record : records) {
            Map<String, String> headers = new LinkedHashMap<>();
            for (Header header : record.headers()) {
                headers.put(header.key(), header.value() == null ? null : String.valueOf(header.value()));
            }
            entry.delivered(new ConnectorRegistry.SinkDelivery(record.topic(), record.kafkaPartition(),
                    record.kafkaOffset(), asText(record.key()), asText(record.value()), headers));
        }
    }

    @Override
    public void stop() {
        // nothing to release
    }

    @Override
    public String version() {
        return "1";
    }

    private static String asText(Object value) {
        return value == null ? null : String.valueOf(value);
    }
}
