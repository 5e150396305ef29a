package io.kconform.harness.preflight;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kconform.harness.config.FieldOrigin;
import org.junit.jupiter.api.Test;

class BootstrapCheckTest {

    private static final FieldOrigin OPTION = new FieldOrigin("--bootstrap", 0, 0, "");

    @Test
    void hostPortListsAsKafkasClientsTakeThemPass() {
        assertThatCode(() -> BootstrapCheck.check("broker.example.com:9092, 127.0.0.1:9093,[::1]:9094", false, OPTION))
                .doesNotThrowAnyException();
        assertThatCode(() -> BootstrapCheck.check("127.0.0.1:${port},127.0.0.1:${port:second}", false, OPTION))
                .doesNotThrowAnyException();
    }

    @Test
    void anEntryWithoutAPortIsRefusedByName() {
        assertThatThrownBy(() -> BootstrapCheck.check("foo", false, OPTION))
                .hasMessage("--bootstrap: 'foo' is not host:port (such as broker.example.com:9092)");
        assertThatThrownBy(() -> BootstrapCheck.check("a:1,b", false, OPTION))
                .hasMessage("--bootstrap: 'b' is not host:port (such as broker.example.com:9092)");
    }

    @Test
    void aPortOutOfRangeOrAnEmptyListIsRefused() {
        assertThatThrownBy(() -> BootstrapCheck.check("h:70000", false, OPTION))
                .hasMessage("--bootstrap: 'h:70000': port 70000 is out of range (1 to 65535)");
        assertThatThrownBy(() -> BootstrapCheck.check(" , ", false, OPTION))
                .hasMessageStartingWith("--bootstrap: no bootstrap servers given");
    }

    @Test
    void aListFromTheEnvironmentIsNotShown() {
        assertThatThrownBy(() -> BootstrapCheck.check("secret-host", true, OPTION))
                .hasMessage("--bootstrap: an entry read from the environment is not host:port (such as"
                        + " broker.example.com:9092)");
    }
}
