package io.kconform.harness.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kconform.api.Battery;
import io.kconform.api.CheckDescriptor;
import io.kconform.api.Level;
import io.kconform.api.Outcome;
import io.kconform.api.Strength;
import io.kconform.api.cleanup.RunCleanup;
import io.kconform.api.target.ApiRange;
import io.kconform.api.target.ClientPrincipal;
import io.kconform.api.target.Handshake;
import io.kconform.api.target.TargetFacts;
import io.kconform.report.model.CheckResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * What the harness and a JVM running checks with an older Java client release ({@link ClientJvm},
 * {@link ClientJvmMain}) tell each other: one JSON object per line, its only key naming the message. The harness
 * writes to the child's standard input (the target's client properties among them, so secrets never reach a
 * command line or a file); the child writes to its standard output, each line after {@link #PREFIX}. Only what
 * both sides' libraries agree on is used (Jackson's tree model), since the child runs the older release's
 * Jackson. Stateless.
 */
final class ClientJvmMessages {

    /** Marks the child's messages on its standard output; anything else there is not one. */
    static final String PREFIX = "kconform-client-jvm ";

    private static final ObjectMapper JSON = new ObjectMapper();

    private ClientJvmMessages() {
    }

    /** The target as the child's checks see it, and how they run. */
    record Setup(String name, String bootstrapServers, Map<String, Object> clientProperties,
                 Optional<ClientPrincipal> restrictedPrincipal, String prefix, TargetFacts facts, RunOptions options) {
    }

    /** What the parent's liveness watch saw: the target's last answer and its verdict, as how long ago each was. */
    record Stop(long lastAnswerAgoNanos, long declaredAgoNanos, String evidence) {
        static Stop of(LivenessJudge.Dead dead) {
            long now = System.nanoTime();
            return new Stop(now - dead.lastAnswerNanos(), now - dead.declaredNanos(), dead.evidence());
        }

        /** The verdict on this JVM's clock. */
        LivenessJudge.Dead dead() {
            long now = System.nanoTime();
            return new LivenessJudge.Dead(now - lastAnswerAgoNanos, now - declaredAgoNanos, evidence);
        }
    }

    /** A check's result without its descriptor: the parent has the descriptor, the child may not read it whole. */
    record Result(String id, CheckResult.Execution execution, Outcome outcome, Duration duration, String message,
                  List<String> evidence) {
        static Result of(CheckResult result) {
            return new Result(result.id(), result.execution(), result.outcome(), result.duration(), result.message(),
                    result.evidence());
        }

        /** The result, with everything the check declares. */
        CheckResult with(CheckDescriptor check) {
            return new CheckResult(check.id(), check.title(), check.battery(), check.level(), check.strength(),
                    check.capability(), check.references(), check.hint(), execution, outcome, duration, message,
                    evidence);
        }
    }

    static String setup(Setup setup) {
        ObjectNode body = JSON.createObjectNode();
        body.put("name", setup.name());
        body.put("bootstrapServers", setup.bootstrapServers());
        body.set("clientProperties", properties(setup.clientProperties()));
        setup.restrictedPrincipal().ifPresent(p -> {
            ObjectNode principal = body.putObject("restrictedPrincipal");
            principal.put("name", p.name());
            principal.set("clientProperties", properties(p.clientProperties()));
        });
        body.put("prefix", setup.prefix());
        body.put("parallelism", setup.options().parallelism());
        body.put("checkTimeoutMs", setup.options().checkTimeout().toMillis());
        ObjectNode checkOptions = body.putObject("checkOptions");
        setup.options().checkOptions().forEach(checkOptions::put);
        body.set("facts", facts(setup.facts()));
        return message("setup", body);
    }

    static Setup readSetup(JsonNode body) {
        Optional<ClientPrincipal> principal = Optional.ofNullable(body.get("restrictedPrincipal"))
                .map(p -> new ClientPrincipal(p.get("name").asText(), properties(p.get("clientProperties"))));
        return new Setup(body.get("name").asText(), body.get("bootstrapServers").asText(),
                properties(body.get("clientProperties")), principal, body.get("prefix").asText(),
                readFacts(body.get("facts")), new RunOptions(body.get("parallelism").asInt(),
                Duration.ofMillis(body.get("checkTimeoutMs").asLong()), false, checkOptions(body.get("checkOptions"))));
    }

    /** The checks to run: what the child needs to find and select each (its declaration it reads itself). */
    static String run(List<CheckDescriptor> checks) {
        ArrayNode list = JSON.createArrayNode();
        for (CheckDescriptor check : checks) {
            ObjectNode c = list.addObject();
            c.put("id", check.id());
            c.put("className", check.className());
            c.put("methodName", check.methodName());
            c.put("battery", check.battery().name());
            c.put("level", check.level().name());
            c.put("strength", check.strength().name());
        }
        return message("run", list);
    }

    /** The checks to run, as the child knows them: id, battery, level, strength and where they are declared. */
    static List<CheckDescriptor> readRun(JsonNode list) {
        List<CheckDescriptor> checks = new ArrayList<>();
        for (JsonNode c : list) {
            String id = c.get("id").asText();
            checks.add(new CheckDescriptor(id, id, Battery.valueOf(c.get("battery").asText()),
                    Level.valueOf(c.get("level").asText()), Strength.valueOf(c.get("strength").asText()), List.of(),
                    "see the harness", List.of(), List.of(), c.get("className").asText(), c.get("methodName").asText()));
        }
        return checks;
    }

    static String stop(Stop stop) {
        ObjectNode body = JSON.createObjectNode();
        body.put("lastAnswerAgoNanos", stop.lastAnswerAgoNanos());
        body.put("declaredAgoNanos", stop.declaredAgoNanos());
        body.put("evidence", stop.evidence());
        return message("stop", body);
    }

    static Stop readStop(JsonNode body) {
        return new Stop(body.get("lastAnswerAgoNanos").asLong(), body.get("declaredAgoNanos").asLong(),
                body.get("evidence").asText());
    }

    static String interrupt() {
        return message("interrupt", JSON.createObjectNode());
    }

    static String cleanup(boolean deadTarget) {
        ObjectNode body = JSON.createObjectNode();
        body.put("deadTarget", deadTarget);
        return message("cleanup", body);
    }

    /** Deleting what another, killed run left under {@code prefix}, within {@code bound}. */
    static String cleanupLeftovers(String prefix, Duration bound) {
        ObjectNode body = JSON.createObjectNode();
        body.put("prefix", prefix);
        body.put("boundMillis", bound.toMillis());
        return message("cleanup-leftovers", body);
    }

    static String ready(String release) {
        ObjectNode body = JSON.createObjectNode();
        body.put("release", release);
        return PREFIX + message("ready", body);
    }

    static String started(String id) {
        return PREFIX + message("started", JSON.getNodeFactory().textNode(id));
    }

    static String finished(CheckResult result) {
        return PREFIX + message("finished", result(Result.of(result)));
    }

    static String ran(CheckRunner.Ran ran) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode results = body.putArray("results");
        ran.results().forEach(r -> results.add(result(Result.of(r))));
        ran.stoppage().ifPresentOrElse(s -> {
            ObjectNode stoppage = body.putObject("stoppage");
            stoppage.put("where", s.where());
            stoppage.put("afterMs", s.after().toMillis());
            stoppage.put("notRun", s.notRun());
            ArrayNode running = stoppage.putArray("running");
            s.running().forEach(running::add);
            stoppage.put("evidence", s.evidence());
        }, () -> body.putNull("stoppage"));
        return PREFIX + message("ran", body);
    }

    static List<Result> readResults(JsonNode ran) {
        List<Result> results = new ArrayList<>();
        ran.get("results").forEach(r -> results.add(readResult(r)));
        return results;
    }

    static Optional<Stoppage> readStoppage(JsonNode ran) {
        JsonNode s = ran.get("stoppage");
        if (s == null || s.isNull()) {
            return Optional.empty();
        }
        List<String> running = new ArrayList<>();
        s.get("running").forEach(id -> running.add(id.asText()));
        return Optional.of(new Stoppage(s.get("where").asText(), Duration.ofMillis(s.get("afterMs").asLong()),
                s.get("notRun").asInt(), running, s.get("evidence").asText()));
    }

    static String cleaned(RunCleanup.Report report) {
        ObjectNode body = JSON.createObjectNode();
        body.put("topics", report.topics());
        body.put("groups", report.groups());
        body.put("security", report.security());
        body.put("problem", report.problem());
        return PREFIX + message("cleaned", body);
    }

    static RunCleanup.Report readCleaned(JsonNode body) {
        return new RunCleanup.Report(body.get("topics").asInt(), body.get("groups").asInt(),
                body.get("security").asInt(), body.get("problem").asText());
    }

    static String failed(String why) {
        return PREFIX + message("failed", JSON.getNodeFactory().textNode(why));
    }

    /**
     * One message: its name and body.
     *
     * @throws IllegalArgumentException when the line is not a message
     */
    record Message(String name, JsonNode body) {
        static Message parse(String line) {
            try {
                JsonNode node = JSON.readTree(line);
                if (node == null || !node.isObject() || node.size() != 1) {
                    throw new IllegalArgumentException("not a message: " + line);
                }
                Map.Entry<String, JsonNode> only = node.fields().next();
                return new Message(only.getKey(), only.getValue());
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("not a message: " + e.getOriginalMessage(), e);
            }
        }
    }

    private static String message(String name, JsonNode body) {
        ObjectNode node = JSON.createObjectNode();
        node.set(name, body);
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and numbers always serializes", e);
        }
    }

    private static ObjectNode result(Result result) {
        ObjectNode r = JSON.createObjectNode();
        r.put("id", result.id());
        r.put("execution", result.execution().name());
        r.put("outcome", result.outcome().name());
        r.put("durationMs", result.duration().toMillis());
        r.put("message", result.message());
        ArrayNode evidence = r.putArray("evidence");
        result.evidence().forEach(evidence::add);
        return r;
    }

    private static Result readResult(JsonNode r) {
        List<String> evidence = new ArrayList<>();
        r.get("evidence").forEach(line -> evidence.add(line.asText()));
        return new Result(r.get("id").asText(), CheckResult.Execution.valueOf(r.get("execution").asText()),
                Outcome.valueOf(r.get("outcome").asText()), Duration.ofMillis(r.get("durationMs").asLong()),
                r.get("message").asText(), evidence);
    }

    static Result readFinished(JsonNode body) {
        return readResult(body);
    }

    /** The options for the checks, names and values as given. */
    private static Map<String, String> checkOptions(JsonNode node) {
        Map<String, String> options = new LinkedHashMap<>();
        node.fields().forEachRemaining(entry -> options.put(entry.getKey(), entry.getValue().asText()));
        return options;
    }

    /** Client properties are strings to Kafka's clients; each value goes as its text. */
    private static ObjectNode properties(Map<String, Object> properties) {
        ObjectNode node = JSON.createObjectNode();
        new TreeMap<>(properties).forEach((key, value) -> node.put(key, String.valueOf(value)));
        return node;
    }

    private static Map<String, Object> properties(JsonNode node) {
        Map<String, Object> properties = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            properties.put(entry.getKey(), entry.getValue().asText());
        }
        return properties;
    }

    private static ObjectNode facts(TargetFacts facts) {
        ObjectNode f = JSON.createObjectNode();
        ObjectNode apis = f.putObject("apiVersions");
        facts.apiVersions().forEach((key, range) -> apis.set(String.valueOf(key), range(range)));
        f.put("apiVersionsVersion", facts.apiVersionsVersion());
        f.put("apiVersionsError", facts.apiVersionsError());
        ObjectNode supported = f.putObject("supportedFeatures");
        facts.supportedFeatures().forEach((name, range) -> supported.set(name, range(range)));
        ObjectNode finalized = f.putObject("finalizedFeatures");
        facts.finalizedFeatures().forEach(finalized::put);
        f.put("clusterId", facts.clusterId());
        f.put("controllerId", facts.controllerId());
        ArrayNode nodes = f.putArray("nodes");
        facts.nodes().forEach(nodes::add);
        f.put("newestAnswered", facts.handshake().newestAnswered());
        return f;
    }

    /**
     * The facts as the child's clients meet the target: the same probe, with the handshake of the release the
     * child runs, which was chosen because the target answers it.
     */
    private static TargetFacts readFacts(JsonNode f) {
        TreeMap<Integer, ApiRange> apis = new TreeMap<>();
        f.get("apiVersions").fields().forEachRemaining(e -> apis.put(Integer.parseInt(e.getKey()), readRange(e.getValue())));
        TreeMap<String, ApiRange> supported = new TreeMap<>();
        f.get("supportedFeatures").fields().forEachRemaining(e -> supported.put(e.getKey(), readRange(e.getValue())));
        TreeMap<String, Short> finalized = new TreeMap<>();
        f.get("finalizedFeatures").fields().forEachRemaining(e -> finalized.put(e.getKey(),
                (short) e.getValue().asInt()));
        List<String> nodes = new ArrayList<>();
        f.get("nodes").forEach(n -> nodes.add(n.asText()));
        Handshake handshake = new Handshake(ApiKeys.API_VERSIONS.latestVersion(), (short) f.get("newestAnswered").asInt(),
                List.of());
        return new TargetFacts(apis, (short) f.get("apiVersionsVersion").asInt(), f.get("apiVersionsError").asText(),
                supported, finalized, f.get("clusterId").asText(), f.get("controllerId").asInt(), nodes, handshake);
    }

    private static ArrayNode range(ApiRange range) {
        ArrayNode pair = JSON.createArrayNode();
        pair.add(range.min());
        pair.add(range.max());
        return pair;
    }

    private static ApiRange readRange(JsonNode pair) {
        return new ApiRange((short) pair.get(0).asInt(), (short) pair.get(1).asInt());
    }
}
