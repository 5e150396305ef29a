/**
 * The groups battery: consumer groups as applications use them. Committed offsets (with metadata)
 * and resuming from them, rebalancing between members of the classic protocol, the KIP-848 consumer
 * protocol (server-side assignors, revocation before assignment, ConsumerGroupDescribe, pattern subscription,
 * static members, online upgrade from classic), static membership (KIP-345), the admin operations that list,
 * describe and move a group's offsets, and share groups (KIP-932): records acquired by one member at a time,
 * released, rejected, archived at the delivery limit, redelivered when a lock expires, and their start offsets.
 * These are what turn a produce endpoint into a messaging backbone: without them
 * every consumer restart re-reads or skips data.
 */
package io.kconform.checks.groups;
