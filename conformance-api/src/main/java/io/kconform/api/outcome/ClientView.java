package io.kconform.api.outcome;

import io.kconform.api.target.TargetFacts;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.DisconnectException;
import org.apache.kafka.common.errors.NetworkException;
import org.apache.kafka.common.protocol.ApiKeys;
import org.opentest4j.TestAbortedException;

/**
 * Reads what a Java client threw as the client saw the target: whether the target gave it something a
 * real client cannot get past — a reply it could not read or handle, or a connection closed on a
 * request — and which API that was. Stateless; {@link OutcomeClassifier} decides what follows.
 *
 * <p>A reply the client could not use is told from a fault of the harness by where the innermost
 * cause was thrown: in kafka-clients (the JDK code it calls aside) while it read or handled a response
 * (a frame of a generated {@code *ResponseData} class, of a {@code *Response} class, or of a client
 * method or class about responses: {@code KafkaAdminClient$N.handleResponse}, a producer's or consumer's
 * response handler, {@code NetworkClient.parseResponse}, the consumer's fetch collection). An exception
 * thrown first in the harness's own code, even one the client called back (a callback, a
 * deserializer), never counts: the first frame outside the JDK must be the client's.
 */
final class ClientView {

    private static final String KAFKA = "org.apache.kafka.";
    private static final List<String> JDK = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.");
    private static final String CLIENTS = "org.apache.kafka.clients.";
    private static final List<String> FETCH_HANDLING = List.of("CompletedFetch", "FetchCollector", "ShareCompletedFetch");
    /** Kafka's package names, dropped from messages: the class name says enough. */
    private static final Pattern PACKAGE = Pattern.compile("org\\.apache\\.kafka\\.(?:[a-z0-9_]+\\.)+");
    /** An API named by its response, response data or handler class: {@code CreateTopicsResponseData}. */
    private static final Pattern API_CLASS = Pattern.compile("(?<![A-Za-z])(" + Arrays.stream(ApiKeys.values())
            .map(api -> api.name).sorted(Comparator.comparingInt(String::length).reversed())
            .collect(Collectors.joining("|")) + ")(?:Response|Handler)");
    /**
     * An API's name ending a camel-case method name or followed by {@code Call} or {@code Api}:
     * {@code describeConfigs}, {@code getCreateTopicsCall}, {@code ...CallWithDescribeTopicPartitionsApi}.
     */
    private static final Pattern API_IN_METHOD = Pattern.compile("(?<![A-Z])(" + Arrays.stream(ApiKeys.values())
            .map(api -> api.name).sorted(Comparator.comparingInt(String::length).reversed())
            .collect(Collectors.joining("|")) + ")(?=$|Call|Api)");
    /** An API named by the admin client's call name or a request the client cancelled: {@code callName=createTopics}. */
    private static final Pattern API_CALL = Pattern.compile("(?:callName=|Cancelled (?:in-flight )?)([A-Za-z_]+)");
    private static final String DISCONNECTED = "disconnected before the response was read";

    private ClientView() {
    }

    /**
     * Why the client could not use a reply of the target, when that is what the chain shows: the API
     * and, with the target's facts, the version the client sends, what was wrong, and where it was thrown.
     *
     * @param chain the throwable and its causes, outermost first
     */
    static Optional<String> unusableReply(List<Throwable> chain, Optional<TargetFacts> facts) {
        Throwable root = chain.get(chain.size() - 1);
        if (root instanceof ApiException || root instanceof AssertionError || root instanceof TestAbortedException
                || root instanceof HarnessException) {
            return Optional.empty();
        }
        List<StackTraceElement> client = clientFramesAtTop(root);
        String message = root.getMessage() == null ? "" : root.getMessage();
        boolean readingReply = client.stream().anyMatch(ClientView::handlesReply)
                || !client.isEmpty() && message.contains("ResponseData");
        if (!readingReply) {
            return Optional.empty();
        }
        Optional<ApiKeys> api = apiNamed(message);
        for (int i = 0; api.isEmpty() && i < client.size(); i++) {
            api = apiNamed(client.get(i).getClassName());
        }
        for (int i = 0; api.isEmpty() && i < client.size(); i++) {
            api = apiOfCall(client.get(i).getClassName());
        }
        StackTraceElement site = client.get(0);
        String what = root.getClass().getSimpleName() + (message.isBlank() ? "" : ": " + shorten(message));
        return Optional.of("the Java client cannot use the target's " + api.map(a -> a.name + version(a, facts) + " reply")
                .orElse("reply") + ": " + what + " (thrown in " + simpleName(site.getClassName()) + "."
                + site.getMethodName() + ")");
    }

    /**
     * Why the chain shows the target closing a connection on a request the client sent: the Java
     * client's {@link DisconnectException} or {@link NetworkException}, or its "disconnected before the
     * response was read". A connection that could not be made at all is not this.
     */
    static Optional<String> closedConnection(List<Throwable> chain, Optional<TargetFacts> facts) {
        for (Throwable t : chain) {
            String message = t.getMessage() == null ? "" : t.getMessage();
            if (t instanceof DisconnectException || t instanceof NetworkException || message.contains(DISCONNECTED)) {
                Optional<ApiKeys> api = Optional.empty();
                for (int i = 0; api.isEmpty() && i < chain.size(); i++) {
                    api = apiNamed(String.valueOf(chain.get(i).getMessage()));
                }
                return Optional.of("the target closed the connection on " + api.map(a -> "a " + a.name + version(a, facts)
                        + " request").orElse("a request") + ", which current clients send: "
                        + OutcomeClassifier.describe(t));
            }
        }
        return Optional.empty();
    }

    /**
     * The API a text names through a response, response data or handler class, an admin client call
     * name, or a request the client cancelled; the longest name wins ({@code ShareFetch} over {@code Fetch}).
     */
    static Optional<ApiKeys> apiNamed(String text) {
        Matcher byClass = API_CLASS.matcher(text);
        if (byClass.find()) {
            return byName(byClass.group(1));
        }
        Matcher byCall = API_CALL.matcher(text);
        while (byCall.find()) {
            String name = byCall.group(1);
            Optional<ApiKeys> api = name.contains("_") || name.equals(name.toUpperCase(Locale.ROOT))
                    ? Arrays.stream(ApiKeys.values()).filter(a -> a.name().equals(name)).findFirst()
                    : byName(Character.toUpperCase(name.charAt(0)) + name.substring(1));
            if (api.isPresent()) {
                return api;
            }
        }
        return Optional.empty();
    }

    /**
     * The API of an anonymous class of the client's, by the method that made it: the admin client's
     * calls are anonymous classes, {@code KafkaAdminClient$1} made in {@code getCreateTopicsCall}.
     */
    static Optional<ApiKeys> apiOfCall(String type) {
        if (!type.startsWith(CLIENTS) || !type.matches(".*\\$\\d+$")) {
            return Optional.empty();
        }
        try {
            java.lang.reflect.Method maker = Class.forName(type, false, ClientView.class.getClassLoader())
                    .getEnclosingMethod();
            if (maker == null) {
                return Optional.empty();
            }
            String name = maker.getName();
            Matcher api = API_IN_METHOD.matcher(Character.toUpperCase(name.charAt(0)) + name.substring(1));
            return api.find() ? byName(api.group(1)) : Optional.empty();
        } catch (ClassNotFoundException | LinkageError | SecurityException e) {
            // another release's client, or a class gone: the API stays unnamed
            return Optional.empty();
        }
    }

    private static Optional<ApiKeys> byName(String name) {
        return Arrays.stream(ApiKeys.values()).filter(a -> a.name.equals(name)).findFirst();
    }

    /** The version the Java client sends: the newest both it and the target support, where the probe tells. */
    private static String version(ApiKeys api, Optional<TargetFacts> facts) {
        return facts.filter(f -> f.advertises(api)).map(f -> " v" + f.newestCommonVersion(api)).orElse("");
    }

    /**
     * The kafka frames at the top of the stack, JDK frames between them skipped: where the throwable
     * began, if it began in Kafka's code. Empty when the first frame outside the JDK is anyone else's.
     */
    private static List<StackTraceElement> clientFramesAtTop(Throwable t) {
        List<StackTraceElement> frames = new ArrayList<>();
        for (StackTraceElement frame : t.getStackTrace()) {
            String type = frame.getClassName();
            if (type.startsWith(KAFKA)) {
                frames.add(frame);
            } else if (JDK.stream().noneMatch(type::startsWith)) {
                break;
            }
        }
        return frames;
    }

    private static boolean handlesReply(StackTraceElement frame) {
        String type = frame.getClassName();
        String simple = simpleName(type);
        if (type.startsWith("org.apache.kafka.common.message.")) {
            return simple.contains("ResponseData");
        }
        if (type.startsWith("org.apache.kafka.common.requests.")) {
            return simple.matches("\\w*Response(\\$.*)?");
        }
        return type.startsWith(CLIENTS) && (frame.getMethodName().contains("Response") || simple.contains("Response")
                || FETCH_HANDLING.stream().anyMatch(simple::startsWith));
    }

    private static String simpleName(String type) {
        return type.substring(type.lastIndexOf('.') + 1);
    }

    private static String shorten(String message) {
        return PACKAGE.matcher(message.strip().replaceAll("\\s*\\R\\s*", " ")).replaceAll("");
    }
}
