package io.kconform.checks.streams;

import io.kconform.api.context.CheckContext;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records a line of evidence for the report and also writes it to the run's log, next to the Kafka
 * Streams logs of the same moment, so that a reader of {@code kconform.log} can follow the check.
 */
final class Evidence {

    private static final Logger LOG = LoggerFactory.getLogger(Evidence.class);

    private Evidence() {
    }

    static void note(CheckContext ctx, String format, Object... args) {
        String line = args.length == 0 ? format : String.format(Locale.ROOT, format, args);
        ctx.evidence(line);
        LOG.info("[{}] {}", ctx.check().id(), line);
    }
}
