package io.kconform.report.model;

import java.util.Objects;

/**
 * The software a target runs, where it is known, and how it is known. The Kafka protocol gives a broker no way
 * to state its software (ApiVersions v3's ClientSoftwareName and ClientSoftwareVersion are what a client sends
 * about itself), so it is known only where kconform launched the target itself. Immutable.
 *
 * @param name    e.g. {@code Apache Kafka}
 * @param version e.g. {@code 4.4.0}
 * @param source  how it is known, e.g. {@code launched by kconform}
 */
public record Software(String name, String version, String source) {
    public Software {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(source, "source");
    }
}
