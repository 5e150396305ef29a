package io.kconform.api.junit;

import io.kconform.api.target.Target;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How a launcher hands a probed target to the checks it runs in the same JVM: it registers the
 * target under a key and passes the key as the configuration parameter {@value #TARGET_KEY}.
 * Launcher configuration parameters carry strings only; the registry carries the object, so
 * secrets never pass through a configuration parameter. Thread-safe.
 */
public final class TargetRegistry {

    /** The configuration parameter naming the registered target a run uses. */
    public static final String TARGET_KEY = "kconform.target";

    private static final Map<String, Target> TARGETS = new ConcurrentHashMap<>();

    private TargetRegistry() {
    }

    /** Registers a target under {@code key}; {@link #unregister} it when the run ends. */
    public static void register(String key, Target target) {
        if (TARGETS.putIfAbsent(key, target) != null) {
            throw new IllegalStateException("a target is already registered under " + key);
        }
    }

    /** Removes a registration. */
    public static void unregister(String key) {
        TARGETS.remove(key);
    }

    /** The target registered under {@code key}. */
    public static Optional<Target> lookup(String key) {
        return Optional.ofNullable(TARGETS.get(key));
    }
}
