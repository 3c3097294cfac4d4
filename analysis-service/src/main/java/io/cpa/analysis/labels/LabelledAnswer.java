package io.cpa.analysis.labels;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One answer of a series as labels need it (store {@code series-labelled}): the arrival that counted it and its
 * observation (the engine's byte form, {@code ObservationCodec}), or, while its certainty has not reached the series,
 * neither; the time it is ordered by for expiry (the answer's event time, or the first label's time while waiting);
 * the latest verdict of each labeller.
 *
 * <p>Byte form: arrival (8), order time (8), observation length (2, 0 while waiting) and bytes, verdict count (2), then
 * per verdict the labeller (modified UTF-8), correct (1), labelledAt (8). An unlabelled answer takes 20 bytes plus its
 * observation.
 */
public record LabelledAnswer(long arrival, byte[] observation, long orderTimeMs, AnswerVerdicts verdicts) {
    public static LabelledAnswer waiting(long orderTimeMs, AnswerVerdicts verdicts) {
        return new LabelledAnswer(0, null, orderTimeMs, verdicts);
    }

    public boolean isWaiting() {
        return observation == null;
    }

    public LabelledAnswer with(AnswerVerdicts v) {
        return new LabelledAnswer(arrival, observation, orderTimeMs, v);
    }

    public LabelledAnswer with(byte[] newObservation, AnswerVerdicts v) {
        return new LabelledAnswer(arrival, newObservation, orderTimeMs, v);
    }

    public byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(32 + (observation == null ? 0 : observation.length));
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeLong(arrival);
            out.writeLong(orderTimeMs);
            out.writeShort(observation == null ? 0 : observation.length);
            if (observation != null) out.write(observation);
            out.writeShort(verdicts.size());
            for (Verdict v : verdicts.verdicts()) {
                out.writeUTF(v.labeller());
                out.writeBoolean(v.correct());
                out.writeLong(v.labelledAtMs());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static LabelledAnswer decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            long arrival = in.readLong();
            long order = in.readLong();
            int length = in.readUnsignedShort();
            byte[] observation = length == 0 ? null : in.readNBytes(length);
            int n = in.readUnsignedShort();
            List<Verdict> verdicts = new ArrayList<>(n);
            for (int i = 0; i < n; i++) verdicts.add(new Verdict(in.readUTF(), in.readBoolean(), in.readLong()));
            return new LabelledAnswer(arrival, observation, order, new AnswerVerdicts(verdicts));
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable series-labelled entry: " + e, e);
        }
    }
}
