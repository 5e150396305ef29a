package io.kconform.harness.proof;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.common.record.internal.FileLogInputStream;
import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.record.internal.Record;

/**
 * Reads a KRaft node's metadata log ({@code __cluster_metadata-0} under its {@code log.dirs}) as the record types it
 * holds, so that a test sees every change the controller accepted, also one a check made and undid at once, which a
 * before/after comparison of the cluster's state would miss. Reads the segment files with kafka-clients' own
 * {@link FileRecords}; a metadata record's value starts with its frame version, its type (the metadata record's
 * api key) and its version, each an unsigned varint.
 */
final class MetadataLog {

    /**
     * The metadata record types that change cluster-wide state, by api key (Apache Kafka's
     * {@code metadata/src/main/resources/common/metadata/*.json}); a ConfigRecord only where its resource is not a
     * topic.
     */
    static final Map<Integer, String> CLUSTER_WIDE = Map.ofEntries(
            Map.entry(1, "UnregisterBrokerRecord"),
            Map.entry(4, "ConfigRecord"),
            Map.entry(10, "DelegationTokenRecord"),
            Map.entry(11, "UserScramCredentialRecord"),
            Map.entry(12, "FeatureLevelRecord"),
            Map.entry(14, "ClientQuotaRecord"),
            Map.entry(18, "AccessControlEntryRecord"),
            Map.entry(19, "RemoveAccessControlEntryRecord"),
            Map.entry(22, "RemoveUserScramCredentialRecord"),
            Map.entry(26, "RemoveDelegationTokenRecord"),
            Map.entry(29, "UnregisterControllerRecord"));

    private static final int CONFIG_RECORD = 4;
    /** ConfigResource.Type.TOPIC's id: a topic's own configuration is not cluster-wide. */
    private static final byte TOPIC_RESOURCE = 2;

    /** One metadata record: where it is and what it is. */
    record Entry(long offset, int type, String description) {
    }

    private final Path directory;

    private MetadataLog(Path directory) {
        this.directory = directory;
    }

    /** The metadata log of the single combined node whose configuration is {@code serverProperties}. */
    static MetadataLog of(Path serverProperties) {
        Properties properties = new Properties();
        try (var in = Files.newBufferedReader(serverProperties, StandardCharsets.ISO_8859_1)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String logDirs = properties.getProperty("metadata.log.dir", properties.getProperty("log.dirs"));
        if (logDirs == null) {
            throw new IllegalStateException(serverProperties + " names no log.dirs");
        }
        return new MetadataLog(Path.of(logDirs.split(",")[0].strip()).resolve("__cluster_metadata-0"));
    }

    /** The highest offset in the log now; -1 when it is empty. */
    long lastOffset() {
        List<Entry> all = after(-1);
        return all.isEmpty() ? -1 : all.get(all.size() - 1).offset();
    }

    /** The cluster-wide changes recorded after {@code offset}, in order. */
    List<Entry> clusterWideAfter(long offset) {
        return after(offset).stream().filter(e -> CLUSTER_WIDE.containsKey(e.type())).toList();
    }

    /** Every data record after {@code offset}, in order; a topic's ConfigRecord is typed as such, not cluster-wide. */
    List<Entry> after(long offset) {
        List<Entry> entries = new ArrayList<>();
        List<Path> segments;
        try (Stream<Path> files = Files.list(directory)) {
            segments = files.filter(p -> p.getFileName().toString().endsWith(".log")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Path segment : segments) {
            try (FileRecords records = FileRecords.open(new File(segment.toString()), false)) {
                for (FileLogInputStream.FileChannelRecordBatch batch : records.batches()) {
                    if (batch.isControlBatch() || batch.lastOffset() <= offset) {
                        continue;
                    }
                    for (Record record : batch) {
                        if (record.offset() > offset && record.hasValue()) {
                            entries.add(entry(record.offset(), record.value()));
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return entries;
    }

    private static Entry entry(long offset, ByteBuffer value) {
        readUnsignedVarint(value); // frame version
        int type = readUnsignedVarint(value);
        readUnsignedVarint(value); // record version
        if (type == CONFIG_RECORD) {
            byte resourceType = value.get();
            if (resourceType == TOPIC_RESOURCE) {
                return new Entry(offset, -CONFIG_RECORD, "ConfigRecord of a topic");
            }
            return new Entry(offset, type, "ConfigRecord of resource type " + resourceType);
        }
        return new Entry(offset, type, CLUSTER_WIDE.getOrDefault(type, "record type " + type));
    }

    private static int readUnsignedVarint(ByteBuffer buffer) {
        int value = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            byte b = buffer.get();
            value |= (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IllegalStateException("a varint longer than five bytes");
    }
}
