package io.kconform.api.wire;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;

/**
 * What the first bytes an endpoint sent look like, said in words a reader acts on: an HTTP server, a TLS
 * record, an SSH banner, or else the bytes themselves in hex and as text. Stateless.
 */
final class FirstBytes {

    /** How many bytes are shown as evidence: enough to recognise a protocol, short enough for one line. */
    static final int SHOWN = 16;

    private FirstBytes() {
    }

    /** Whether the bytes begin an HTTP response ({@code HTTP/1.1 400 ...}). */
    static boolean http(byte[] bytes) {
        return text(bytes, 5).equals("HTTP/");
    }

    /** Whether the first (up to four) bytes may begin an HTTP response or a TLS record. */
    static boolean beginsHttpOrTls(byte[] bytes) {
        return bytes.length > 0 && "HTTP".startsWith(text(bytes, Math.min(4, bytes.length))) || tlsRecord(bytes);
    }

    /**
     * Whether the bytes begin a TLS record: a content type of 20 to 23 (change cipher spec, alert,
     * handshake, application data) and a major version of 3, as every SSL 3 and TLS record has.
     */
    static boolean tlsRecord(byte[] bytes) {
        return bytes.length >= 2 && bytes[0] >= 20 && bytes[0] <= 23 && bytes[1] == 3;
    }

    /** The kind of TLS record the bytes begin, for the evidence. */
    static String tlsRecordKind(byte[] bytes) {
        return switch (bytes[0]) {
            case 21 -> "a TLS alert";
            case 22 -> "a TLS handshake record";
            default -> "a TLS record";
        };
    }

    /** A phrase naming what the bytes look like, e.g. {@code the first bytes look like HTTP/1.1 ("HTTP/1.1 400 Bad Request")}. */
    static String describe(byte[] bytes) {
        if (bytes.length == 0) {
            return "no bytes came";
        }
        if (http(bytes)) {
            String statusLine = firstLine(bytes);
            String version = statusLine.split(" ", 2)[0];
            return "the first bytes look like " + version + " (\"" + statusLine + "\"): an HTTP server";
        }
        if (tlsRecord(bytes)) {
            return "the first bytes are " + tlsRecordKind(bytes) + " (" + hex(bytes) + ")";
        }
        if (text(bytes, 4).equals("SSH-")) {
            return "the first bytes look like an SSH server (\"" + firstLine(bytes) + "\")";
        }
        return "the first bytes are " + hex(bytes) + printable(bytes).map(t -> " (\"" + t + "\")").orElse("");
    }

    /** The first bytes in hex, at most {@link #SHOWN}, with an ellipsis when there were more. */
    static String hex(byte[] bytes) {
        int shown = Math.min(bytes.length, SHOWN);
        StringBuilder out = new StringBuilder();
        HexFormat format = HexFormat.of();
        for (int i = 0; i < shown; i++) {
            out.append(i == 0 ? "" : " ").append(format.toHexDigits(bytes[i]));
        }
        return out + (bytes.length > shown ? " ..." : "");
    }

    /** The first bytes as text, non-printable ones as dots, when at least a few of them are printable. */
    private static Optional<String> printable(byte[] bytes) {
        int shown = Math.min(bytes.length, SHOWN);
        StringBuilder out = new StringBuilder();
        int letters = 0;
        for (int i = 0; i < shown; i++) {
            int b = bytes[i] & 0xff;
            boolean visible = b >= 0x20 && b < 0x7f;
            letters += visible ? 1 : 0;
            out.append(visible ? (char) b : '.');
        }
        return letters >= 3 ? Optional.of(out.toString()) : Optional.empty();
    }

    private static String firstLine(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int end = text.indexOf('\r');
        end = end < 0 ? text.indexOf('\n') : end;
        String line = end < 0 ? text : text.substring(0, end);
        return line.length() > 60 ? line.substring(0, 60) + "..." : line.replaceAll("[^\\x20-\\x7e]", ".");
    }

    private static String text(byte[] bytes, int length) {
        return bytes.length < length ? "" : new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
    }
}
