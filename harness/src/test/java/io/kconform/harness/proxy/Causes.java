package io.kconform.harness.proxy;

import java.util.ArrayList;
import java.util.List;

/** A failure and its causes, since clients wrap the error that matters in ExecutionException and the like. */
final class Causes {

    private Causes() {
    }

    static List<Throwable> chain(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = failure; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }
}
