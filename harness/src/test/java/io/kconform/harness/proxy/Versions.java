package io.kconform.harness.proxy;

import java.nio.ByteBuffer;
import org.apache.kafka.common.protocol.ApiKeys;

/** Whether this proxy's kafka-clients can decode a request, judged from its first bytes alone. */
final class Versions {

    /** api key, api version and correlation id: the start of every request header version. */
    static final int FIXED_HEADER_BYTES = 8;

    private Versions() {
    }

    static boolean understands(ByteBuffer request) {
        if (request.remaining() < FIXED_HEADER_BYTES) {
            return false;
        }
        short apiKey = request.getShort(request.position());
        short version = request.getShort(request.position() + 2);
        if (!ApiKeys.hasId(apiKey)) {
            return false;
        }
        ApiKeys key = ApiKeys.forId(apiKey);
        return version >= key.oldestVersion() && version <= key.latestVersion(true);
    }

    static String describe(ByteBuffer request) {
        if (request.remaining() < FIXED_HEADER_BYTES) {
            return "of " + request.remaining() + " bytes";
        }
        short apiKey = request.getShort(request.position());
        String name = ApiKeys.hasId(apiKey) ? ApiKeys.forId(apiKey).name : "api key " + apiKey;
        return name + " v" + request.getShort(request.position() + 2) + " #" + request.getInt(request.position() + 4);
    }
}
