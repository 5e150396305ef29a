/**
 * The faults {@link io.kconform.harness.proxy.KafkaMutatingProxy} can apply, one small class per
 * fault. Each names itself and says in one line what it breaks; its test shows the effect a client
 * sees against a real broker.
 *
 * <ul>
 *   <li>ApiVersions: {@link io.kconform.harness.proxy.mutations.StripApis},
 *       {@link io.kconform.harness.proxy.mutations.CapApiVersion},
 *       {@link io.kconform.harness.proxy.mutations.ApiVersionsError}</li>
 *   <li>Produce: {@link io.kconform.harness.proxy.mutations.SwallowProduce},
 *       {@link io.kconform.harness.proxy.mutations.RejectCompression},
 *       {@link io.kconform.harness.proxy.mutations.StripIdempotence},
 *       {@link io.kconform.harness.proxy.mutations.DuplicateProduce}</li>
 *   <li>Fetch: {@link io.kconform.harness.proxy.mutations.RewriteFetchedRecords},
 *       {@link io.kconform.harness.proxy.mutations.StripAbortedTransactions},
 *       {@link io.kconform.harness.proxy.mutations.DropControlBatches},
 *       {@link io.kconform.harness.proxy.mutations.ReadCommittedAsUncommitted},
 *       {@link io.kconform.harness.proxy.mutations.ForgetDeliveredRecords}</li>
 *   <li>Offsets and transactions: {@link io.kconform.harness.proxy.mutations.SwallowOffsetCommit},
 *       {@link io.kconform.harness.proxy.mutations.TransactionalIdPerConnection},
 *       {@link io.kconform.harness.proxy.mutations.TransactionFaults}</li>
 *   <li>Topics: {@link io.kconform.harness.proxy.mutations.RejectTopicConfig}</li>
 * </ul>
 *
 * <p>The Fetch mutations touch the classic Fetch API only, not share-group fetches (ShareFetch).
 */
package io.kconform.harness.proxy.mutations;
