/**
 * Java client releases other than the one kconform is built against: which ApiVersions version each sends
 * first (measured from its kafka-clients artifact), which one can assess a target that current clients cannot
 * connect to, and the class path of a JVM that runs kconform's checks with it.
 */
package io.kconform.harness.clients;
