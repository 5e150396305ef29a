package io.kconform.harness.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the ledger of runs under way tells the next run: only runs against the same target whose owner is gone. */
class RunLedgerTest {

    @TempDir
    Path dir;

    @Test
    void aRunOfThisLiveProcessIsNoOrphanAndIsForgottenAtItsEnd() {
        RunLedger ledger = new RunLedger(dir);
        assertThat(ledger.begin("kconform-aaaaaaaa", "127.0.0.1:9092")).isTrue();
        assertThat(ledger.orphansOf("127.0.0.1:9092")).as("a run whose process is alive (this one)").isEmpty();
        ledger.end("kconform-aaaaaaaa");
        assertThat(dir.resolve("kconform-aaaaaaaa.run")).doesNotExist();
    }

    @Test
    void aRunWhoseProcessIsGoneIsAnOrphanOfItsTargetOnly() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        write("kconform-bbbbbbbb", "127.0.0.1:9092", gone.pid(), "");
        write("kconform-cccccccc", "127.0.0.1:9093", gone.pid(), "");
        RunLedger ledger = new RunLedger(dir);
        assertThat(ledger.orphansOf("127.0.0.1:9092")).extracting(RunLedger.Entry::prefix)
                .containsExactly("kconform-bbbbbbbb");
    }

    @Test
    void aLiveProcessThatStartedAtAnotherTimeIsNotTheOwner() throws Exception {
        // the pid was used again by another process: this one, which started at another time than the entry says
        write("kconform-dddddddd", "127.0.0.1:9092", ProcessHandle.current().pid(), "2001-01-01T00:00:00Z");
        assertThat(new RunLedger(dir).orphansOf("127.0.0.1:9092")).extracting(RunLedger.Entry::prefix)
                .containsExactly("kconform-dddddddd");
    }

    @Test
    void aKilledRunNoRunCameBackForWithinThirtyDaysIsForgotten() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        write("kconform-eeeeeeee", "127.0.0.1:9092", gone.pid(), "", "2001-01-01T00:00:00Z");
        assertThat(new RunLedger(dir).orphansOf("127.0.0.1:9099")).isEmpty();
        assertThat(dir.resolve("kconform-eeeeeeee.run")).doesNotExist();
    }

    private void write(String prefix, String bootstrap, long pid, String start) throws Exception {
        write(prefix, bootstrap, pid, start, java.time.Instant.now().toString());
    }

    private void write(String prefix, String bootstrap, long pid, String start, String written) throws Exception {
        Files.writeString(dir.resolve(prefix + ".run"), "prefix=" + prefix + "\nbootstrap=" + escaped(bootstrap)
                + "\npid=" + pid + "\nprocessStart=" + escaped(start) + "\nwritten=" + escaped(written) + "\n",
                StandardCharsets.UTF_8);
    }

    private static String escaped(String value) {
        return value.replace(":", "\\:");
    }
}
