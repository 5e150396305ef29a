package io.kconform.harness.proxy.mutations;

import io.kconform.harness.proxy.Exchange;
import io.kconform.harness.proxy.Mutation;
import io.kconform.harness.proxy.RequestAction;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData.AddPartitionsToTxnTransaction;
import org.apache.kafka.common.message.EndTxnRequestData;
import org.apache.kafka.common.message.EndTxnResponseData;
import org.apache.kafka.common.message.ProduceRequestData.PartitionProduceData;
import org.apache.kafka.common.message.ProduceRequestData.TopicProduceData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AddPartitionsToTxnRequest;
import org.apache.kafka.common.requests.EndTxnRequest;
import org.apache.kafka.common.requests.EndTxnResponse;
import org.apache.kafka.common.requests.JoinGroupRequest;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.TxnOffsetCommitRequest;

/**
 * Transaction coordinators that get one rule of a transaction's life wrong each: EndTxn acknowledged and never
 * carried out (transactions left hanging), EndTxn refused for a transaction that wrote no records (offsets alone
 * cannot be committed), and transactional offset commits taken whatever their group generation (no KIP-447
 * zombie fencing). State is kept across connections, thread-safe.
 */
public final class TransactionFaults {

    private TransactionFaults() {
    }

    /**
     * EndTxn answered with success and never forwarded: the producer believes its transaction committed or
     * aborted, the coordinator still holds it open, no marker is written and the partitions' last stable offset
     * stays at the transaction's first record until the transaction times out.
     */
    public static Mutation swallowEndTxn() {
        return new SwallowEndTxn();
    }

    /**
     * EndTxn of a producer id that sent no transactional Produce and no AddPartitionsToTxn since its last EndTxn
     * answered INVALID_TXN_STATE without reaching the broker: a target that creates a transaction only with its
     * first record and cannot end one that carried offsets alone.
     */
    public static Mutation refuseEndTxnWithoutRecords() {
        return new RefuseEndTxnWithoutRecords();
    }

    /**
     * TxnOffsetCommit (v3 and later, which carry the group metadata of KIP-447) reaches the broker with
     * generation -1, an empty member id and no group instance id, as from a client older than KIP-447: the
     * coordinator then validates no member and no generation, so a zombie's offsets are taken.
     */
    public static Mutation txnOffsetCommitWithoutGeneration() {
        return new TxnOffsetCommitWithoutGeneration();
    }

    /** The EndTxn answer a coordinator gives on success: from v5 on, the producer takes its id and epoch from it. */
    private static EndTxnResponse success(EndTxnRequest end) {
        EndTxnRequestData data = end.data();
        return new EndTxnResponse(new EndTxnResponseData().setErrorCode(Errors.NONE.code())
                .setProducerId(data.producerId()).setProducerEpoch(data.producerEpoch()));
    }

    private static final class SwallowEndTxn extends NamedMutation {
        SwallowEndTxn() {
            super("SwallowEndTxn", "acknowledges EndTxn without forwarding it: every transaction is left open");
        }

        @Override
        public boolean interceptsRequest(ApiKeys apiKey) {
            return apiKey == ApiKeys.END_TXN;
        }

        @Override
        public RequestAction onRequest(Exchange exchange, AbstractRequest request) {
            return RequestAction.respond(success((EndTxnRequest) request));
        }
    }

    private static final class RefuseEndTxnWithoutRecords extends NamedMutation {
        /** Producer ids with a transactional write or an added partition since their last EndTxn. */
        private final Set<Long> withRecords = ConcurrentHashMap.newKeySet();

        RefuseEndTxnWithoutRecords() {
            super("RefuseEndTxnWithoutRecords", "EndTxn of a transaction with no record (offsets only, or nothing)"
                    + " answered INVALID_TXN_STATE: only transactions that wrote records can end");
        }

        @Override
        public boolean interceptsRequest(ApiKeys apiKey) {
            return apiKey == ApiKeys.END_TXN || apiKey == ApiKeys.PRODUCE || apiKey == ApiKeys.ADD_PARTITIONS_TO_TXN;
        }

        @Override
        public RequestAction onRequest(Exchange exchange, AbstractRequest request) {
            if (request instanceof ProduceRequest produce) {
                if (produce.data().transactionalId() != null) {
                    noteTransactionalBatches(produce);
                }
                return RequestAction.forward();
            }
            if (request instanceof AddPartitionsToTxnRequest add) {
                noteAddedPartitions(add.data(), exchange.apiVersion());
                return RequestAction.forward();
            }
            EndTxnRequest end = (EndTxnRequest) request;
            if (withRecords.remove(end.data().producerId())) {
                return RequestAction.forward();
            }
            return RequestAction.respond(end.getErrorResponse(0, Errors.INVALID_TXN_STATE.exception()));
        }

        private void noteTransactionalBatches(ProduceRequest produce) {
            for (TopicProduceData topic : produce.data().topicData()) {
                for (PartitionProduceData partition : topic.partitionData()) {
                    if (partition.records() instanceof MemoryRecords records) {
                        for (RecordBatch batch : records.batches()) {
                            if (batch.isTransactional()) {
                                withRecords.add(batch.producerId());
                            }
                        }
                    }
                }
            }
        }

        private void noteAddedPartitions(AddPartitionsToTxnRequestData data, short version) {
            if (version <= 3) {
                withRecords.add(data.v3AndBelowProducerId());
                return;
            }
            for (AddPartitionsToTxnTransaction transaction : data.transactions()) {
                if (!transaction.verifyOnly()) {
                    withRecords.add(transaction.producerId());
                }
            }
        }
    }

    private static final class TxnOffsetCommitWithoutGeneration extends NamedMutation {
        TxnOffsetCommitWithoutGeneration() {
            super("TxnOffsetCommitWithoutGeneration", "transactional offset commits reach the coordinator without"
                    + " generation, member id or instance id: commits of past generations are taken");
        }

        @Override
        public boolean interceptsRequest(ApiKeys apiKey) {
            return apiKey == ApiKeys.TXN_OFFSET_COMMIT;
        }

        @Override
        public RequestAction onRequest(Exchange exchange, AbstractRequest request) {
            if (exchange.apiVersion() < 3) {
                return RequestAction.forward(); // no group metadata on the wire: nothing to take away
            }
            TxnOffsetCommitRequest commit = (TxnOffsetCommitRequest) request;
            commit.data().setGenerationIdOrMemberEpoch(JoinGroupRequest.UNKNOWN_GENERATION_ID)
                    .setMemberId(JoinGroupRequest.UNKNOWN_MEMBER_ID)
                    .setGroupInstanceId(null);
            return RequestAction.forward(commit);
        }
    }
}
