package io.kconform.harness.launch;

import io.kconform.api.target.ClientPrincipal;
import io.kconform.harness.config.EmbeddedSecurity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.security.scram.internals.ScramFormatter;
import org.apache.kafka.common.security.scram.internals.ScramMechanism;

/**
 * How an embedded cluster's client listener is secured, with everything made for it: random
 * passwords for three principals, and for TLS a certificate authority, certificates and PKCS12
 * stores. The principals are the brokers' own ({@value #BROKER}, for connections between brokers),
 * the harness's ({@value #ADMIN}, which every check uses) — both super users — and, when ACLs are
 * enforced, {@value #RESTRICTED}, which has no ACL at all.
 *
 * <p>Guarantees: every secret it makes is in {@link #secretValues()}; the stores and the broker
 * configuration that holds secrets live in one directory, readable by this user only, deleted by
 * {@link #close()}; no secret is put on a command line (SCRAM credentials go to the storage tool
 * salted). The controller listener stays PLAINTEXT on 127.0.0.1: brokers reach controllers
 * as the anonymous principal, which is therefore a super user on the nodes that run a controller;
 * clients are never told that listener's address.
 */
final class ListenerSecurity implements AutoCloseable {

    /** The principal brokers authenticate as to each other. */
    static final String BROKER = "kconform-broker";
    /** The principal of the harness and of every check: a super user. */
    static final String ADMIN = "kconform-admin";
    /** A principal the target authenticates and grants nothing: no ACL names it. */
    static final String RESTRICTED = "kconform-restricted";

    private static final String STANDARD_AUTHORIZER = "org.apache.kafka.metadata.authorizer.StandardAuthorizer";
    private static final int SCRAM_ITERATIONS = 4096;
    /** Maps a certificate's subject to its common name: {@code O=kconform,CN=kconform-admin} is kconform-admin. */
    static final String PRINCIPAL_MAPPING = "RULE:^(?:.*,)?CN=([^,]+)(?:,.*)?$/$1/,DEFAULT";
    private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Optional<EmbeddedSecurity> security;
    private final Optional<Path> dir;
    private final Map<String, String> passwords = new LinkedHashMap<>();
    private final Set<String> secrets = new LinkedHashSet<>();
    private final String storePassword;
    private final List<String> formatArguments;

    private ListenerSecurity(Optional<EmbeddedSecurity> security, Optional<Path> dir) {
        this.security = security;
        this.dir = dir;
        this.storePassword = security.map(s -> secret(randomPassword())).orElse("");
        for (String principal : List.of(BROKER, ADMIN, RESTRICTED)) {
            security.ifPresent(s -> passwords.put(principal, secret(randomPassword())));
        }
        security.filter(EmbeddedSecurity::usesTls).ifPresent(s -> writeStores());
        this.formatArguments = security.filter(s -> s.usesSasl() && s.saslMechanism().startsWith("SCRAM-"))
                .map(s -> scramArguments(s.saslMechanism())).orElse(List.of());
    }

    /** A PLAINTEXT listener without ACLs: nothing to make. */
    static ListenerSecurity plaintext() {
        return new ListenerSecurity(Optional.empty(), Optional.empty());
    }

    /**
     * Makes the credentials and certificates for {@code security} in {@code dir}, a directory it
     * creates readable by this user only.
     */
    static ListenerSecurity generate(EmbeddedSecurity security, Path dir) {
        try {
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectories(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        return new ListenerSecurity(Optional.of(security), Optional.of(dir));
    }

    /**
     * Why an embedded {@code version} cannot run {@code security}, or empty when it can: ACLs need
     * authenticated principals, and KRaft learned SCRAM credentials at format time in 3.5 (KIP-900).
     */
    static Optional<String> unsupported(EmbeddedSecurity security, String version) {
        if (security.authorizer() && security.protocol().equals("PLAINTEXT")) {
            return Optional.of("security.authorizer needs a protocol that authenticates clients (SSL, SASL_PLAINTEXT"
                    + " or SASL_SSL); on PLAINTEXT every client is the same anonymous principal");
        }
        if (security.usesSasl() && security.saslMechanism().startsWith("SCRAM-") && !atLeast(version, 3, 5)) {
            return Optional.of(security.saslMechanism() + " needs Apache Kafka 3.5 or later, whose storage tool can"
                    + " add SCRAM credentials before the brokers start (KIP-900); " + version + " cannot");
        }
        return Optional.empty();
    }

    private static boolean atLeast(String version, int major, int minor) {
        String[] parts = version.split("[.-]");
        try {
            int ma = Integer.parseInt(parts[0]);
            int mi = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
            return ma > major || ma == major && mi >= minor;
        } catch (NumberFormatException e) {
            return true; // not a release number we can read; let the storage tool decide
        }
    }

    /** The client listener's name and protocol: PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL. */
    String protocol() {
        return security.map(EmbeddedSecurity::protocol).orElse("PLAINTEXT");
    }

    /** Whether anything here is secret: then broker configurations hold secrets too. */
    boolean hasSecrets() {
        return security.isPresent();
    }

    /** Where the stores and secret-holding configurations go, when there are any. */
    Optional<Path> secretsDir() {
        return dir;
    }

    /** The storage tool's arguments that add the SCRAM credentials of every principal, salted. */
    List<String> formatArguments() {
        return formatArguments;
    }

    /**
     * The security settings of one node: its client listener's TLS and SASL when it is a broker, the
     * authorizer and its super users on every node when ACLs are enforced.
     */
    Map<String, String> nodeProperties(boolean broker, boolean controller) {
        Map<String, String> p = new LinkedHashMap<>();
        if (security.isEmpty()) {
            return p;
        }
        EmbeddedSecurity s = security.get();
        if (broker) {
            String listener = s.protocol().toLowerCase(Locale.ROOT);
            if (s.usesTls()) {
                Path d = dir.orElseThrow();
                p.put("ssl.keystore.type", "PKCS12");
                p.put("ssl.keystore.location", d.resolve(BROKER + ".p12").toString());
                p.put("ssl.keystore.password", storePassword);
                p.put("ssl.key.password", storePassword);
                p.put("ssl.truststore.type", "PKCS12");
                p.put("ssl.truststore.location", d.resolve("truststore.p12").toString());
                p.put("ssl.truststore.password", storePassword);
                if (!s.usesSasl()) {
                    // Without SASL the certificate is what identifies a client: mutual TLS, principal = CN.
                    p.put("ssl.client.auth", "required");
                    // The subject's RDN order differs between encoders; take the CN wherever it stands.
                    p.put("ssl.principal.mapping.rules", PRINCIPAL_MAPPING);
                }
            }
            if (s.usesSasl()) {
                String mechanism = s.saslMechanism();
                p.put("sasl.enabled.mechanisms", mechanism);
                p.put("sasl.mechanism.inter.broker.protocol", mechanism);
                p.put("listener.name." + listener + "." + mechanism.toLowerCase(Locale.ROOT) + ".sasl.jaas.config",
                        brokerJaas(mechanism));
            }
        }
        if (s.authorizer()) {
            p.put("authorizer.class.name", STANDARD_AUTHORIZER);
            // Brokers reach controllers over the PLAINTEXT controller listener, as User:ANONYMOUS.
            p.put("super.users", "User:" + ADMIN + ";User:" + BROKER + (controller ? ";User:ANONYMOUS" : ""));
        }
        return p;
    }

    /** The client properties of the harness's principal, a super user. */
    Map<String, Object> adminClientProperties() {
        return clientProperties(ADMIN);
    }

    /** The principal without ACLs, when ACLs are enforced. */
    Optional<ClientPrincipal> restrictedPrincipal() {
        return security.filter(EmbeddedSecurity::authorizer)
                .map(s -> new ClientPrincipal("User:" + RESTRICTED, clientProperties(RESTRICTED)));
    }

    /** Every password and secret made here: the redactor hides each. */
    Set<String> secretValues() {
        return Set.copyOf(secrets);
    }

    /** A short description for people, without secrets. */
    String describe() {
        return security.map(s -> s.protocol() + (s.usesSasl() ? " " + s.saslMechanism() : "")
                + (s.protocol().equals("SSL") ? " (mutual TLS)" : "") + (s.authorizer() ? ", ACLs enforced" : ""))
                .orElse("PLAINTEXT");
    }

    private Map<String, Object> clientProperties(String principal) {
        Map<String, Object> p = new LinkedHashMap<>();
        if (security.isEmpty()) {
            return p;
        }
        EmbeddedSecurity s = security.get();
        p.put("security.protocol", s.protocol());
        if (s.usesTls()) {
            Path d = dir.orElseThrow();
            p.put("ssl.truststore.type", "PKCS12");
            p.put("ssl.truststore.location", d.resolve("truststore.p12").toString());
            p.put("ssl.truststore.password", storePassword);
            if (!s.usesSasl()) {
                p.put("ssl.keystore.type", "PKCS12");
                p.put("ssl.keystore.location", d.resolve(principal + ".p12").toString());
                p.put("ssl.keystore.password", storePassword);
                p.put("ssl.key.password", storePassword);
            }
        }
        if (s.usesSasl()) {
            p.put("sasl.mechanism", s.saslMechanism());
            p.put("sasl.jaas.config", loginModule(s.saslMechanism()) + " required username=\"" + principal
                    + "\" password=\"" + passwords.get(principal) + "\";");
        }
        return p;
    }

    private String brokerJaas(String mechanism) {
        StringBuilder jaas = new StringBuilder(loginModule(mechanism)).append(" required username=\"").append(BROKER)
                .append("\" password=\"").append(passwords.get(BROKER)).append('"');
        if (mechanism.equals("PLAIN")) {
            // PLAIN checks passwords against the listener's own list; SCRAM against the cluster's metadata.
            passwords.forEach((user, password) -> jaas.append(" user_").append(user).append("=\"").append(password)
                    .append('"'));
        }
        return jaas.append(';').toString();
    }

    private static String loginModule(String mechanism) {
        return mechanism.equals("PLAIN") ? "org.apache.kafka.common.security.plain.PlainLoginModule"
                : "org.apache.kafka.common.security.scram.ScramLoginModule";
    }

    private List<String> scramArguments(String mechanism) {
        List<String> args = new java.util.ArrayList<>();
        try {
            ScramFormatter formatter = new ScramFormatter(ScramMechanism.forMechanismName(mechanism));
            for (Map.Entry<String, String> user : passwords.entrySet()) {
                byte[] salt = formatter.secureRandomBytes();
                byte[] salted = formatter.saltedPassword(user.getValue(), salt, SCRAM_ITERATIONS);
                String saltedText = secret(Base64.getEncoder().encodeToString(salted));
                args.add("--add-scram");
                args.add(mechanism + "=[name=" + user.getKey() + ",iterations=" + SCRAM_ITERATIONS + ",salt=\""
                        + Base64.getEncoder().encodeToString(salt) + "\",saltedpassword=\"" + saltedText + "\"]");
            }
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("cannot compute " + mechanism + " credentials", e);
        }
        return List.copyOf(args);
    }

    private void writeStores() {
        Path d = dir.orElseThrow();
        Certificates certificates = new Certificates("kconform run CA");
        char[] password = storePassword.toCharArray();
        certificates.writeTrustStore(d.resolve("truststore.p12"), password);
        for (String principal : passwords.keySet()) {
            certificates.issue(principal).writeKeyStore(d.resolve(principal + ".p12"), principal, password);
        }
    }

    private String secret(String value) {
        secrets.add(value);
        return value;
    }

    private static String randomPassword() {
        StringBuilder password = new StringBuilder(32);
        for (int i = 0; i < 32; i++) {
            password.append(ALPHANUMERIC.charAt(RANDOM.nextInt(ALPHANUMERIC.length())));
        }
        return password.toString();
    }

    /** Deletes the stores and the secret-holding configurations. */
    @Override
    public void close() {
        dir.ifPresent(EmbeddedKafka::deleteRecursively);
    }
}
