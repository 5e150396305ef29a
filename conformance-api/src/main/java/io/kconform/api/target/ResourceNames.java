package io.kconform.api.target;

import io.kconform.api.outcome.HarnessException;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Names every topic, group and transactional id a run creates, under one prefix of its own, so that
 * two runs, or a run against a shared production cluster, never touch each other's data, and the
 * run can delete exactly what it made. Thread-safe and immutable.
 *
 * <p>Names contain only {@code [a-z0-9-]}, which every Kafka resource accepts, and no dots, which
 * Kafka's metric names would confuse with underscores.
 */
public final class ResourceNames {

    /** Every run's prefix starts with this, so leftovers of killed runs can be found. */
    public static final String ROOT = "kconform";

    private static final Pattern UNSAFE = Pattern.compile("[^a-z0-9-]+");
    private static final int MAX_LENGTH = 200;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String prefix;
    private final Set<String> issued = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private ResourceNames(String prefix) {
        this.prefix = prefix;
    }

    /** A new, random prefix: {@code kconform-} and eight base-36 characters. */
    public static ResourceNames newRun() {
        StringBuilder id = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            id.append(Character.forDigit(RANDOM.nextInt(36), 36));
        }
        return new ResourceNames(ROOT + "-" + id);
    }

    /** Names under a given prefix, which must itself be a safe name. */
    public static ResourceNames withPrefix(String prefix) {
        if (!prefix.equals(sanitize(prefix)) || prefix.isEmpty()) {
            throw new IllegalArgumentException("prefix '" + prefix + "' may only contain a-z, 0-9 and '-'");
        }
        return new ResourceNames(prefix);
    }

    /** The run's prefix. */
    public String prefix() {
        return prefix;
    }

    /**
     * A name under the prefix for something a check or fixture creates: {@code <prefix>-<owner>-<suffix>},
     * where the owner is a check id or a fixture's name. Dots and other unsafe characters become
     * hyphens; very long names are shortened with a hash so that they stay unique.
     */
    public String name(String owner, String suffix) {
        if (closed) {
            throw new HarnessException("the run is ending: no new topic, group or transactional id is named under "
                    + prefix);
        }
        String name = prefix + "-" + sanitize(owner) + (suffix.isEmpty() ? "" : "-" + sanitize(suffix));
        if (name.length() > MAX_LENGTH) {
            String hash = Integer.toHexString(name.hashCode());
            name = name.substring(0, MAX_LENGTH - hash.length() - 1) + "-" + hash;
        }
        issued.add(name);
        return name;
    }

    /**
     * Every name {@link #name} has handed out, so that a cleanup whose client cannot list some kind of resource
     * (a Java client before 4.0 lists consumer groups only, not Connect's) can still delete it by name.
     */
    public Set<String> issued() {
        return Set.copyOf(issued);
    }

    /**
     * Ends the naming: from now on {@link #name} throws, so that checks still running while the run
     * ends (on Ctrl-C) create nothing the cleanup would miss.
     */
    public void close() {
        closed = true;
    }

    /**
     * Whether a resource was made by this run. Every name the run makes starts with the prefix (a Connect sink's
     * group too: the checks name it rather than leaving Connect's {@code connect-<connector>}); containment, not a
     * starting match, decides, so that such a group left by an older kconform is still found.
     */
    public boolean owns(String resourceName) {
        return resourceName.contains(prefix);
    }

    private static String sanitize(String text) {
        String lower = UNSAFE.matcher(text.toLowerCase(Locale.ROOT)).replaceAll("-");
        return lower.replaceAll("-{2,}", "-").replaceAll("^-|-$", "");
    }

    @Override
    public String toString() {
        return prefix;
    }
}
