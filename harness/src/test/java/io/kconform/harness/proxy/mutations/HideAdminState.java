package io.kconform.harness.proxy.mutations;

import io.kconform.harness.proxy.Exchange;
import org.apache.kafka.common.message.DescribeLogDirsResponseData;
import org.apache.kafka.common.message.DescribeProducersResponseData;
import org.apache.kafka.common.message.DescribeTransactionsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.DescribeLogDirsResponse;
import org.apache.kafka.common.requests.DescribeProducersResponse;
import org.apache.kafka.common.requests.DescribeTransactionsResponse;
import org.apache.kafka.common.requests.ListTransactionsResponse;

/**
 * Answers an admin describe API without errors but without the state it is asked about, as an
 * endpoint that implements the API's shape but keeps no such state (or does not look it up) would:
 * the answer looks valid and says nothing true.
 */
public final class HideAdminState extends NamedMutation {

    private final ApiKeys api;

    private HideAdminState(ApiKeys api, String name, String description) {
        super(name, description);
        this.api = api;
    }

    /** DescribeProducers lists no active producer for any partition. */
    public static HideAdminState emptyDescribeProducers() {
        return new HideAdminState(ApiKeys.DESCRIBE_PRODUCERS, "EmptyDescribeProducers",
                "answers DescribeProducers with no active producers");
    }

    /** ListTransactions lists no transaction. */
    public static HideAdminState hideListedTransactions() {
        return new HideAdminState(ApiKeys.LIST_TRANSACTIONS, "HideListedTransactions",
                "answers ListTransactions with no transactions");
    }

    /** DescribeTransactions names no partition of any transaction. */
    public static HideAdminState forgetTransactionPartitions() {
        return new HideAdminState(ApiKeys.DESCRIBE_TRANSACTIONS, "ForgetTransactionPartitions",
                "answers DescribeTransactions without the partitions of each transaction");
    }

    /** DescribeLogDirs gives every partition a size of zero bytes. */
    public static HideAdminState zeroLogDirSizes() {
        return new HideAdminState(ApiKeys.DESCRIBE_LOG_DIRS, "ZeroLogDirSizes",
                "answers DescribeLogDirs with every partition's size at zero");
    }

    @Override
    public boolean interceptsResponse(ApiKeys apiKey) {
        return apiKey == api;
    }

    @Override
    public AbstractResponse onResponse(Exchange exchange, AbstractResponse response) {
        if (response instanceof DescribeProducersResponse producers) {
            for (DescribeProducersResponseData.TopicResponse topic : producers.data().topics()) {
                topic.partitions().forEach(p -> p.setActiveProducers(new java.util.ArrayList<>()));
            }
        } else if (response instanceof ListTransactionsResponse listed) {
            listed.data().setTransactionStates(new java.util.ArrayList<>());
        } else if (response instanceof DescribeTransactionsResponse described) {
            for (DescribeTransactionsResponseData.TransactionState state : described.data().transactionStates()) {
                state.setTopics(new DescribeTransactionsResponseData.TopicDataCollection());
            }
        } else if (response instanceof DescribeLogDirsResponse dirs) {
            for (DescribeLogDirsResponseData.DescribeLogDirsResult dir : dirs.data().results()) {
                for (DescribeLogDirsResponseData.DescribeLogDirsTopic topic : dir.topics()) {
                    topic.partitions().forEach(p -> p.setPartitionSize(0));
                }
            }
        }
        return response;
    }
}
