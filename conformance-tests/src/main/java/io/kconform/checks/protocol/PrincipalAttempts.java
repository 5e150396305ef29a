package io.kconform.checks.protocol;

import io.kconform.api.context.CheckContext;
import io.kconform.api.outcome.HarnessException;
import io.kconform.api.target.ClientPrincipal;
import io.kconform.checks.Closing;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Tries one operation on a topic as another principal than the harness's, each time with a client of
 * its own, so that nothing a client cached from an earlier answer (metadata, an authorization error)
 * decides the next one. The answer is kept, not thrown: refusals are what a check about ACLs expects.
 * The principal failing to authenticate is thrown: then nothing about authorization can be seen.
 */
final class PrincipalAttempts {

    /** How long one attempt may take: a refusal comes with the first Metadata or Fetch answer. */
    private static final Duration BOUND = Duration.ofSeconds(10);

    private final CheckContext ctx;
    private final ClientPrincipal principal;

    PrincipalAttempts(CheckContext ctx, ClientPrincipal principal) {
        this.ctx = ctx;
        this.principal = principal;
    }

    /**
     * What happened to one attempt: done, or the error the client raised.
     *
     * @param what  the operation, for evidence and messages
     * @param error empty when the operation was carried out
     */
    record Attempt(String what, Optional<Throwable> error) {

        boolean done() {
            return error.isEmpty();
        }

        /** Refused for want of an ACL on the topic: TOPIC_AUTHORIZATION_FAILED. */
        boolean refused() {
            return error.filter(TopicAuthorizationException.class::isInstance).isPresent();
        }

        /** What came of it: done, refused or failed, with the error. */
        String outcome() {
            return error.map(e -> (e instanceof TopicAuthorizationException ? "refused, " : "failed, ")
                    + e.getClass().getSimpleName() + ": " + e.getMessage()).orElse("done");
        }

        @Override
        public String toString() {
            return what + ": " + outcome();
        }
    }

    /** Produces one record to partition 0 of {@code topic}, acks=all, not idempotent (no InitProducerId). */
    Attempt write(String topic) {
        String what = principal + " writing to " + topic;
        KafkaProducer<String, String> producer = new KafkaProducer<>(ctx.clientConfigAs(principal, Map.of(
                ProducerConfig.CLIENT_ID_CONFIG, ctx.uniqueName("restricted-producer"),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) BOUND.toMillis(),
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) BOUND.toMillis() / 2,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) BOUND.toMillis())),
                new StringSerializer(), new StringSerializer());
        try {
            producer.send(new ProducerRecord<>(topic, 0, "key", "written by " + principal))
                    .get(BOUND.toMillis() + 5_000, TimeUnit.MILLISECONDS);
            return new Attempt(what, Optional.empty());
        } catch (ExecutionException e) {
            return new Attempt(what, Optional.of(authenticated(e.getCause())));
        } catch (KafkaException | TimeoutException e) {
            return new Attempt(what, Optional.of(authenticated(e)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HarnessException("interrupted while " + what, e);
        } finally {
            producer.close(Duration.ofSeconds(5));
        }
    }

    /** Reads partition 0 of {@code topic} from the start, without a group, until a record or an error comes. */
    Attempt read(String topic) {
        String what = principal + " reading from " + topic;
        TopicPartition partition = new TopicPartition(topic, 0);
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(ctx.clientConfigAs(principal, Map.of(
                ConsumerConfig.CLIENT_ID_CONFIG, ctx.uniqueName("restricted-consumer"),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) BOUND.toMillis())),
                new StringDeserializer(), new StringDeserializer());
        try {
            consumer.assign(List.of(partition));
            long deadline = System.nanoTime() + BOUND.toNanos();
            while (System.nanoTime() < deadline) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
                if (!records.isEmpty()) {
                    return new Attempt(what + " (" + records.count() + " records read)", Optional.empty());
                }
            }
            return new Attempt(what, Optional.of(new TimeoutException("neither a record nor an error within "
                    + BOUND.toSeconds() + " s")));
        } catch (KafkaException e) {
            return new Attempt(what, Optional.of(authenticated(e)));
        } finally {
            Closing.consumer(consumer, Duration.ofSeconds(5));
        }
    }

    /** The error, unless it says the principal could not authenticate, which ends the check (ERROR). */
    private Throwable authenticated(Throwable error) {
        if (error instanceof AuthenticationException authentication) {
            throw authentication;
        }
        return error;
    }
}
