package io.cpa.analysis.topology;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.cpa.analysis.labels.Verdict;
import io.cpa.event.EventJson;
import io.cpa.event.LabelEvent;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The one byte form of each union on the internal repartition topics: a tag byte, then the JSON of the member
 * (records there were validated already). A certainty's bytes after its tag are exactly the certainty's event JSON.
 */
final class InputSerdes {
    private static final byte CERTAINTY = 'C';
    private static final byte LABEL = 'L';
    private static final byte ROUTE = 'R';

    private InputSerdes() {}

    /** A verdict on its way to a series. */
    private record LabelBody(String answerId, String labeller, boolean correct, long labelledAtMs, String label) {}

    static Serde<SeriesInput> series() {
        Serializer<SeriesInput> ser = (topic, in) -> {
            if (in == null) return null;
            if (in instanceof SeriesInput.Certainty c) return tagged(CERTAINTY, EventJson.write(c.event()));
            SeriesInput.Label l = (SeriesInput.Label) in;
            return tagged(LABEL, EventJson.write(new LabelBody(l.answerId(), l.verdict().labeller(), l.verdict().correct(),
                    l.verdict().labelledAtMs(), l.label())));
        };
        Deserializer<SeriesInput> de = (topic, bytes) -> {
            if (bytes == null) return null;
            String json = body(bytes);
            return switch (bytes[0]) {
                case CERTAINTY -> new SeriesInput.Certainty(EventJson.readCertainty(json));
                case LABEL -> {
                    LabelBody b = read(json, LabelBody.class);
                    yield new SeriesInput.Label(b.answerId(), new Verdict(b.labeller(), b.correct(), b.labelledAtMs()), b.label());
                }
                default -> throw new IllegalArgumentException("by-series record with unknown tag " + bytes[0]);
            };
        };
        return Serdes.serdeFrom(ser, de);
    }

    static Serde<AnswerInput> answer() {
        Serializer<AnswerInput> ser = (topic, in) -> {
            if (in == null) return null;
            if (in instanceof AnswerInput.Route r) return tagged(ROUTE, EventJson.write(r));
            return tagged(LABEL, EventJson.write(((AnswerInput.Label) in).event()));
        };
        Deserializer<AnswerInput> de = (topic, bytes) -> {
            if (bytes == null) return null;
            String json = body(bytes);
            return switch (bytes[0]) {
                case ROUTE -> read(json, AnswerInput.Route.class);
                case LABEL -> new AnswerInput.Label(EventJson.readLabel(json));
                default -> throw new IllegalArgumentException("by-answer record with unknown tag " + bytes[0]);
            };
        };
        return Serdes.serdeFrom(ser, de);
    }

    private static byte[] tagged(byte tag, String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[body.length + 1];
        out[0] = tag;
        System.arraycopy(body, 0, out, 1, body.length);
        return out;
    }

    private static String body(byte[] bytes) {
        if (bytes.length == 0) throw new IllegalArgumentException("empty internal record");
        return new String(Arrays.copyOfRange(bytes, 1, bytes.length), StandardCharsets.UTF_8);
    }

    private static <T> T read(String json, Class<T> type) {
        try {
            return EventJson.mapper().readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("unreadable internal " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }
}
