package io.cpa.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;

import java.io.IOException;
import java.util.function.ToIntFunction;

/**
 * The one JSON form of every event. Reading checks {@code schemaVersion} first, so an event from a newer producer is
 * rejected with a clear reason instead of being half-read; unknown fields are tolerated for forward compatibility.
 */
public final class EventJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private EventJson() {}

    /** The shared, configured mapper (thread-safe). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static String write(Object event) {
        try {
            return MAPPER.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + event.getClass().getSimpleName(), e);
        }
    }

    /**
     * Reads an event, throwing {@link InvalidEventException} with a reason a person can act on: not JSON, wrong or
     * missing schemaVersion, a missing required field, a value out of range.
     */
    public static <T> T read(String json, Class<T> type, int expectedSchemaVersion) {
        return readChecked(json, type, expectedSchemaVersion, expectedSchemaVersion);
    }

    /**
     * Reads an event in one streaming pass when it is valid, the common case on every topic: the tree that
     * {@link #readChecked} builds first costs as much again as the binding. When that pass fails, or the version read
     * is not the expected one, the record is read again the careful way, so a bad record gets exactly the reason it
     * would get otherwise (a newer schema is reported as such, not as whatever field it fails on).
     */
    private static <T> T read(String json, Class<T> type, int expectedSchemaVersion, ToIntFunction<T> version) {
        return read(json, type, expectedSchemaVersion, expectedSchemaVersion, version);
    }

    /** As above, for an event whose versions from {@code oldest} to {@code expected} are all still read. */
    private static <T> T read(String json, Class<T> type, int oldest, int expected, ToIntFunction<T> version) {
        if (json != null && !json.isBlank()) {
            try {
                T value = MAPPER.readValue(json, type);
                if (value != null && version.applyAsInt(value) >= oldest && version.applyAsInt(value) <= expected) return value;
            } catch (JsonProcessingException | IllegalArgumentException | NullPointerException e) {
                // the careful read below says why
            }
        }
        return readChecked(json, type, oldest, expected);
    }

    /**
     * {@code schemaVersion} only as a JSON number, as {@link #readChecked} takes it: Jackson would also take "1" or
     * true, and the one-pass read would then accept what the careful read rejects.
     */
    static final class SchemaVersion extends StdDeserializer<Integer> {
        SchemaVersion() {
            super(Integer.class);
        }

        @Override
        public Integer deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            if (!p.currentToken().isNumeric()) return (Integer) ctx.handleUnexpectedToken(Integer.class, p);
            return p.getValueAsInt();
        }
    }

    private static <T> T readChecked(String json, Class<T> type, int oldestSchemaVersion, int expectedSchemaVersion) {
        if (json == null || json.isBlank()) throw new InvalidEventException("empty record value");
        JsonNode tree;
        try {
            tree = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidEventException("not JSON: " + e.getOriginalMessage(), e);
        }
        if (tree == null || !tree.isObject()) throw new InvalidEventException("not a JSON object");
        JsonNode version = tree.get("schemaVersion");
        if (version == null || !version.canConvertToInt()) {
            throw new InvalidEventException("missing schemaVersion");
        }
        if (version.asInt() < oldestSchemaVersion || version.asInt() > expectedSchemaVersion) {
            throw new InvalidEventException("unsupported schemaVersion " + version.asText() + " for "
                    + type.getSimpleName() + ", expected " + (oldestSchemaVersion < expectedSchemaVersion
                    ? oldestSchemaVersion + " to " + expectedSchemaVersion : String.valueOf(expectedSchemaVersion)));
        }
        try {
            return MAPPER.treeToValue(tree, type);
        } catch (JsonProcessingException e) {
            throw new InvalidEventException("invalid " + type.getSimpleName() + ": " + describe(e), e);
        } catch (IllegalArgumentException e) {
            throw new InvalidEventException("invalid " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /** "field sequence: ..." with the JSON path of the failing field, and the root cause rather than Jackson's advice. */
    private static String describe(JsonProcessingException e) {
        String field = "";
        if (e instanceof JsonMappingException jme && !jme.getPath().isEmpty()) {
            StringBuilder path = new StringBuilder();
            for (JsonMappingException.Reference ref : jme.getPath()) {
                if (ref.getFieldName() != null) path.append(path.length() == 0 ? "" : ".").append(ref.getFieldName());
                else if (ref.getIndex() >= 0) path.append('[').append(ref.getIndex()).append(']');
            }
            field = "field " + path + ": ";
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String why = root instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : root.getMessage();
        if (why != null && why.startsWith("Cannot map `null` into type")) why = "missing or null";
        int advice = why == null ? -1 : why.indexOf(" (set DeserializationConfig");
        if (advice > 0) why = why.substring(0, advice);
        return field + why;
    }

    /** Reads an answer and checks that its IC is what its own logprobs give (see {@link AnswerEvent#confidenceMismatch()}). */
    public static AnswerEvent readAnswer(String json) {
        AnswerEvent answer = read(json, AnswerEvent.class, AnswerEvent.SCHEMA_VERSION, AnswerEvent::schemaVersion);
        String mismatch = answer.confidenceMismatch();
        if (mismatch != null) throw new InvalidEventException("invalid AnswerEvent: " + mismatch);
        return answer;
    }

    public static SkipEvent readSkip(String json) {
        return read(json, SkipEvent.class, SkipEvent.OLDEST_SCHEMA_VERSION, SkipEvent.SCHEMA_VERSION, SkipEvent::schemaVersion);
    }

    public static CertaintyEvent readCertainty(String json) {
        return read(json, CertaintyEvent.class, CertaintyEvent.SCHEMA_VERSION, CertaintyEvent::schemaVersion);
    }

    public static LabelEvent readLabel(String json) {
        return read(json, LabelEvent.class, LabelEvent.SCHEMA_VERSION, LabelEvent::schemaVersion);
    }
}
