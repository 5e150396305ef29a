package io.kconform.harness.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kconform.harness.launch.RunningTarget;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.requests.MetadataResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The proxy's own guarantees towards mutations: ordering, dropping, and failing safely. */
@ExtendWith(SharedBroker.class)
class EngineTest {

    private static String broker;

    @BeforeAll
    static void broker(RunningTarget target) {
        broker = target.bootstrapServers();
    }

    /** A mutation for these tests only: decides every request of one API the same way. */
    private record OnRequest(ApiKeys api, RequestAction action) implements Mutation {
        @Override
        public String name() {
            return "OnRequest[" + api.name + "]";
        }

        @Override
        public String description() {
            return "test mutation";
        }

        @Override
        public boolean interceptsRequest(ApiKeys apiKey) {
            return apiKey == api;
        }

        @Override
        public RequestAction onRequest(Exchange exchange, AbstractRequest request) {
            return action;
        }
    }

    @Test
    void aDirectAnswerWaitsBehindTheBrokersAnswerToAnEarlierRequest() throws Exception {
        short metadataVersion = ApiKeys.METADATA.latestVersion();
        Mutation answerMetadata = new OnRequest(ApiKeys.METADATA,
                RequestAction.respond(new MetadataResponse(new MetadataResponseData(), metadataVersion)));
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker, answerMetadata);
             Socket socket = new Socket(InetAddress.getLoopbackAddress(), port(proxy))) {
            socket.setSoTimeout(5_000);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            short apiVersionsVersion = ApiKeys.API_VERSIONS.latestVersion();
            write(out, new ApiVersionsRequest.Builder().build(apiVersionsVersion).serializeWithHeader(
                    new RequestHeader(ApiKeys.API_VERSIONS, apiVersionsVersion, "engine-test", 1)));
            write(out, MetadataRequest.Builder.allTopics().build(metadataVersion).serializeWithHeader(
                    new RequestHeader(ApiKeys.METADATA, metadataVersion, "engine-test", 2)));
            out.flush();

            DataInputStream in = new DataInputStream(socket.getInputStream());
            List<Integer> correlationIds = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                byte[] frame = new byte[in.readInt()];
                in.readFully(frame);
                correlationIds.add(ByteBuffer.wrap(frame).getInt());
            }
            assertThat(correlationIds).containsExactly(1, 2);
            assertThat(proxy.problems()).isEmpty();
        }
    }

    @Test
    void aDroppedRequestIsNeverAnswered() {
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker,
                new OnRequest(ApiKeys.DESCRIBE_CLUSTER, RequestAction.drop()));
             Admin admin = Clients.admin(proxy.bootstrapServers(), Map.of(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 1_000,
                     AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2_000))) {
            assertThatThrownBy(() -> admin.describeCluster().clusterId().get())
                    .satisfies(e -> assertThat(Causes.chain(e)).hasAtLeastOneElementOfType(TimeoutException.class));
            assertThat(proxy.problems()).isEmpty();
        }
    }

    @Test
    void aFailingMutationIsReportedAndItsRequestPassedOnUntouched() throws Exception {
        // a null action makes the chain fail, as a buggy mutation would
        Mutation failing = new OnRequest(ApiKeys.DESCRIBE_CLUSTER, null);
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker, failing);
             Admin admin = Clients.admin(proxy.bootstrapServers())) {
            assertThat(admin.describeCluster().clusterId().get()).isNotBlank();
            assertThat(proxy.problems()).singleElement().asString().contains("DescribeCluster");
        }
    }

    private static void write(DataOutputStream out, ByteBuffer payload) throws Exception {
        out.writeInt(payload.remaining());
        out.write(payload.array(), payload.arrayOffset() + payload.position(), payload.remaining());
    }

    private static int port(KafkaMutatingProxy proxy) {
        return Integer.parseInt(proxy.bootstrapServers().substring(proxy.bootstrapServers().lastIndexOf(':') + 1));
    }
}
