package org.apache.kafka.common.utils;

/**
 * The one class MirrorMaker 2's connectors of release 4.3.1 ({@code connect-mirror}) need from
 * {@code kafka-clients} that 4.4.0 no longer has where they look for it: Kafka 4.4.0 moved it to
 * {@code org.apache.kafka.common.utils.internals}. The connectors call {@link #getVersion()} for their
 * {@code version()}, which the Connect worker asks when it discovers them and when it validates a
 * connector's config; without this class both end in a {@code NoClassDefFoundError}.
 *
 * <p>It answers as the class it stands for did: the version of the {@code kafka-clients} on the class path.
 * No 4.4.0 {@code connect-mirror} is in the Maven repository the project builds from (README: Dependencies);
 * once one is, this class goes. The connectors use nothing else that 4.4.0 lacks (the other class, {@code Exit},
 * only MirrorMaker's own command-line driver uses, which the checks never run).
 */
public final class AppInfoParser {

    private AppInfoParser() {
    }

    /** The version of the Kafka clients on the class path, as {@code kafka-clients} 4.3.1 answered it. */
    public static String getVersion() {
        return org.apache.kafka.common.utils.internals.AppInfoParser.getVersion();
    }

    /** The commit id of the Kafka clients on the class path. */
    public static String getCommitId() {
        return org.apache.kafka.common.utils.internals.AppInfoParser.getCommitId();
    }
}
