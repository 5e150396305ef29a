package io.kconform.harness.maven;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.maven.model.interpolation.ModelInterpolator;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResolutionException;
import org.eclipse.aether.supplier.RepositorySystemSupplier;
import org.eclipse.aether.supplier.SessionBuilderSupplier;
import org.eclipse.aether.transfer.AbstractTransferListener;
import org.eclipse.aether.transfer.TransferEvent;
import org.eclipse.aether.util.artifact.JavaScopes;
import org.eclipse.aether.util.filter.DependencyFilterUtils;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Resolves the runtime class path of a set of Maven coordinates, transitively, as Maven would.
 *
 * <p>The local repository is Maven's own ({@code maven.repo.local}, the {@code localRepository} of
 * {@code ~/.m2/settings.xml}, or {@code ~/.m2/repository}), so what Maven or an earlier run
 * downloaded is reused without the network. The remote repository is, in this order, the system
 * property {@code maven.repo.central}, a mirror of {@code central} or {@code *} in
 * {@code ~/.m2/settings.xml}, or Maven's default central repository.
 *
 * <p>Thread-safe: each call opens its own session.
 */
public final class ArtifactResolver {

    private final RepositorySystem system = new RepositorySystemSupplier().get();
    private final Path localRepository;
    private final RemoteRepository remote;

    /** A resolver configured like the user's Maven. */
    public ArtifactResolver() {
        Optional<Document> settings = readSettings();
        this.localRepository = localRepository(settings);
        this.remote = new RemoteRepository.Builder("central", "default", remoteUrl(settings)).build();
    }

    /**
     * Resolves the coordinates ({@code group:artifact:version}) and their runtime dependencies.
     *
     * @param downloads told the name of each artifact that has to be downloaded, for progress output
     * @return the jar files, in class-path order
     * @throws ResolutionException naming what could not be resolved and from where
     */
    public List<Path> resolve(List<String> coordinates, Consumer<String> downloads) {
        return resolveArtifacts(coordinates, downloads).stream().map(Resolved::path).toList();
    }

    /**
     * A resolved artifact: its coordinates and its file.
     *
     * @param groupId    e.g. {@code org.apache.kafka}
     * @param artifactId e.g. {@code kafka-clients}
     * @param version    the version resolution chose
     * @param path       the jar in the local repository
     */
    public record Resolved(String groupId, String artifactId, String version, Path path) {
    }

    /**
     * As {@link #resolve}, keeping each jar's coordinates: for a caller that must tell which library a jar is,
     * whatever its file is called.
     *
     * @throws ResolutionException naming what could not be resolved and from where
     */
    public List<Resolved> resolveArtifacts(List<String> coordinates, Consumer<String> downloads) {
        CollectRequest collect = new CollectRequest();
        for (String coordinate : coordinates) {
            collect.addDependency(new Dependency(new DefaultArtifact(coordinate), JavaScopes.RUNTIME));
        }
        collect.addRepository(remote);
        DependencyRequest request = new DependencyRequest(collect, DependencyFilterUtils.classpathFilter(JavaScopes.RUNTIME));
        try (RepositorySystemSession.CloseableSession session = new SessionBuilderSupplier(system).get()
                .withLocalRepositoryBaseDirectories(localRepository)
                .setSystemProperties(System.getProperties())
                .setTransferListener(new AbstractTransferListener() {
                    @Override
                    public void transferStarted(TransferEvent event) {
                        String name = event.getResource().getResourceName();
                        if (name.endsWith(".jar")) {
                            downloads.accept(name.substring(name.lastIndexOf('/') + 1));
                        }
                    }
                })
                .build()) {
            List<Resolved> jars = new ArrayList<>();
            for (ArtifactResult result : system.resolveDependencies(session, request).getArtifactResults()) {
                org.eclipse.aether.artifact.Artifact artifact = result.getArtifact();
                jars.add(new Resolved(artifact.getGroupId(), artifact.getArtifactId(), artifact.getVersion(),
                        artifact.getPath()));
            }
            return jars;
        } catch (DependencyResolutionException e) {
            throw new ResolutionException("cannot resolve " + String.join(", ", coordinates) + " from "
                    + remote.getUrl() + " (local repository " + localRepository + "): " + rootMessage(e), e);
        }
    }

    /** Where resolved artifacts are kept. */
    public Path localRepository() {
        return localRepository;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    /**
     * The local repository a resolver would use, found without building one (which takes a while): for
     * telling whether an artifact is there already.
     */
    public static Path userLocalRepository() {
        return localRepository(readSettings());
    }

    private static Path localRepository(Optional<Document> settings) {
        String property = System.getProperty("maven.repo.local");
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        Optional<String> configured = settings.flatMap(doc -> firstText(doc.getDocumentElement(), "localRepository"));
        return configured.map(s -> Path.of(s.replace("${user.home}", System.getProperty("user.home"))))
                .orElse(Path.of(System.getProperty("user.home"), ".m2", "repository"));
    }

    private static String remoteUrl(Optional<Document> settings) {
        String property = System.getProperty(ModelInterpolator.MAVEN_REPO_CENTRAL_KEY);
        if (property != null && !property.isBlank()) {
            return property;
        }
        if (settings.isPresent()) {
            NodeList mirrors = settings.get().getElementsByTagName("mirror");
            for (int i = 0; i < mirrors.getLength(); i++) {
                Element mirror = (Element) mirrors.item(i);
                Optional<String> of = firstText(mirror, "mirrorOf");
                Optional<String> url = firstText(mirror, "url");
                if (of.isPresent() && url.isPresent() && mirrorsCentral(of.get())) {
                    return url.get();
                }
            }
        }
        return ModelInterpolator.DEFAULT_MAVEN_REPO_CENTRAL_URL;
    }

    private static boolean mirrorsCentral(String mirrorOf) {
        for (String entry : mirrorOf.split(",")) {
            String e = entry.strip();
            if (e.equals("central") || e.equals("*") || e.equals("external:*")) {
                return true;
            }
        }
        return false;
    }

    private static Optional<Document> readSettings() {
        File file = Path.of(System.getProperty("user.home"), ".m2", "settings.xml").toFile();
        if (!Files.isRegularFile(file.toPath())) {
            return Optional.empty();
        }
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return Optional.of(factory.newDocumentBuilder().parse(file));
        } catch (Exception e) {
            // An unreadable settings file is Maven's problem to report; the defaults still work.
            return Optional.empty();
        }
    }

    private static Optional<String> firstText(Element parent, String tag) {
        NodeList nodes = parent.getElementsByTagName(tag);
        if (nodes.getLength() == 0) {
            return Optional.empty();
        }
        String text = nodes.item(0).getTextContent();
        return text == null || text.isBlank() ? Optional.empty() : Optional.of(text.strip());
    }
}
