package io.kconform.harness.clients;

import io.kconform.api.JavaClients;
import io.kconform.api.target.Handshake;
import io.kconform.harness.maven.ArtifactResolver;
import io.kconform.harness.maven.ResolutionException;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The Java client releases kconform can assess a target with when current clients cannot connect to it, resolved
 * from Maven repositories as broker releases are ({@link ArtifactResolver}). Which ApiVersions version a release's
 * clients send first is measured from its own kafka-clients artifact, read in a class loader of its own, never
 * taken from a table. Thread-safe; measurements are kept for the life of the JVM, resolutions for the life of the
 * instance.
 *
 * <p>Measured on this project's machine (2026-12): kafka-clients 3.3.2 to 3.8.1 send ApiVersions v3, 3.9.1 to
 * 4.3.2 v4, 4.4.0 v5.
 */
public final class ClientReleases {

    /**
     * The candidates, newest first: the latest patch of each release line from 4.3 down to 3.3, the oldest whose
     * brokers kconform launches. A line's newest patch has its fixes; only the first that fits is resolved whole.
     */
    public static final List<String> CANDIDATES = List.of("4.3.2", "4.2.2", "4.1.2", "4.0.2", "3.9.1", "3.8.1",
            "3.7.2", "3.6.2", "3.5.2", "3.4.1", "3.3.2");

    /**
     * What each release's artifact was measured to send, for the life of the JVM: a pure function of the artifact,
     * and measuring loads all of a release's protocol classes. A release that could not be resolved is not kept.
     */
    private static final Map<String, ClientRelease> MEASURED = new ConcurrentHashMap<>();

    private final ArtifactResolver resolver;
    private final Map<String, List<ArtifactResolver.Resolved>> resolutions = new ConcurrentHashMap<>();

    public ClientReleases(ArtifactResolver resolver) {
        this.resolver = resolver;
    }

    /**
     * Chooses the newest candidate whose clients send an ApiVersions version the target answers.
     *
     * @param handshake how the target met current clients' handshake
     * @param progress  told what is resolved or downloaded
     */
    public ClientChoice choose(Handshake handshake, Consumer<String> progress) {
        return ClientChoice.choose(handshake.olderClientLimit(), CANDIDATES, version -> measure(version, progress));
    }

    /** The ApiVersions version a release's clients send first, read from its kafka-clients artifact. */
    ClientChoice.Measured measure(String version, Consumer<String> progress) {
        try {
            return new ClientChoice.Measured.Release(MEASURED.computeIfAbsent(version, v -> new ClientRelease(v,
                    apiVersionsVersion(resolver.resolve(List.of("org.apache.kafka:kafka-clients:" + v),
                            jar -> progress.accept("downloading " + jar))))));
        } catch (ResolutionException | IllegalStateException e) {
            // not resolvable, or its kafka-clients has no ApiKeys to read: passed over, with why
            return new ClientChoice.Measured.Unavailable(version, e.getMessage());
        }
    }

    /**
     * {@code ApiKeys.API_VERSIONS.latestVersion()} of the kafka-clients in {@code jars}, in a class loader that
     * sees nothing of this JVM's own kafka-clients.
     */
    static short apiVersionsVersion(List<Path> jars) {
        URL[] urls = new URL[jars.size()];
        for (int i = 0; i < jars.size(); i++) {
            try {
                urls[i] = jars.get(i).toUri().toURL();
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException("not a jar path: " + jars.get(i), e);
            }
        }
        try (URLClassLoader loader = new URLClassLoader(urls, ClassLoader.getPlatformClassLoader())) {
            Class<?> apiKeys = Class.forName("org.apache.kafka.common.protocol.ApiKeys", true, loader);
            Object apiVersions = apiKeys.getField("API_VERSIONS").get(null);
            return (Short) apiKeys.getMethod("latestVersion").invoke(apiVersions);
        } catch (ReflectiveOperationException | IOException e) {
            throw new IllegalStateException("cannot read ApiKeys.API_VERSIONS.latestVersion() of " + jars.get(0), e);
        }
    }

    /**
     * The class path of a JVM that runs kconform's checks with {@code release} ({@link ClientClassPath}).
     *
     * @throws ResolutionException when the release or the built-against artifacts cannot be resolved
     */
    public List<Path> classPath(ClientRelease release, Consumer<String> progress) {
        return ClientClassPath.assemble(ClientClassPath.ofThisJvm(), resolution(JavaClients.builtAgainst(), progress),
                resolution(release.version(), progress));
    }

    private List<ArtifactResolver.Resolved> resolution(String version, Consumer<String> progress) {
        return resolutions.computeIfAbsent(version, v -> new ArrayList<>(resolver.resolveArtifacts(
                ClientRelease.artifacts(v), jar -> progress.accept("downloading " + jar))));
    }
}
