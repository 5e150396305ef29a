package io.kconform.harness.run;

import io.kconform.api.Battery;
import io.kconform.api.Check;
import io.kconform.api.Level;
import io.kconform.api.Strength;
import io.kconform.api.context.CheckContext;
import io.kconform.api.context.CheckOptions;

/**
 * A check for {@link CheckOptionsTest} only, outside the checks' package (never in the catalog) and not named as a
 * test (surefire does not run it on its own): it reaches no target and records the run options it was given.
 */
class OptionEchoCheck {

    @Check(id = "protocol.test.option-echo", title = "Echoes its run options", battery = Battery.PROTOCOL,
            level = Level.INGEST, strength = Strength.SHOULD, hint = "a test fixture")
    void echo(CheckContext ctx) {
        ctx.evidence("seed %s, duration %s", ctx.option(CheckOptions.HISTORY_SEED).orElse("absent"),
                ctx.option(CheckOptions.HISTORY_DURATION_SECONDS).orElse("absent"));
    }
}
