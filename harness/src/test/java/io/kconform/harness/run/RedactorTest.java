package io.kconform.harness.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RedactorTest {

    @Test
    void hidesEverySecretLongestFirst() {
        Redactor redactor = new Redactor(List.of("p4ssword", "username=\"u\" password=\"p4ssword\"", "ab"));
        assertThat(redactor.apply("login failed for username=\"u\" password=\"p4ssword\"; retry with p4ssword"))
                .isEqualTo("login failed for [hidden]; retry with [hidden]");
    }

    @Test
    void leavesShortValuesAndNullsAlone() {
        Redactor redactor = new Redactor(List.of("ab"));
        assertThat(redactor.apply("tab")).isEqualTo("tab");
        assertThat(redactor.apply(null)).isNull();
    }
}
