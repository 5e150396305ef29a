package io.kconform.api.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What the first bytes of an answer look like, in the words the console prints. */
class FirstBytesTest {

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void anHttpAnswerIsNamedWithItsStatusLine() {
        assertThat(FirstBytes.describe(bytes("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")))
                .isEqualTo("the first bytes look like HTTP/1.1 (\"HTTP/1.1 400 Bad Request\"): an HTTP server");
        assertThat(FirstBytes.beginsHttpOrTls(bytes("HTTP"))).isTrue();
    }

    @Test
    void aTlsAlertIsNamed() {
        byte[] alert = {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x0a};
        assertThat(FirstBytes.tlsRecord(alert)).isTrue();
        assertThat(FirstBytes.describe(alert)).isEqualTo("the first bytes are a TLS alert (15 03 03 00 02 02 0a)");
    }

    @Test
    void garbageIsShownInHexAndAsText() {
        assertThat(FirstBytes.describe(bytes("\0\0\0\u0008GARBAGE!")))
                .isEqualTo("the first bytes are 00 00 00 08 47 41 52 42 41 47 45 21 (\"....GARBAGE!\")");
        assertThat(FirstBytes.beginsHttpOrTls(bytes("\0\0\0\u0008"))).isFalse();
    }

    @Test
    void onlySixteenBytesAreShown() {
        assertThat(FirstBytes.hex(new byte[40])).endsWith("00 ...").hasSize(16 * 3 - 1 + 4);
    }
}
