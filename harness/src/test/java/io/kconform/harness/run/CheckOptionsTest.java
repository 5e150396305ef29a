package io.kconform.harness.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.CheckDescriptor;
import io.kconform.api.Outcome;
import io.kconform.api.context.CheckOptions;
import io.kconform.api.target.ResourceNames;
import io.kconform.api.target.Target;
import io.kconform.api.target.TargetFacts;
import io.kconform.report.model.CheckResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The run options reach a check through {@code CheckContext.option}, and only those given. */
class CheckOptionsTest {

    private static final Target TARGET = new Target() {
        private final ResourceNames names = ResourceNames.newRun();

        @Override
        public String name() {
            return "nowhere";
        }

        @Override
        public String bootstrapServers() {
            return "127.0.0.1:9";
        }

        @Override
        public Map<String, Object> clientProperties() {
            return Map.of();
        }

        @Override
        public TargetFacts facts() {
            return new TargetFacts(new TreeMap<>(), (short) 3, "", new TreeMap<>(), new TreeMap<>(), "cluster", 1,
                    List.of("1@127.0.0.1:9"));
        }

        @Override
        public ResourceNames names() {
            return names;
        }
    };

    private static CheckResult run(RunOptions options) throws NoSuchMethodException {
        CheckDescriptor echo = CheckDescriptor.of(OptionEchoCheck.class.getDeclaredMethod("echo",
                io.kconform.api.context.CheckContext.class)).orElseThrow();
        return CheckRunner.run(TARGET, List.of(echo), options, CheckListener.NONE, line -> line, action -> { })
                .results().get(0);
    }

    @Test
    void theOptionsGivenReachTheCheck() throws Exception {
        CheckResult result = run(new RunOptions(1, Duration.ofSeconds(30)).withCheckOptions(
                Map.of(CheckOptions.HISTORY_SEED, "-7", CheckOptions.HISTORY_DURATION_SECONDS, "30")));
        assertThat(result.outcome()).as(result.message()).isEqualTo(Outcome.PASS);
        assertThat(result.evidence()).containsExactly("seed -7, duration 30");
    }

    @Test
    void anOptionNotGivenIsAbsent() throws Exception {
        CheckResult result = run(new RunOptions(1, Duration.ofSeconds(30)));
        assertThat(result.outcome()).as(result.message()).isEqualTo(Outcome.PASS);
        assertThat(result.evidence()).containsExactly("seed absent, duration absent");
    }
}
