/**
 * Wire-level access to a target: exact requests at exact versions, built on the generated message
 * classes and the network client of kafka-clients, so that TLS and SASL work as they do for the
 * Java clients.
 */
package io.kconform.api.wire;
