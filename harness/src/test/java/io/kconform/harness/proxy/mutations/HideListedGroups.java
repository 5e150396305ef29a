package io.kconform.harness.proxy.mutations;

import io.kconform.harness.proxy.Exchange;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ListGroupsResponse;

/**
 * Answers ListGroups without error and without any group, as a target that runs consumer groups but
 * does not list them: operators and tools cannot find a running group. DescribeGroups, given the
 * group's id, still tells the truth.
 */
public final class HideListedGroups extends NamedMutation {

    public HideListedGroups() {
        super("HideListedGroups", "answers ListGroups with no group");
    }

    @Override
    public boolean interceptsResponse(ApiKeys apiKey) {
        return apiKey == ApiKeys.LIST_GROUPS;
    }

    @Override
    public AbstractResponse onResponse(Exchange exchange, AbstractResponse response) {
        ((ListGroupsResponse) response).data().groups().clear();
        return response;
    }
}
