package io.kconform.harness.clients;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.harness.maven.ArtifactResolver.Resolved;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientClassPathTest {

    private static final Path REPO = Path.of("/m2");
    private static final Path LIB = Path.of("/kconform/lib");

    private static Resolved jar(String group, String artifact, String version) {
        return new Resolved(group, artifact, version, REPO.resolve(group.replace('.', '/')).resolve(artifact)
                .resolve(version).resolve(artifact + "-" + version + ".jar"));
    }

    @Test
    void theReleasesKafkaArtifactsTakeThePlaceOfTheBuiltAgainstOnesAndTheirLibraries() {
        List<Path> own = List.of(
                Path.of("/kconform/harness/target/classes"),
                LIB.resolve("conformance-tests-0.1.0-SNAPSHOT.jar"),
                LIB.resolve("kafka-clients-4.4.0.jar"),
                LIB.resolve("connect-runtime-4.4.0.jar"),
                LIB.resolve("jetty-ee10-servlet-12.0.22.jar"),
                LIB.resolve("jackson-databind-2.21.7.jar"),
                LIB.resolve("jackson-datatype-jsr310-2.21.7.jar"),
                LIB.resolve("commons-lang3-3.18.0.jar"),
                LIB.resolve("slf4j-api-2.0.20.jar"),
                LIB.resolve("slf4j-simple-2.0.20.jar"),
                LIB.resolve("junit-platform-launcher-6.1.3.jar"));
        List<Resolved> builtAgainst = List.of(
                jar("org.apache.kafka", "kafka-clients", "4.4.0"),
                jar("org.apache.kafka", "connect-runtime", "4.4.0"),
                jar("org.eclipse.jetty.ee10", "jetty-ee10-servlet", "12.0.22"),
                jar("com.fasterxml.jackson.core", "jackson-databind", "2.21.7"),
                jar("org.slf4j", "slf4j-api", "1.7.36"));
        List<Resolved> release = List.of(
                jar("org.apache.kafka", "kafka-clients", "3.8.1"),
                jar("org.apache.kafka", "connect-runtime", "3.8.1"),
                jar("org.eclipse.jetty", "jetty-servlet", "9.4.56.v20240826"),
                jar("com.fasterxml.jackson.core", "jackson-databind", "2.16.2"),
                jar("org.apache.commons", "commons-lang3", "3.12.0"),
                jar("org.slf4j", "slf4j-api", "1.7.36"));

        List<Path> path = ClientClassPath.assemble(own, builtAgainst, release);

        assertThat(path).containsExactly(
                // the release's jars first, but for the SLF4J API kconform pins
                release.get(0).path(), release.get(1).path(), release.get(2).path(), release.get(3).path(),
                release.get(4).path(),
                // then kconform's own, and the libraries neither Kafka resolution brings or the release replaces
                Path.of("/kconform/harness/target/classes"),
                LIB.resolve("conformance-tests-0.1.0-SNAPSHOT.jar"),
                LIB.resolve("jackson-datatype-jsr310-2.21.7.jar"),
                LIB.resolve("slf4j-api-2.0.20.jar"),
                LIB.resolve("slf4j-simple-2.0.20.jar"),
                LIB.resolve("junit-platform-launcher-6.1.3.jar"));
    }

    @Test
    void aLibraryIsReplacedByItsArtifactIdNotByAPrefixOfIt() {
        List<Path> own = List.of(LIB.resolve("jetty-servlets-12.0.1.jar"), LIB.resolve("jakarta.activation-api-2.1.3.jar"));
        List<Resolved> release = List.of(jar("org.eclipse.jetty", "jetty-servlet", "9.4.56"),
                jar("javax.activation", "activation", "1.1.1"));
        assertThat(ClientClassPath.assemble(own, List.of(), release)).endsWith(own.toArray(Path[]::new));
    }

    @Test
    void aJarThatNamesTheClassPathInItsManifestIsFollowed(@TempDir Path dir) throws IOException {
        Path real = Files.createDirectories(dir.resolve("lib")).resolve("kafka-clients-4.4.0.jar");
        Files.createFile(real);
        Path booter = dir.resolve("booter.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, "lib/kafka-clients-4.4.0.jar "
                + dir.resolve("classes").toUri());
        try (OutputStream out = Files.newOutputStream(booter); JarOutputStream jar = new JarOutputStream(out, manifest)) {
            jar.flush();
        }
        assertThat(ClientClassPath.of(booter + File.pathSeparator + dir.resolve("more")))
                .containsExactly(booter, real, dir.resolve("classes"), dir.resolve("more"));
    }

    @Test
    void underABuildToolsPluginLoaderItsUrlsAreTheClassPathNotTheLaunchers(@TempDir Path dir) throws IOException {
        Path harness = Files.createFile(dir.resolve("harness-0.1.0.jar"));
        Path clients = Files.createFile(dir.resolve("kafka-clients-4.4.0.jar"));
        String launcher = dir.resolve("plexus-classworlds-2.8.0.jar").toString();
        try (URLClassLoader plugin = new URLClassLoader(new URL[] {harness.toUri().toURL(), clients.toUri().toURL(),
                new URL("http://127.0.0.1/not-a-file.jar")}, null)) {
            assertThat(ClientClassPath.of(plugin, launcher)).containsExactly(harness, clients);
        }
        assertThat(ClientClassPath.of(ClassLoader.getPlatformClassLoader(), launcher)).containsExactly(Path.of(launcher));
    }
}
