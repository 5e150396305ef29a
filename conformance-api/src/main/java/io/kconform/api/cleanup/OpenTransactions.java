package io.kconform.api.cleanup;

import io.kconform.api.target.ResourceNames;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Ends the transactions a run left open, as a run that was killed mid-transaction leaves them: transactional ids
 * cannot be deleted, but a transaction left {@code Ongoing} would hold back read_committed readers of its partitions
 * until its timeout. Each is fenced the way Kafka specifies: a producer with the same {@code transactional.id} calls
 * {@code initTransactions()}, which bumps the epoch and aborts what the old producer left open. Only transactional
 * ids under the run's prefix are touched. A target without ListTransactions has nothing this can list, and is left
 * alone. Stateless.
 */
final class OpenTransactions {

    private OpenTransactions() {
    }

    /**
     * Aborts the run's open transactions, before its topics are deleted so that the abort markers have partitions to
     * go to.
     *
     * @return how many transactions were aborted
     * @throws Exception the listing or a fencing failed; the caller reports it
     */
    static int abort(Admin admin, String bootstrapServers, Map<String, Object> clientProperties, ResourceNames names,
                     long stepMillis) throws Exception {
        List<String> open;
        try {
            open = admin.listTransactions(new ListTransactionsOptions().filterStates(List.of(TransactionState.ONGOING)))
                    .all().get(stepMillis, TimeUnit.MILLISECONDS).stream().map(TransactionListing::transactionalId)
                    .filter(names::owns).sorted().toList();
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof UnsupportedVersionException) {
                return 0;
            }
            throw e;
        }
        for (String transactionalId : open) {
            Map<String, Object> config = new HashMap<>(clientProperties);
            config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            config.put(CommonClientConfigs.CLIENT_ID_CONFIG, names.prefix() + "-cleanup-fence");
            config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
            config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) stepMillis);
            try (KafkaProducer<byte[], byte[]> fence = new KafkaProducer<>(config, new ByteArraySerializer(),
                    new ByteArraySerializer())) {
                fence.initTransactions();
                fence.close(Duration.ofMillis(stepMillis));
            }
        }
        return open.size();
    }
}
