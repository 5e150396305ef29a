/**
 * Wire-level access to a target: exact requests at exact versions, built on the generated message
 * classes and the network client of kafka-clients, so that TLS and SASL work as they do for the
 * Java clients ({@link io.kconform.api.wire.WireClient}); and, for bytes no client would send
 * (malformed frames, wrong header versions, unknown API keys), a bounded plain-TCP connection
 * ({@link io.kconform.api.wire.RawConnection}) whose requests are still encoded by kafka-clients
 * except for the one deliberate fault ({@link io.kconform.api.wire.RawFrames}); and streaming sockets, plain or
 * TLS as the target's clients speak, for code that relays a client's bytes
 * ({@link io.kconform.api.wire.ClientSockets}).
 */
package io.kconform.api.wire;
