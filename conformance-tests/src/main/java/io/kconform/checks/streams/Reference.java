package io.kconform.checks.streams;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The reference computation: the same topology, run in memory by {@link TopologyTestDriver} on the
 * same input records, in the order the check defines. No broker is involved, so what it outputs is
 * what Kafka Streams' own semantics produce; the real application on the target must output the same.
 *
 * <p>The driver gets the settings the real application has where they change the output
 * ({@code exactly_once_v2}, no record cache, so every update is emitted).
 */
final class Reference {

    private Reference() {
    }

    /**
     * Pipes {@code inputs} into a driver of {@code topology}, in list order, and returns what it wrote to
     * {@code outputTopic}.
     *
     * @param stateDir a directory of the check for the driver's state stores
     */
    static List<OutputRecord> run(Topology topology, List<InputRecord> inputs, String outputTopic, Path stateDir) {
        return runPhases(topology, List.of(inputs), outputTopic, stateDir).get(0);
    }

    /**
     * Pipes each phase of {@code phases} in turn into one driver of {@code topology}, in list order, and
     * returns what it wrote to {@code outputTopic} during each phase: for a check that feeds the real
     * application phase by phase and waits, after each, for the output that phase must bring.
     */
    static List<List<OutputRecord>> runPhases(Topology topology, List<List<InputRecord>> phases, String outputTopic,
                                              Path stateDir) {
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "kconform-reference");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "reference.invalid:9092");
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        config.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0L);
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        config.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
        config.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
        try (TopologyTestDriver driver = new TopologyTestDriver(topology, config)) {
            Map<String, TestInputTopic<String, String>> topics = new LinkedHashMap<>();
            TestOutputTopic<String, String> output = driver.createOutputTopic(outputTopic, new StringDeserializer(),
                    new StringDeserializer());
            List<List<OutputRecord>> byPhase = new ArrayList<>();
            for (List<InputRecord> phase : phases) {
                for (InputRecord input : phase) {
                    topics.computeIfAbsent(input.topic(),
                                    name -> driver.createInputTopic(name, new StringSerializer(), new StringSerializer()))
                            .pipeInput(input.key(), input.value(), input.timestamp());
                }
                List<OutputRecord> records = new ArrayList<>();
                for (TestRecord<String, String> record : output.readRecordsToList()) {
                    records.add(new OutputRecord(record.key(), record.value(), record.timestamp()));
                }
                byPhase.add(records);
            }
            return byPhase;
        }
    }
}
