package io.kconform.checks.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.message.DescribeClusterResponseData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.message.ResponseHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.requests.RequestUtils;
import org.junit.jupiter.api.Test;

/**
 * Broker addresses in responses are replaced by the proxy's, at old and new versions, with the correlation id kept;
 * responses that name no broker pass as the same bytes.
 */
class AddressesTest {

    private final Map<Endpoint, Integer> opened = new HashMap<>();
    private final Addresses addresses = new Addresses("127.0.0.1",
            upstream -> opened.computeIfAbsent(upstream, u -> 40_000 + opened.size()));

    private static ByteBuffer frame(ApiKeys api, short version, int correlationId, ApiMessage body) {
        return RequestUtils.serialize(new ResponseHeaderData().setCorrelationId(correlationId),
                api.responseHeaderVersion(version), body, version);
    }

    private static ByteBufferAccessor bodyOf(ByteBuffer frame, ApiKeys api, short version) {
        Frames.Response response = Frames.Response.parse(frame, api, version);
        assertThat(response.header().correlationId()).as("correlation id kept").isEqualTo(7);
        return response.body();
    }

    @Test
    void metadataBrokersBecomeProxyPortsOnePerBroker() {
        for (short version : new short[] {1, 9, ApiKeys.METADATA.latestVersion()}) {
            MetadataResponseData data = new MetadataResponseData();
            data.brokers().add(new MetadataResponseData.MetadataResponseBroker().setNodeId(1).setHost("b1").setPort(9092));
            data.brokers().add(new MetadataResponseData.MetadataResponseBroker().setNodeId(2).setHost("b2").setPort(9092));
            ByteBuffer rewritten = addresses.rewrite(ApiKeys.METADATA, version, frame(ApiKeys.METADATA, version, 7, data));
            MetadataResponseData read = new MetadataResponseData(bodyOf(rewritten, ApiKeys.METADATA, version), version);
            assertThat(read.brokers()).allSatisfy(b -> assertThat(b.host()).isEqualTo("127.0.0.1"));
            assertThat(read.brokers().find(1).port()).isEqualTo(opened.get(new Endpoint("b1", 9092)));
            assertThat(read.brokers().find(2).port()).isEqualTo(opened.get(new Endpoint("b2", 9092)));
        }
        assertThat(opened).hasSize(2);
    }

    @Test
    void findCoordinatorIsRewrittenInTopLevelFieldsBeforeV4AndInTheListFromV4() {
        short old = 3;
        FindCoordinatorResponseData single = new FindCoordinatorResponseData().setNodeId(1).setHost("b1").setPort(9092);
        FindCoordinatorResponseData readOld = new FindCoordinatorResponseData(bodyOf(addresses.rewrite(
                ApiKeys.FIND_COORDINATOR, old, frame(ApiKeys.FIND_COORDINATOR, old, 7, single)),
                ApiKeys.FIND_COORDINATOR, old), old);
        assertThat(readOld.host()).isEqualTo("127.0.0.1");
        assertThat(readOld.port()).isEqualTo(opened.get(new Endpoint("b1", 9092)));

        short current = ApiKeys.FIND_COORDINATOR.latestVersion();
        FindCoordinatorResponseData batched = new FindCoordinatorResponseData();
        batched.coordinators().add(new FindCoordinatorResponseData.Coordinator().setKey("g").setNodeId(2)
                .setHost("b2").setPort(9093));
        batched.coordinators().add(new FindCoordinatorResponseData.Coordinator().setKey("unknown").setNodeId(-1)
                .setHost("").setPort(-1).setErrorCode((short) 15));
        FindCoordinatorResponseData readNew = new FindCoordinatorResponseData(bodyOf(addresses.rewrite(
                ApiKeys.FIND_COORDINATOR, current, frame(ApiKeys.FIND_COORDINATOR, current, 7, batched)),
                ApiKeys.FIND_COORDINATOR, current), current);
        assertThat(readNew.coordinators().get(0).host()).isEqualTo("127.0.0.1");
        assertThat(readNew.coordinators().get(0).port()).isEqualTo(opened.get(new Endpoint("b2", 9093)));
        assertThat(readNew.coordinators().get(1).port()).as("an error names no broker").isEqualTo(-1);
    }

    @Test
    void describeClusterBrokersAreRewritten() {
        short version = ApiKeys.DESCRIBE_CLUSTER.latestVersion();
        DescribeClusterResponseData data = new DescribeClusterResponseData();
        data.brokers().add(new DescribeClusterResponseData.DescribeClusterBroker().setBrokerId(3).setHost("b3")
                .setPort(9094));
        DescribeClusterResponseData read = new DescribeClusterResponseData(bodyOf(addresses.rewrite(
                ApiKeys.DESCRIBE_CLUSTER, version, frame(ApiKeys.DESCRIBE_CLUSTER, version, 7, data)),
                ApiKeys.DESCRIBE_CLUSTER, version), version);
        assertThat(read.brokers().find(3).host()).isEqualTo("127.0.0.1");
        assertThat(read.brokers().find(3).port()).isEqualTo(opened.get(new Endpoint("b3", 9094)));
    }

    @Test
    void responsesThatNameNoBrokerPassAsTheSameBytes() {
        short version = ApiKeys.PRODUCE.latestVersion();
        ByteBuffer produce = frame(ApiKeys.PRODUCE, version, 7, new ProduceResponseData());
        assertThat(addresses.rewrite(ApiKeys.PRODUCE, version, produce)).isSameAs(produce);
        ByteBuffer anything = ByteBuffer.wrap(new byte[] {0, 0, 0, 7, 1, 2, 3});
        assertThat(addresses.rewrite(ApiKeys.API_VERSIONS, (short) 3, anything)).isSameAs(anything);
        assertThat(opened).isEmpty();
    }
}
