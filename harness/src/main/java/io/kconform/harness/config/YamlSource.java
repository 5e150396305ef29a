package io.kconform.harness.config;

import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * What every YAML file kconform reads has in common: parsed into nodes that keep their line and column (duplicate
 * keys refused), and every problem a {@link ConfigException} located at its node. Stateless.
 */
final class YamlSource {

    private YamlSource() {
    }

    /**
     * The file's text.
     *
     * @throws ConfigException naming the file when it is missing or cannot be read
     */
    static String read(java.nio.file.Path file) {
        try {
            return java.nio.file.Files.readString(file, java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new ConfigException(file.toString(), "no such file");
        } catch (java.io.IOException e) {
            throw new ConfigException(file.toString(), "cannot be read: " + e.getMessage());
        }
    }

    /**
     * The document's root node.
     *
     * @param source       the file's name, as problems name it
     * @param emptyProblem what to say of an empty document
     * @throws ConfigException for text that is not YAML, at the line and column where it stops being YAML
     */
    static Node compose(String source, String text, String emptyProblem) {
        try {
            LoadSettings settings = LoadSettings.builder().setLabel(source).setAllowDuplicateKeys(false).build();
            return new Compose(settings).composeString(text)
                    .orElseThrow(() -> new ConfigException(source, emptyProblem));
        } catch (MarkedYamlEngineException e) {
            Mark mark = e.getProblemMark().or(e::getContextMark).orElse(null);
            throw new ConfigException(source, line(mark), column(mark), "", "not valid YAML: " + e.getProblem());
        } catch (YamlEngineException e) {
            throw new ConfigException(source, "not valid YAML: " + e.getMessage());
        }
    }

    /** A problem at {@code node} (its start; line and column 0 where there is none), for the field at {@code path}. */
    static ConfigException error(String source, Node node, String path, String problem) {
        Mark mark = node == null ? null : node.getStartMark().orElse(null);
        return new ConfigException(source, line(mark), column(mark), path, problem);
    }

    /** A mark's line, counted from 1; 0 for none. */
    static int line(Mark mark) {
        return mark == null ? 0 : mark.getLine() + 1;
    }

    /** A mark's column, counted from 1; 0 for none. */
    static int column(Mark mark) {
        return mark == null ? 0 : mark.getColumn() + 1;
    }
}
