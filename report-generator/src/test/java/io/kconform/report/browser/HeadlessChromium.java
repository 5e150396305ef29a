package io.kconform.report.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * One headless Chromium from Debian's packages, driven by Selenium through Debian's own chromedriver, for tests that
 * look at a page as a person sees it.
 *
 * <p>Guarantees: both the browser's and the driver's paths are given, so Selenium Manager is never asked to find or
 * download either; chromedriver and Chromium's DevTools listen on the loopback interface only; the browser starts
 * with a new empty profile and without its background connections (updates, sync, safe browsing), which a closed
 * network would refuse. {@link #close()} ends the browser and chromedriver, then waits for every process they started
 * to be gone, ends by its id any that is not, and reports it — also when the start itself failed half-way.
 * Not thread-safe: one test class drives it.
 */
final class HeadlessChromium implements AutoCloseable {

    /** Where Debian's {@code chromium} package puts the browser. */
    static final Path BROWSER = Path.of("/usr/bin/chromium");

    /** Where Debian's {@code chromium-driver} package puts chromedriver, of the browser's own version. */
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    /** Set to {@code required} (as {@code .ci/run} does) to make a missing browser fail the tests, not skip them. */
    static final String REQUIRED_VARIABLE = "KCONFORM_BROWSER_TESTS";

    /** The window every page is laid out in: a laptop screen. */
    static final int WIDTH = 1280;
    static final int HEIGHT = 900;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PROCESS_EXIT = Duration.ofSeconds(10);

    private final Path profile;
    private final ChromeDriverService service;
    private final ChromeDriver driver;
    private final List<String> requests = new ArrayList<>();
    private final List<String> consoleEntries = new ArrayList<>();

    private HeadlessChromium(Path profile, ChromeDriverService service, ChromeDriver driver) {
        this.profile = profile;
        this.service = service;
        this.driver = driver;
    }

    /** Why the browser cannot be started here, if it cannot: a missing package. */
    static Optional<String> missing() {
        if (!Files.isExecutable(BROWSER)) {
            return Optional.of("no Chromium at " + BROWSER + "; .ci/run installs it (Debian packages chromium and"
                    + " chromium-driver)");
        }
        if (!Files.isExecutable(DRIVER)) {
            return Optional.of("no chromedriver at " + DRIVER + "; .ci/run installs it (Debian package"
                    + " chromium-driver)");
        }
        return Optional.empty();
    }

    /** Whether this environment asks for the browser tests to run, so that a missing browser is a failure. */
    static boolean required() {
        return "required".equalsIgnoreCase(System.getenv(REQUIRED_VARIABLE));
    }

    /**
     * Starts chromedriver and one headless Chromium with a new profile in {@code profile} (an empty folder).
     *
     * @throws IllegalStateException when either does not start; nothing is left running then
     */
    static HeadlessChromium start(Path profile) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        // Without the background-networking flags Chromium opens connections at start (component updates, sync,
        // QUIC probes, Google host look-ups) that a closed network refuses; they would also show as requests.
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                // a container's /dev/shm is often too small for Chromium's shared memory; /tmp does
                "--disable-dev-shm-usage", "--user-data-dir=" + profile.toAbsolutePath(),
                "--window-size=" + WIDTH + "," + HEIGHT);
        // chromedriver's logs: the console (errors, uncaught exceptions) and the DevTools Network events, which
        // carry every request the page makes. Both are plain chromedriver features, independent of the browser's
        // version, unlike Selenium's typed DevTools bindings.
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL", LogType.PERFORMANCE, "ALL"));
        options.setExperimentalOption("perfLoggingPrefs", Map.of("enableNetwork", true, "enablePage", false));

        // chromedriver's own log beside the profile: what to read when the browser does not start.
        Path driverLog = profile.resolveSibling("chromedriver.log");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort()
                .withLogFile(driverLog.toFile())
                .build();
        try {
            ChromeDriver driver = new ChromeDriver(service, options);
            return new HeadlessChromium(profile, service, driver);
        } catch (RuntimeException e) {
            List<ProcessHandle> started = browserProcesses();
            service.stop();
            List<String> left = endAll(started);
            IllegalStateException failure = new IllegalStateException("headless Chromium did not start ("
                    + BROWSER + " driven by " + DRIVER + ", its log in " + driverLog + "): "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse(""), e);
            if (!left.isEmpty()) {
                failure.addSuppressed(new IllegalStateException("left running, ended now: " + left));
            }
            throw failure;
        }
    }

    /** The driver, for finding elements, clicking and measuring. */
    ChromeDriver driver() {
        return driver;
    }

    /** Shows {@code file} as the page, forgetting the requests and console entries of the pages before. */
    void open(Path file) {
        // Through a blank page: what the page before (or Chromium's own new-tab page, at start) still loads is
        // logged before it, and so forgotten here rather than counted against the next page.
        driver.get("about:blank");
        drainLogs();
        requests.clear();
        consoleEntries.clear();
        driver.get(file.toUri().toString());
    }

    /** Runs a script of the test's own in the page (measuring, scrolling) and returns its value. */
    Object evaluate(String script) {
        return ((JavascriptExecutor) driver).executeScript(script);
    }

    /** Every URL the page requested since {@link #open}, the page's own included, in order. */
    List<String> requests() {
        drainLogs();
        return List.copyOf(requests);
    }

    /** Every console entry (messages, errors, uncaught exceptions, failed loads) since {@link #open}. */
    List<String> consoleEntries() {
        drainLogs();
        return List.copyOf(consoleEntries);
    }

    private void drainLogs() {
        for (LogEntry entry : driver.manage().logs().get(LogType.PERFORMANCE)) {
            try {
                JsonNode message = JSON.readTree(entry.getMessage()).path("message");
                if ("Network.requestWillBeSent".equals(message.path("method").asText())) {
                    requests.add(message.path("params").path("request").path("url").asText());
                }
            } catch (IOException e) {
                throw new IllegalStateException("chromedriver wrote a performance log entry that is not JSON: "
                        + entry.getMessage(), e);
            }
        }
        for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
            consoleEntries.add(entry.getLevel() + " " + entry.getMessage());
        }
    }

    /**
     * Ends the browser and chromedriver and makes sure every process they started is gone.
     *
     * @throws IllegalStateException naming every process that was still running and had to be ended by its id
     */
    @Override
    public void close() {
        List<ProcessHandle> started = browserProcesses();
        List<String> left;
        try {
            driver.quit();
        } finally {
            try {
                service.stop();
            } finally {
                left = endAll(started);
            }
        }
        if (!left.isEmpty()) {
            throw new IllegalStateException("browser processes still running after quit, ended by id: " + left
                    + " (profile " + profile + ")");
        }
    }

    /** chromedriver and the Chromium processes under it: this JVM's descendants of those names. */
    private static List<ProcessHandle> browserProcesses() {
        return ProcessHandle.current().descendants()
                .filter(p -> p.info().command().map(c -> c.contains("chrom")).orElse(false)).toList();
    }

    /** Waits for each process to exit; ends by its id each one still running after the wait. */
    private static List<String> endAll(List<ProcessHandle> processes) {
        List<String> left = new ArrayList<>();
        long deadline = System.nanoTime() + PROCESS_EXIT.toNanos();
        for (ProcessHandle process : processes) {
            while (process.isAlive() && System.nanoTime() < deadline) {
                sleep();
            }
            if (process.isAlive()) {
                left.add(process.pid() + " " + process.info().command().orElse("?"));
                process.destroyForcibly();
            }
        }
        return left;
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the browser to exit", e);
        }
    }
}
