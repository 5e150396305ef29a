package io.kconform.checks.protocol;

import io.kconform.api.baseline.ApiBaseline;
import io.kconform.api.target.TargetProbe;
import io.kconform.api.wire.WireClient;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ApiVersionsResponse;

/**
 * Writes the pinned baseline {@code kafka-4.4-api-versions.tsv} from a running reference broker:
 * every API key its client listener advertises, with the advertised range. Run it against a plain
 * Apache Kafka 4.4.0 broker (KRaft, default features, PLAINTEXT), for example the embedded broker
 * kconform starts, and redirect the output over the resource file:
 *
 * <pre>
 * java -cp 'harness/target/kconform-harness.jar:harness/target/lib/*' \
 *     io.kconform.checks.protocol.ApiBaselineTool 127.0.0.1:9092 \
 *     &gt; conformance-api/src/main/resources/io/kconform/api/baseline/kafka-4.4-api-versions.tsv
 * </pre>
 *
 * <p>The file is data, not code, so that a reviewer sees in a diff exactly which ranges moved when
 * the baseline is raised to a newer release.
 */
public final class ApiBaselineTool {

    static final String RESOURCE_PATH =
            "conformance-api/src/main/resources/io/kconform/api/baseline/" + ApiBaseline.KAFKA_4_4_RESOURCE;

    private ApiBaselineTool() {
    }

    /**
     * @param args the reference broker's {@code host:port}
     */
    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: ApiBaselineTool <host:port of an Apache Kafka 4.4.0 broker>");
            System.exit(2);
        }
        InetSocketAddress address = TargetProbe.parseBootstrap(args[0]).get(0);
        ApiVersionsResponseData data;
        try (WireClient wire = WireClient.connect(address.getHostString(), address.getPort(), Map.of(),
                Duration.ofSeconds(15))) {
            data = ((ApiVersionsResponse) wire.send(new ApiVersionsRequest.Builder(),
                    ApiKeys.API_VERSIONS.latestVersion())).data();
        }
        if (data.errorCode() != Errors.NONE.code()) {
            System.err.println("ApiVersions answered " + Errors.forCode(data.errorCode()));
            System.exit(1);
        }
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        out.println("# Apache Kafka 4.4.0 (KRaft, default features): ApiVersions of its client listener."
                + " Regenerate against a running 4.4.0 broker: java -cp"
                + " 'harness/target/kconform-harness.jar:harness/target/lib/*'"
                + " io.kconform.checks.protocol.ApiBaselineTool <host:port> > " + RESOURCE_PATH);
        out.println("# api_key\tname\tmin_version\tmax_version");
        data.apiKeys().stream()
                .sorted((a, b) -> Short.compare(a.apiKey(), b.apiKey()))
                .forEach(k -> out.println(k.apiKey() + "\t" + ApiBaseline.nameOf(k.apiKey()) + "\t" + k.minVersion()
                        + "\t" + k.maxVersion()));
    }
}
