/**
 * Faults a check makes from the client side, with no access to the target's nodes: {@link
 * io.kconform.checks.faults.FaultProxy}, a Kafka-frame-aware TCP proxy on the loopback address that loses chosen
 * responses by cutting the connection, cuts every connection on demand and delays responses, so that checks see what
 * the target makes of a real client's retries. Checks of several batteries may use it; it holds no check.
 */
package io.kconform.checks.faults;
