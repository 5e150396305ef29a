package io.kconform.harness.proxy;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseTopic;
import org.apache.kafka.common.requests.MetadataResponse;

/** Topic ids to names, learnt from Metadata responses, because newer Fetch and Produce carry ids only. */
final class TopicNames {

    private final Map<Uuid, String> names = new ConcurrentHashMap<>();

    void learn(MetadataResponse response) {
        for (MetadataResponseTopic topic : response.data().topics()) {
            if (topic.name() != null && topic.topicId() != null && !Uuid.ZERO_UUID.equals(topic.topicId())) {
                names.put(topic.topicId(), topic.name());
            }
        }
    }

    Optional<String> name(Uuid topicId) {
        return Optional.ofNullable(topicId).map(names::get);
    }
}
