package io.kconform.report.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The {@code sha256} of a results.json: SHA-256, in lower-case hex, over the UTF-8 bytes of the document's
 * canonical form with the root key {@code sha256} removed.
 *
 * <p>The canonical form is that of RFC 8785 (JSON Canonicalization Scheme) for the values results.json holds:
 * no whitespace; object members sorted by key, comparing UTF-16 code units; strings in double quotes with
 * {@code \"}, {@code \\}, {@code \b}, {@code \f}, {@code \n}, {@code \r}, {@code \t} escaped, every other
 * character below U+0020 as a backslash, {@code u} and four lower-case hex digits, and every other character as it is; integers in
 * plain decimal; {@code true}, {@code false}, {@code null}. kconform writes no fractional numbers; one in a file
 * is written here by {@link Double#toString}, which RFC 8785 would not, so such a file never verifies.
 * Stateless.
 */
public final class ResultsDigest {

    /** The root key that holds the digest. */
    public static final String KEY = "sha256";

    private ResultsDigest() {
    }

    /** The digest of {@code document}, ignoring its {@code sha256} key if it has one. */
    public static String of(JsonNode document) {
        JsonNode withoutDigest = document;
        if (document.isObject() && document.has(KEY)) {
            ObjectNode copy = ((ObjectNode) document).deepCopy();
            copy.remove(KEY);
            withoutDigest = copy;
        }
        StringBuilder canonical = new StringBuilder();
        write(withoutDigest, canonical);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.toString()
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** The canonical form of {@code node}, as the digest is taken over it. */
    static String canonical(JsonNode node) {
        StringBuilder out = new StringBuilder();
        write(node, out);
        return out.toString();
    }

    private static void write(JsonNode node, StringBuilder out) {
        switch (node.getNodeType()) {
            case OBJECT -> {
                List<String> keys = new ArrayList<>();
                for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                    keys.add(it.next());
                }
                keys.sort(String::compareTo);
                out.append('{');
                for (int i = 0; i < keys.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    string(keys.get(i), out);
                    out.append(':');
                    write(node.get(keys.get(i)), out);
                }
                out.append('}');
            }
            case ARRAY -> {
                out.append('[');
                for (int i = 0; i < node.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    write(node.get(i), out);
                }
                out.append(']');
            }
            case STRING -> string(node.textValue(), out);
            case NUMBER -> out.append(node.isIntegralNumber() ? node.bigIntegerValue().toString()
                    : Double.toString(node.doubleValue()));
            case BOOLEAN -> out.append(node.booleanValue());
            case NULL -> out.append("null");
            default -> throw new IllegalArgumentException("not a JSON value: " + node.getNodeType());
        }
    }

    private static final Map<Character, String> SHORT_ESCAPES = Map.of('"', "\\\"", '\\', "\\\\", '\b', "\\b",
            '\f', "\\f", '\n', "\\n", '\r', "\\r", '\t', "\\t");

    private static void string(String text, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String escape = SHORT_ESCAPES.get(c);
            if (escape != null) {
                out.append(escape);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }
}
