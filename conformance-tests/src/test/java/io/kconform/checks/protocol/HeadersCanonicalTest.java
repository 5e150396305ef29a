package io.kconform.checks.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;

class HeadersCanonicalTest {

    @Test
    void nullAndEmptyAreDistinct() {
        assertThat(HeadersChecks.canonical(null, null, List.of()))
                .isNotEqualTo(HeadersChecks.canonical(new byte[0], new byte[0], List.of()));
        assertThat(HeadersChecks.canonical(null, null, List.of(new RecordHeader("h", null))))
                .isNotEqualTo(HeadersChecks.canonical(null, null, List.of(new RecordHeader("h", new byte[0]))));
    }

    @Test
    void headerOrderAndRepetitionMatter() {
        byte[] a = "a".getBytes(StandardCharsets.UTF_8);
        byte[] b = "b".getBytes(StandardCharsets.UTF_8);
        String ab = HeadersChecks.canonical(null, null, List.of(new RecordHeader("h", a), new RecordHeader("h", b)));
        String ba = HeadersChecks.canonical(null, null, List.of(new RecordHeader("h", b), new RecordHeader("h", a)));
        String once = HeadersChecks.canonical(null, null, List.of(new RecordHeader("h", b)));
        assertThat(ab).isNotEqualTo(ba).isNotEqualTo(once);
        assertThat(HeadersChecks.canonical(null, null, List.of())).isNotEqualTo(ab);
    }

    @Test
    void longValuesDifferingInOneByteDiffer() {
        byte[] x = new byte[1000];
        byte[] y = new byte[1000];
        y[999] = 1;
        assertThat(HeadersChecks.canonical(x, null, List.of())).isNotEqualTo(HeadersChecks.canonical(y, null, List.of()))
                .startsWith("key=1000B/sha256:");
    }
}
