package io.kconform.checks.eos;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.junit.jupiter.api.Test;

class ThrowablesTest {

    @Test
    void fencingIsFoundAnywhereInTheCauseChain() {
        assertThat(Throwables.isFencing(new ProducerFencedException("fenced"))).isTrue();
        assertThat(Throwables.isFencing(new KafkaException("in error state",
                new InvalidProducerEpochException("old epoch")))).isTrue();
    }

    @Test
    void otherErrorsAreNotFencing() {
        assertThat(Throwables.isFencing(new InvalidTxnStateException("invalid state"))).isFalse();
        assertThat(Throwables.isFencing(new KafkaException("x", new IllegalStateException("y")))).isFalse();
    }

    @Test
    void chainNamesEveryCause() {
        assertThat(Throwables.chain(new KafkaException("outer", new ProducerFencedException("inner"))))
                .isEqualTo("KafkaException: outer <- ProducerFencedException: inner");
    }
}
