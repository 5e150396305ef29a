package io.kconform.harness.proxy;

/** What every connection of one proxy shares. */
record ProxyContext(MutationChain chain, AddressRewriter rewriter, TopicNames topicNames, ProblemLog problems) {
}
