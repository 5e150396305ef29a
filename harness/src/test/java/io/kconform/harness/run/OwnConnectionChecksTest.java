package io.kconform.harness.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.CheckDescriptor;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The checks that stay in the harness's JVM where an older Java client release assesses a target use no Java client:
 * neither their classes nor the classes of the batteries they use name a producer, consumer, admin client, Kafka
 * Streams or Connect, nor ask their context for one (or for a topic, which the context makes with an admin client).
 * Read from their byte code's constant pools.
 */
class OwnConnectionChecksTest {

    private static final List<String> CLIENT_PACKAGES = List.of("org/apache/kafka/clients/producer/",
            "org/apache/kafka/clients/consumer/", "org/apache/kafka/clients/admin/", "org/apache/kafka/streams/",
            "org/apache/kafka/connect/");
    /** What a check's context makes with Java clients. */
    private static final Set<String> CLIENT_METHODS = Set.of("admin", "producer", "defaultProducer", "consumer",
            "createTopic", "clientConfig", "clientConfigAs", "pollUntil", "pollAtLeast", "awaitLeaders");

    @Test
    void noneOfTheirClassesUsesAJavaClient() throws IOException {
        Set<String> used = new TreeSet<>();
        Deque<String> toRead = new ArrayDeque<>();
        OwnConnectionChecks.CLASSES.forEach(name -> toRead.add(name.replace('.', '/')));
        Set<String> read = new HashSet<>();
        while (!toRead.isEmpty()) {
            String type = toRead.poll();
            if (!read.add(type)) {
                continue;
            }
            for (String constant : utf8Constants(type)) {
                CLIENT_PACKAGES.stream().filter(constant::contains).forEach(p -> used.add(type + " names " + constant));
                if (CLIENT_METHODS.contains(constant)) {
                    used.add(type + " calls " + constant);
                }
                if (constant.startsWith("io/kconform/checks/") && !constant.contains(";")) {
                    toRead.add(constant);
                }
            }
        }
        assertThat(read).as("classes read").hasSizeGreaterThan(OwnConnectionChecks.CLASSES.size());
        assertThat(used).as("Java clients used by checks that stay in the harness's JVM").isEmpty();
    }

    @Test
    void everyClassNamedDeclaresChecks() {
        Set<String> declaring = new HashSet<>();
        CheckCatalog.discover().checks().stream().map(CheckDescriptor::className).forEach(declaring::add);
        assertThat(declaring).containsAll(OwnConnectionChecks.CLASSES);
    }

    /** The UTF-8 entries of a class file's constant pool: class names, member names and descriptors among them. */
    private static List<String> utf8Constants(String internalName) throws IOException {
        try (InputStream in = OwnConnectionChecksTest.class.getClassLoader().getResourceAsStream(internalName + ".class")) {
            if (in == null) {
                return List.of();
            }
            DataInputStream data = new DataInputStream(in);
            data.readInt(); // magic
            data.readUnsignedShort(); // minor
            data.readUnsignedShort(); // major
            int count = data.readUnsignedShort();
            List<String> utf8 = new ArrayList<>();
            for (int i = 1; i < count; i++) {
                int tag = data.readUnsignedByte();
                switch (tag) {
                    case 1 -> utf8.add(data.readUTF());
                    case 3, 4, 9, 10, 11, 12, 17, 18 -> data.skipNBytes(4);
                    case 5, 6 -> {
                        data.skipNBytes(8);
                        i++; // a long or double takes two entries
                    }
                    case 7, 8, 16, 19, 20 -> data.skipNBytes(2);
                    case 15 -> data.skipNBytes(3);
                    default -> throw new IOException("constant pool tag " + tag + " in " + internalName);
                }
            }
            return utf8;
        }
    }
}
