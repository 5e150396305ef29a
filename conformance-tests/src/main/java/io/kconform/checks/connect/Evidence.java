package io.kconform.checks.connect;

import io.kconform.api.context.CheckContext;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records a line of evidence for the report and also writes it to the run's log, where it sits
 * between the worker's own log lines, so that a reader can follow what the check saw against what
 * Connect did.
 */
final class Evidence {

    private static final Logger LOG = LoggerFactory.getLogger(Evidence.class);

    private Evidence() {
    }

    static void of(CheckContext ctx, String format, Object... args) {
        String line = args.length == 0 ? format : String.format(Locale.ROOT, format, args);
        ctx.evidence(line);
        LOG.info("{}: {}", ctx.check().id(), line);
    }
}
