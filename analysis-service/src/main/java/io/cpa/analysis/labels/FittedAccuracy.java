package io.cpa.analysis.labels;

import io.cpa.stats.AccuracyCheck;
import io.cpa.stats.AccuracyEstimate;
import io.cpa.stats.AccuracyMap;
import io.cpa.stats.AccuracyMapCodec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A series' accuracy map as the {@code series-accuracy-maps} store keeps it: the map, the {@link AccuracyMap.Sums} of
 * the labelled answers it was fitted on (through itself), from which the next refit tells the estimate of the answers
 * labelled since, and the latest {@link AccuracyCheck}. Size: the map's bytes (about 30 plus 18 to 36 per isotonic
 * block) plus 8 per block for the sums, plus about 100: a few hundred bytes to a few kB per series.
 *
 * @param atFit the sums of the labelled ICs at the fit, through {@code map} (empty when the map is absent)
 * @param check the latest check of a map against the labels that came after it, or null
 */
public record FittedAccuracy(AccuracyMap map, AccuracyMap.Sums atFit, AccuracyCheck check) {
    private static final int FORMAT = 1;

    public FittedAccuracy {
        if (map == null || atFit == null) throw new IllegalArgumentException("fitted accuracy without map or sums");
    }

    public byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            byte[] m = AccuracyMapCodec.encode(map);
            out.writeInt(m.length);
            out.write(m);
            out.writeLong(atFit.n());
            out.writeDouble(atFit.sumP());
            out.writeDouble(atFit.sumBernoulli());
            double[] w = atFit.blockWeight();
            out.writeInt(w.length);
            for (double x : w) out.writeDouble(x);
            out.writeDouble(atFit.gradA());
            out.writeDouble(atFit.gradB());
            out.writeBoolean(check != null);
            if (check != null) {
                out.writeUTF(check.mapVersion());
                out.writeLong(check.labelledAtFit());
                out.writeLong(check.n());
                out.writeLong(check.correct());
                for (Double d : new Double[] {check.estimated(), check.lower(), check.upper(), check.realised()}) {
                    out.writeDouble(d == null ? Double.NaN : d);
                }
                out.writeByte(check.verdict().ordinal());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static FittedAccuracy decode(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            int format = in.readByte();
            if (format != FORMAT) throw new IllegalArgumentException("fitted accuracy bytes: unknown format " + format);
            byte[] m = new byte[in.readInt()];
            in.readFully(m);
            AccuracyMap map = AccuracyMapCodec.decode(m);
            long n = in.readLong();
            double sumP = in.readDouble(), sumBernoulli = in.readDouble();
            double[] w = new double[in.readInt()];
            for (int i = 0; i < w.length; i++) w[i] = in.readDouble();
            AccuracyMap.Sums sums = new AccuracyMap.Sums(n, sumP, sumBernoulli, w, in.readDouble(), in.readDouble());
            AccuracyCheck check = null;
            if (in.readBoolean()) {
                String version = in.readUTF();
                long atFit = in.readLong(), checked = in.readLong(), correct = in.readLong();
                Double[] d = new Double[4];
                for (int i = 0; i < 4; i++) {
                    double x = in.readDouble();
                    d[i] = Double.isNaN(x) ? null : x;
                }
                check = new AccuracyCheck(version, atFit, checked, correct, d[0], d[1], d[2], d[3],
                        AccuracyEstimate.Divergence.Verdict.values()[in.readByte()]);
            }
            if (in.available() > 0) throw new IllegalArgumentException("fitted accuracy bytes: " + in.available() + " bytes after the end");
            return new FittedAccuracy(map, sums, check);
        } catch (IOException | ArrayIndexOutOfBoundsException | NegativeArraySizeException e) {
            throw new IllegalArgumentException("unreadable fitted accuracy bytes", e);
        }
    }

    /** The map's version, or {@code none}. */
    public String version() {
        return map.version();
    }
}
