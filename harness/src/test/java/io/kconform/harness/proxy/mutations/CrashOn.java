package io.kconform.harness.proxy.mutations;

import io.kconform.harness.proxy.Exchange;
import io.kconform.harness.proxy.ProxyControl;
import io.kconform.harness.proxy.RawAction;
import io.kconform.harness.proxy.RequestAction;
import io.kconform.harness.proxy.Undecodable;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractRequest;

/**
 * A server that crashes mid-run: when it meets its trigger, it closes every connection and stops
 * listening, so that every later connection is refused, as when the process behind a port dies. The
 * trigger is a request with an unknown API key (as an endpoint once crashed on
 * {@code protocol.malformed.unknown-api-key}), or the n-th request of an API, counted over all
 * connections. The request that triggers it is never answered. Thread-safe.
 */
public final class CrashOn extends NamedMutation {

    private final Optional<ApiKeys> api;
    private final int nth;
    private final AtomicInteger seen = new AtomicInteger();
    private final AtomicReference<Instant> crashedAt = new AtomicReference<>();
    private volatile ProxyControl proxy;

    private CrashOn(String trigger, Optional<ApiKeys> api, int nth) {
        super("CrashOn[" + trigger + "]", "the server crashes on " + trigger + ": every connection is closed and new"
                + " ones are refused");
        this.api = api;
        this.nth = nth;
    }

    /** Crashes on the first request whose API key the protocol does not know. */
    public static CrashOn unknownApiKey() {
        return new CrashOn("an unknown API key", Optional.empty(), 0);
    }

    /** Crashes on the {@code nth} request of {@code api} (1 for the first). */
    public static CrashOn nthRequest(ApiKeys api, int nth) {
        if (nth < 1) {
            throw new IllegalArgumentException("the n-th request counts from 1, not " + nth);
        }
        return new CrashOn("request " + nth + " of " + api.name, Optional.of(api), nth);
    }

    /**
     * The form controls and tests name it by: {@code unknown-api-key}, or {@code API#N} (a name of
     * {@link ApiKeys} and the request's number, e.g. {@code JOIN_GROUP#1}).
     */
    public static CrashOn parse(String trigger) {
        if (trigger.equals("unknown-api-key")) {
            return unknownApiKey();
        }
        String[] apiAndNumber = trigger.split("#", 2);
        if (apiAndNumber.length != 2) {
            throw new IllegalArgumentException("crash-on takes unknown-api-key or API#N, not '" + trigger + "'");
        }
        return nthRequest(ApiKeys.valueOf(apiAndNumber[0].strip()), Integer.parseInt(apiAndNumber[1].strip()));
    }

    /** When the proxy crashed, if it did. */
    public Optional<Instant> crashedAt() {
        return Optional.ofNullable(crashedAt.get());
    }

    @Override
    public void attach(ProxyControl control) {
        this.proxy = control;
    }

    @Override
    public boolean interceptsRequest(ApiKeys apiKey) {
        return api.isPresent() && api.get() == apiKey;
    }

    @Override
    public RequestAction onRequest(Exchange exchange, AbstractRequest request) {
        if (seen.incrementAndGet() == nth) {
            crash();
        }
        return crashedAt.get() != null ? RequestAction.drop() : RequestAction.forward();
    }

    @Override
    public RawAction onUndecodable(Undecodable input) {
        if (api.isEmpty() && input.reason() == Undecodable.Reason.UNKNOWN_API_KEY) {
            crash();
            return RawAction.close();
        }
        return RawAction.pass();
    }

    private void crash() {
        if (crashedAt.compareAndSet(null, Instant.now())) {
            ProxyControl control = proxy;
            if (control == null) {
                throw new IllegalStateException(name() + " was never attached to a proxy");
            }
            control.crash();
        }
    }
}
