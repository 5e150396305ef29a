package io.kconform.harness.hostile;

import io.kconform.harness.cli.KconformMain;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The longer seeded run behind {@code bench/hostile-seeds.sh}: for each seed of a range, a {@link HostileServer}
 * in random mode and one {@code kconform run} against it through the command line in this JVM, as
 * {@link HostileEndpointsIT} does; one line per seed ({@code seed N exit E seconds S report yes|no stacktrace
 * yes|no}), a run that does not end within the guard counted as a hang. Figures only: it asserts nothing.
 *
 * <p>Arguments: first seed, last seed, output folder, the hang guard in seconds.
 */
public final class HostileSeeds {

    private HostileSeeds() {
    }

    public static void main(String[] args) throws Exception {
        long first = Long.parseLong(args[0]);
        long last = Long.parseLong(args[1]);
        Path out = Path.of(args[2]);
        long guardSeconds = Long.parseLong(args[3]);
        ExecutorService runner = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "hostile-seed");
            thread.setDaemon(true);
            return thread;
        });
        for (long seed = first; seed <= last; seed++) {
            Path folder = out.resolve("seed-" + seed);
            Files.createDirectories(folder);
            long start = System.nanoTime();
            try (HostileServer server = HostileServer.startRandom(seed)) {
                StringWriter console = new StringWriter();
                Future<Integer> run = runner.submit(() -> KconformMain.execute(new PrintWriter(console, true),
                        new PrintWriter(console, true), "run", "--bootstrap", server.bootstrap(), "--check",
                        "protocol.apiversions.*", "--check-timeout", "60", "--output", folder.resolve("report").toString(),
                        "--no-color"));
                String exit;
                try {
                    exit = String.valueOf(run.get(guardSeconds, TimeUnit.SECONDS));
                } catch (TimeoutException e) {
                    run.cancel(true);
                    exit = "hang";
                }
                String text = console.toString();
                Files.writeString(folder.resolve("console.txt"), text);
                boolean report = Files.exists(folder.resolve("report").resolve("results.json"))
                        && Files.exists(folder.resolve("report").resolve("report.html"));
                boolean stackTrace = text.contains("\tat ") || text.contains("internal error")
                        || text.contains("Exception in thread")
                        || text.lines().anyMatch(line -> line.matches("^[\\w.$]+(Exception|Error)(:.*)?$"));
                String said = text.lines().filter(line -> line.startsWith("Exit ")).reduce((a, b) -> b)
                        .map(line -> line.length() > 90 ? line.substring(0, 90) + "..." : line).orElse("");
                System.out.printf("seed %d exit %s seconds %.1f report %s stacktrace %s (%s) %s%n", seed, exit,
                        (System.nanoTime() - start) / 1e9, report ? "yes" : "no", stackTrace ? "yes" : "no",
                        server.describeSeed(), said);
            } catch (IOException e) {
                System.out.printf("seed %d exit setup-failed seconds 0 report no stacktrace no (%s)%n", seed, e);
            }
        }
        System.exit(0);
    }
}
