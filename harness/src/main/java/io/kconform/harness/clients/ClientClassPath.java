package io.kconform.harness.clients;

import io.kconform.harness.maven.ArtifactResolver.Resolved;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Pattern;

/**
 * The class path of a JVM that runs kconform's checks with another Java client release: kconform's own modules
 * and third-party libraries, with that release's Kafka artifacts in place of the ones kconform is built against.
 * Pure and stateless but for {@link #ofThisJvm()}.
 *
 * <p>The rules, in order:
 * <ol>
 *   <li>every entry of this JVM's class path that is a jar of the built-against Kafka artifacts' resolution (the
 *       clients, Streams, Connect and whatever they bring, Jetty and Jersey included) is left out;</li>
 *   <li>every other entry that is a library the release's resolution also has (the same artifact id, any
 *       version) is left out too: the release runs with the version Maven resolves for it;</li>
 *   <li>except the libraries kconform pins for its own logging ({@link #PINNED}: SLF4J 2 serves callers of 1.7,
 *       and the simple backend of 2 needs it), for which the release's version is left out instead;</li>
 *   <li>the release's jars come first, then what is left of this JVM's class path, in its order.</li>
 * </ol>
 */
public final class ClientClassPath {

    /** Artifact ids whose version is kconform's, whatever the release resolves. */
    static final Set<String> PINNED = Set.of("slf4j-api");

    private ClientClassPath() {
    }

    /**
     * @param own          this JVM's class path, in order
     * @param builtAgainst the resolution of the Kafka artifacts kconform is built against
     * @param release      the resolution of the same artifacts at the release to run
     */
    public static List<Path> assemble(List<Path> own, List<Resolved> builtAgainst, List<Resolved> release) {
        Set<String> baselineJars = new java.util.HashSet<>();
        builtAgainst.forEach(jar -> baselineJars.add(jar.path().getFileName().toString()));
        List<Pattern> releaseLibraries = release.stream().filter(jar -> !PINNED.contains(jar.artifactId()))
                .map(jar -> Pattern.compile(Pattern.quote(jar.artifactId()) + "-\\d.*\\.jar")).toList();
        Set<Path> path = new LinkedHashSet<>();
        release.stream().filter(jar -> !PINNED.contains(jar.artifactId())).forEach(jar -> path.add(jar.path()));
        for (Path entry : own) {
            String name = entry.getFileName() == null ? "" : entry.getFileName().toString();
            if (baselineJars.contains(name) || releaseLibraries.stream().anyMatch(p -> p.matcher(name).matches())) {
                continue;
            }
            path.add(entry);
        }
        return List.copyOf(path);
    }

    /**
     * The class path kconform runs from: the URLs of the class loader that loaded it, when that is a
     * {@link URLClassLoader} (a build tool's plugin loader, such as the Maven plugin's, where {@code java.class.path}
     * is the build tool's launcher), else {@code java.class.path}; each jar's manifest {@code Class-Path} after that
     * jar (a test runner may start the JVM with one jar that names the real class path so).
     */
    public static List<Path> ofThisJvm() {
        return of(ClientClassPath.class.getClassLoader(), System.getProperty("java.class.path", ""));
    }

    /** The class path of {@code loader} as {@link #ofThisJvm()} takes it, {@code javaClassPath} where it has none. */
    static List<Path> of(ClassLoader loader, String javaClassPath) {
        if (loader instanceof URLClassLoader urls) {
            List<String> files = new ArrayList<>();
            for (URL url : urls.getURLs()) {
                if ("file".equals(url.getProtocol())) {
                    try {
                        files.add(Path.of(url.toURI()).toString());
                    } catch (URISyntaxException | IllegalArgumentException e) {
                        // not a path this JVM can hand on: left out
                    }
                }
            }
            if (!files.isEmpty()) {
                return of(String.join(File.pathSeparator, files));
            }
        }
        return of(javaClassPath);
    }

    /** The entries of a class path as {@code java.class.path} gives it, each jar's manifest class path after it. */
    static List<Path> of(String classPath) {
        Set<Path> entries = new LinkedHashSet<>();
        for (String element : classPath.split(File.pathSeparator)) {
            if (element.isBlank()) {
                continue;
            }
            Path entry = Path.of(element).toAbsolutePath().normalize();
            entries.add(entry);
            entries.addAll(manifestClassPath(entry));
        }
        return List.copyOf(entries);
    }

    private static List<Path> manifestClassPath(Path jar) {
        if (!Files.isRegularFile(jar) || !jar.getFileName().toString().endsWith(".jar")) {
            return List.of();
        }
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            String classPath = manifest == null ? null : manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
            if (classPath == null || classPath.isBlank()) {
                return List.of();
            }
            URI base = jar.getParent().toUri();
            List<Path> entries = new ArrayList<>();
            for (String token : classPath.trim().split("\\s+")) {
                entries.add(Path.of(base.resolve(token)).normalize());
            }
            return entries;
        } catch (IOException | IllegalArgumentException e) {
            return List.of();
        }
    }
}
