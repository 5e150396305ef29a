package io.kconform.harness.cli;

import io.kconform.api.Battery;
import picocli.CommandLine;

/** Reads a battery id, with an error that lists the valid ones. */
final class BatteryConverter implements CommandLine.ITypeConverter<Battery> {
    @Override
    public Battery convert(String value) {
        try {
            return Battery.fromId(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
