package io.kconform.checks.connect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.kconform.api.outcome.HarnessException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST API of one Connect worker, used as a user would use it: JSON over HTTP on the loopback
 * interface. Every call is bounded; a worker that does not answer in time is hung, which a check
 * reports as a failure (a {@link TimeoutException} in the cause chain), while a worker that cannot
 * be reached at all is the harness's problem.
 */
final class ConnectRest {

    /** How long one REST call may take; the worker itself gives up on a request after 25 s. */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(ConnectRest.class);

    private final URI base;
    private final HttpClient http;

    ConnectRest(URI base) {
        this.base = base;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** The status code and the JSON body of an answer (a missing node when it has none). */
    record Answer(int status, JsonNode body) {
        /** The body as text, for evidence and failure messages. */
        String text() {
            return body.isMissingNode() ? "" : body.toString();
        }
    }

    /** The worker's base URL. */
    URI base() {
        return base;
    }

    Answer get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    Answer delete(String path) {
        return send(HttpRequest.newBuilder(uri(path)).DELETE());
    }

    Answer post(String path, Object body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json(body))));
    }

    Answer put(String path, Object body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .PUT(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json(body))));
    }

    Answer patch(String path, Object body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json(body))));
    }

    /** Creates a connector with {@code POST /connectors}; its answer, 201 when created. */
    Answer createConnector(String name, Map<String, String> config) {
        return post("/connectors", Map.of("name", name, "config", config));
    }

    /**
     * Deletes a connector when a check ends, whatever happened to it. Never throws: cleaning up must
     * not replace the check's own outcome (the worker is stopped with its class or check anyway).
     */
    void deleteQuietly(String connector) {
        try {
            delete("/connectors/" + connector);
        } catch (RuntimeException e) {
            LOG.warn("could not delete connector {} at {}", connector, base, e);
        }
    }

    /**
     * The state of a connector and of its tasks from {@code GET /connectors/<name>/status}, e.g.
     * {@code RUNNING [RUNNING]}, or {@code HTTP 404} while the worker does not know it.
     */
    String states(String connector) {
        Answer answer = get("/connectors/" + connector + "/status");
        if (answer.status() != 200) {
            return "HTTP " + answer.status();
        }
        return describe(answer.body());
    }

    /**
     * Like {@link #states} with the workers that run the connector and its tasks, e.g.
     * {@code RUNNING [RUNNING] on 127.0.0.1:8083 [127.0.0.1:8083]}: a status is only current if it
     * names a worker that is alive.
     */
    String statesAndWorkers(String connector) {
        Answer answer = get("/connectors/" + connector + "/status");
        if (answer.status() != 200) {
            return "HTTP " + answer.status();
        }
        List<String> workers = new ArrayList<>();
        answer.body().path("tasks").forEach(task -> workers.add(task.path("worker_id").asText()));
        return describe(answer.body()) + " on " + answer.body().path("connector").path("worker_id").asText() + " "
                + workers;
    }

    private static String describe(JsonNode status) {
        List<String> tasks = new ArrayList<>();
        status.path("tasks").forEach(task -> tasks.add(task.path("state").asText()));
        return status.path("connector").path("state").asText() + " " + tasks;
    }

    private URI uri(String path) {
        return base.resolve(path);
    }

    private Answer send(HttpRequest.Builder request) {
        HttpRequest built = request.timeout(CALL_TIMEOUT).build();
        try {
            HttpResponse<String> response = http.send(built, HttpResponse.BodyHandlers.ofString());
            String text = response.body();
            JsonNode body = text == null || text.isBlank() ? MissingNode.getInstance() : JSON.readTree(text);
            return new Answer(response.statusCode(), body);
        } catch (HttpTimeoutException e) {
            TimeoutException timeout = new TimeoutException("the Connect worker did not answer " + built.method() + " "
                    + built.uri().getPath() + " within " + CALL_TIMEOUT.toSeconds() + " s");
            timeout.initCause(e);
            throw new ConnectWorkerException("the Connect worker hung on " + built.method() + " " + built.uri().getPath(),
                    timeout);
        } catch (JsonProcessingException e) {
            throw new ConnectWorkerException("the Connect worker answered " + built.method() + " "
                    + built.uri().getPath() + " with something that is not JSON", e);
        } catch (IOException e) {
            throw new HarnessException("could not reach the Connect worker at " + base + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HarnessException("interrupted while calling the Connect worker", e);
        }
    }

    private static String json(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new HarnessException("cannot write " + body + " as JSON", e);
        }
    }
}
