package io.kconform.harness.cli;

import io.kconform.api.Level;
import picocli.CommandLine;

/** Reads a certification level, with an error that lists the valid ones. */
final class LevelConverter implements CommandLine.ITypeConverter<Level> {
    @Override
    public Level convert(String value) {
        try {
            return Level.fromName(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
