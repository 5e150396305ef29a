package io.kconform.harness.launch;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What differs between the Apache Kafka releases an embedded target can run: 3.3.0, the first
 * release whose KRaft mode is production-ready, up to any 4.x. Everything the launcher does
 * differently per release is decided here, so that {@link EmbeddedKafka} stays release-agnostic.
 *
 * <p>Checked by starting the latest patch of every line from 3.3 to 4.4 (the release targets of targets.yaml:
 * {@code KafkaReleasesIT} starts each, {@code GoldenOutcomesIT} runs the whole catalog on 3.3.2, 3.6.2, 3.9.1,
 * 4.0.2, 4.2.2 and 4.4.0):
 * <ul>
 *   <li>the storage tool is {@code kafka.tools.StorageTool}, and {@code format -t <cluster id> -c
 *       <server.properties>} with static {@code controller.quorum.voters} formats a single node in
 *       every one of them (the dynamic-quorum options of 3.9 and later are not needed);</li>
 *   <li>broker settings a release does not know are left out of its server.properties, so that the
 *       file shows what the broker really applies ({@link #supports(String)}); no broker of these releases
 *       logs a setting of the harness as unknown;</li>
 *   <li>SCRAM credentials at format time need 3.5 ({@code ListenerSecurity}), chosen feature levels 3.9
 *       ({@link #formatsFeatureLevels()}): a target asking for them on an older release is refused at once;</li>
 *   <li>logging: each release declares slf4j-api 1.7 at most; the launcher puts slf4j-api 2 and
 *       slf4j-simple 2 first on the class path, and every release logs through them into broker.log.</li>
 * </ul>
 * Guarantees: an instance always names a release of at least 3.3; one of 5.0 or later is
 * recognised ({@link #isNewerThanKnown()}) so that the launcher can refuse it with a clear message.
 */
public final class KafkaRelease {

    /** The first release whose KRaft mode kconform supports (KRaft became production-ready in 3.3). */
    static final String OLDEST = "3.3";

    private static final Pattern NUMBER = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)");

    /**
     * Broker settings introduced after 3.3, with the release that introduced them. A release older
     * than that does not get them: it would only log them as unknown, and server.properties should
     * show what the broker applies.
     */
    private static final Map<String, int[]> INTRODUCED = introduced();

    private final String version;
    private final int major;
    private final int minor;

    private KafkaRelease(String version, int major, int minor) {
        this.version = version;
        this.major = major;
        this.minor = minor;
    }

    private static Map<String, int[]> introduced() {
        Map<String, int[]> m = new LinkedHashMap<>();
        // KIP-932 share groups: the share coordinator's state topic arrived in 4.0.
        m.put("share.coordinator.state.topic.replication.factor", new int[] {4, 0});
        m.put("share.coordinator.state.topic.min.isr", new int[] {4, 0});
        return Map.copyOf(m);
    }

    /**
     * The release a target names.
     *
     * @throws TargetStartException when the number is not {@code major.minor.patch}, or the release
     *                              is older than 3.3 and so has no KRaft mode kconform supports
     */
    public static KafkaRelease of(String target, String version) {
        Matcher m = NUMBER.matcher(version);
        if (!m.matches()) {
            throw new TargetStartException(target, "'" + version + "' is not an Apache Kafka release number such as"
                    + " 4.4.0", java.util.List.of());
        }
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        if (major < 3 || (major == 3 && minor < 3)) {
            throw new TargetStartException(target, "Apache Kafka " + version + " has no KRaft mode kconform supports ("
                    + OLDEST + " or later)", java.util.List.of());
        }
        return new KafkaRelease(version, major, minor);
    }

    /**
     * Why an embedded target could not be launched, judged from its description alone (no download): a
     * release older than 3.3 or of 5.0 and later, security the release cannot set up, feature levels its
     * storage tool cannot format. The same rules {@link #of} and the launcher apply when the run starts,
     * so that {@code kconform targets} refuses what {@code kconform run} would. Empty when none applies;
     * whether the release exists is known only once it is resolved.
     */
    public static java.util.Optional<Refusal> unsupported(io.kconform.harness.config.EmbeddedTargetSpec spec) {
        KafkaRelease release;
        try {
            release = of(spec.name(), spec.version());
        } catch (TargetStartException e) {
            Matcher m = NUMBER.matcher(spec.version());
            return java.util.Optional.of(new Refusal("version", m.matches() ? "Apache Kafka " + spec.version()
                    + " has no KRaft mode kconform supports (" + OLDEST + " or later)" : "'" + spec.version()
                    + "' is not an Apache Kafka release number such as 4.4.0"));
        }
        if (release.isNewerThanKnown()) {
            return java.util.Optional.of(new Refusal("version", release + " is newer than the releases kconform knows"
                    + " how to launch (" + OLDEST + " to 4.x)"));
        }
        java.util.Optional<String> security = spec.security().flatMap(s -> ListenerSecurity.unsupported(s, spec.version()));
        if (security.isPresent()) {
            return security.map(reason -> new Refusal("security", reason));
        }
        if (!spec.features().isEmpty() && !release.formatsFeatureLevels()) {
            return java.util.Optional.of(new Refusal("features", release + " cannot be formatted with chosen feature"
                    + " levels; its storage tool takes --feature from Apache Kafka 3.9 on"));
        }
        return java.util.Optional.empty();
    }

    /**
     * Why a target cannot be launched.
     *
     * @param field  the target's field at fault, as targets.yaml names it ({@code version}, {@code security}, ...)
     * @param reason what is wrong, in a sentence
     */
    public record Refusal(String field, String reason) {
    }

    /** The release number, e.g. {@code 3.9.1}. */
    public String version() {
        return version;
    }

    /** The broker artifact, which brings the release's whole runtime class path. */
    public String brokerArtifact() {
        return "org.apache.kafka:kafka_2.13:" + version;
    }

    /**
     * A release of 5.0 or later: kconform has not learnt how it launches. Decided after resolution,
     * so that a number that does not exist is reported as such.
     */
    public boolean isNewerThanKnown() {
        return major >= 5;
    }

    /** The main class of the storage tool that formats the KRaft log directory. */
    public String storageTool() {
        return "kafka.tools.StorageTool";
    }

    /**
     * Whether the storage tool takes {@code --feature name=level} (KIP-1022, Apache Kafka 3.9), so that
     * a target can be formatted with feature levels other than the release's defaults.
     */
    public boolean formatsFeatureLevels() {
        return major > 3 || (major == 3 && minor >= 9);
    }

    /** Whether this release knows a broker setting that kconform sets by default. */
    public boolean supports(String brokerSetting) {
        int[] since = INTRODUCED.get(brokerSetting);
        return since == null || major > since[0] || (major == since[0] && minor >= since[1]);
    }

    /** Of the given broker settings, those this release knows, in their order. */
    public Map<String, String> known(Map<String, String> settings) {
        Map<String, String> kept = new LinkedHashMap<>();
        settings.forEach((key, value) -> {
            if (supports(key)) {
                kept.put(key, value);
            }
        });
        return kept;
    }

    @Override
    public String toString() {
        return "Apache Kafka " + version;
    }
}
