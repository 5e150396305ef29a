package io.kconform.api.wire;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.protocol.MessageUtil;
import org.apache.kafka.common.protocol.types.BoundField;
import org.apache.kafka.common.protocol.types.Field;
import org.apache.kafka.common.protocol.types.Schema;
import org.apache.kafka.common.protocol.types.Struct;
import org.apache.kafka.common.protocol.types.TaggedFields;
import org.apache.kafka.common.requests.AbstractResponse;

/**
 * Every error code a response carries, wherever its schema puts it: at the top level, per group,
 * topic, partition, resource or member, and in tagged fields. A field counts when its name in the
 * protocol's schema is {@code error_code} or ends in {@code _error_code} ({@code partition_error_code},
 * {@code acknowledge_error_code}, ...).
 *
 * <p>{@link AbstractResponse#errorCounts()} is each response class's own summary: it leaves fields
 * out (Metadata's top-level code of v13) and counts fields a version does not have. This reads the
 * response as it is encoded at the version it was answered at, so it sees exactly what the wire
 * carried. Pure: no network, no state.
 */
public final class ErrorFields {

    private ErrorFields() {
    }

    /**
     * One error code field of a response.
     *
     * @param path where it is, in the schema's field names, e.g. {@code topics[0].partitions[2].error_code}
     * @param code the code as answered, known to this client or not
     */
    public record ErrorField(String path, short code) {

        /** The error, when this client knows the code. */
        public Optional<Errors> error() {
            return Arrays.stream(Errors.values()).filter(e -> e.code() == code).findFirst();
        }

        /** The error's name, or {@code error code N} for a code this client does not know. */
        public String errorName() {
            return error().map(Errors::name).orElse("error code " + code);
        }

        @Override
        public String toString() {
            return errorName() + " at " + path;
        }
    }

    /** The error code fields of {@code response}, read as encoded at {@code version}, in schema order. */
    public static List<ErrorField> of(AbstractResponse response, short version) {
        List<ErrorField> fields = new ArrayList<>();
        visit(read(response, version), "", (path, code, replace) -> fields.add(new ErrorField(path, code)));
        return fields;
    }

    /**
     * {@code response} with every error code field set to {@code error}, re-read at {@code version}:
     * what a target answering that error to everything would send for the same request.
     */
    public static AbstractResponse withEvery(AbstractResponse response, short version, Errors error) {
        Struct body = read(response, version);
        visit(body, "", (path, code, replace) -> replace.accept(error.code()));
        ByteBuffer buffer = ByteBuffer.allocate(body.sizeOf());
        body.writeTo(buffer);
        buffer.flip();
        return AbstractResponse.parseResponse(response.apiKey(), new ByteBufferAccessor(buffer), version);
    }

    private static Struct read(AbstractResponse response, short version) {
        ApiKeys api = response.apiKey();
        Schema schema = api.messageType.responseSchemas()[version];
        if (schema == null) {
            throw new IllegalArgumentException(api.name + " has no response schema at v" + version);
        }
        return schema.read(MessageUtil.toByteBufferAccessor(response.data(), version).buffer());
    }

    private interface Visitor {
        void errorCode(String path, short code, Consumer<Short> replace);
    }

    private static void visit(Struct struct, String prefix, Visitor visitor) {
        for (BoundField bound : struct.schema().fields()) {
            Object value = struct.get(bound);
            if (bound.def.type instanceof TaggedFields tagged && value instanceof Map<?, ?> byTag) {
                visitTagged(tagged, byTag, prefix, visitor);
            } else {
                visitValue(bound.def.name, value, prefix, v -> struct.set(bound, v), visitor);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void visitTagged(TaggedFields tagged, Map<?, ?> byTag, String prefix, Visitor visitor) {
        Map<Integer, Object> values = (Map<Integer, Object>) byTag;
        for (Map.Entry<Integer, Field> declared : tagged.fields().entrySet()) {
            Integer tag = declared.getKey();
            if (values.containsKey(tag)) {
                visitValue(declared.getValue().name, values.get(tag), prefix, v -> values.put(tag, v), visitor);
            }
        }
    }

    private static void visitValue(String name, Object value, String prefix, Consumer<Object> replace,
                                   Visitor visitor) {
        if (value instanceof Short code && isErrorCode(name)) {
            visitor.errorCode(prefix + name, code, replace::accept);
        } else if (value instanceof Struct nested) {
            visit(nested, prefix + name + ".", visitor);
        } else if (value instanceof Object[] elements) {
            for (int i = 0; i < elements.length; i++) {
                if (elements[i] instanceof Struct element) {
                    visit(element, prefix + name + "[" + i + "].", visitor);
                }
            }
        }
    }

    private static boolean isErrorCode(String fieldName) {
        return fieldName.equals("error_code") || fieldName.endsWith("_error_code");
    }
}
