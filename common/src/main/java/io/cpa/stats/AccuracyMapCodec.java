package io.cpa.stats;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The one byte form of an {@link AccuracyMap}: a format byte, the kind (0 no map, 1 isotonic, 2 Platt), then the
 * parameters the map's values, errors and version depend on, exactly (doubles as their 8 IEEE bytes, counts as
 * unsigned LEB128 varints), and last the version string, which decoding recomputes from the parameters and compares:
 * a map decoded is the map encoded, value for value, or an error. Size: about 30 bytes plus 18 to 36 per isotonic block
 * (at most one block per labelled IC cell, in practice tens), 90 bytes for Platt.
 */
public final class AccuracyMapCodec {
    private static final int FORMAT = 1;
    private static final int ABSENT = 0;
    private static final int ISOTONIC = 1;
    private static final int PLATT = 2;
    private static final String WHAT = "accuracy map bytes";

    private AccuracyMapCodec() {}

    public static byte[] encode(AccuracyMap m) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        out.write(FORMAT);
        if (!m.present()) {
            out.write(ABSENT);
            out.write(m.status().ordinal());
            Varint.write(out, m.labels());
            Varint.write(out, m.correct());
            string(out, m.reason() == null ? "" : m.reason());
            return out.toByteArray();
        }
        out.write(m.method() == AccuracyMap.Method.ISOTONIC ? ISOTONIC : PLATT);
        Varint.write(out, m.labels());
        Varint.write(out, m.correct());
        dbl(out, m.minIc());
        dbl(out, m.maxIc());
        if (m.method() == AccuracyMap.Method.ISOTONIC) {
            Varint.write(out, m.blocks().size());
            for (AccuracyMap.Block b : m.blocks()) {
                dbl(out, b.lowIc());
                dbl(out, b.highIc());
                Varint.write(out, b.n());
                Varint.write(out, b.correct());
            }
        } else {
            dbl(out, m.plattIntercept());
            dbl(out, m.plattSlope());
            for (double c : m.plattCovariance()) dbl(out, c);
        }
        string(out, m.version());
        return out.toByteArray();
    }

    public static AccuracyMap decode(byte[] data) {
        if (data == null || data.length < 2) throw new IllegalArgumentException(WHAT + " are empty");
        if (data[0] != FORMAT) throw new IllegalArgumentException(WHAT + ": unknown format " + data[0]);
        int[] pos = {2};
        AccuracyMap m;
        switch (data[1]) {
            case ABSENT -> {
                Estimate.Status status = Estimate.Status.values()[checkedIndex(data, pos, Estimate.Status.values().length)];
                long labels = Varint.read(data, pos, WHAT);
                long correct = Varint.read(data, pos, WHAT);
                String reason = string(data, pos);
                if (status == Estimate.Status.OK) throw new IllegalArgumentException(WHAT + ": an absent map with status OK");
                m = new AccuracyMap(status, reason.isEmpty() ? null : reason, labels, correct);
            }
            case ISOTONIC -> {
                long labels = Varint.read(data, pos, WHAT);
                long correct = Varint.read(data, pos, WHAT);
                double minIc = dbl(data, pos);
                double maxIc = dbl(data, pos);
                long blocks = Varint.read(data, pos, WHAT);
                if (blocks < 1 || blocks > BucketCell.IC_CELLS + 1L || blocks * 18 > data.length) {
                    throw new IllegalArgumentException(WHAT + ": " + blocks + " isotonic blocks");
                }
                int size = (int) blocks;
                double[] low = new double[size], high = new double[size];
                long[] n = new long[size], k = new long[size];
                for (int i = 0; i < size; i++) {
                    low[i] = dbl(data, pos);
                    high[i] = dbl(data, pos);
                    n[i] = Varint.read(data, pos, WHAT);
                    k[i] = Varint.read(data, pos, WHAT);
                    if (n[i] < 1 || k[i] > n[i]) throw new IllegalArgumentException(WHAT + ": block " + i + " has " + k[i] + " correct of " + n[i]);
                }
                m = new AccuracyMap(labels, correct, minIc, maxIc, low, high, n, k);
            }
            case PLATT -> {
                long labels = Varint.read(data, pos, WHAT);
                long correct = Varint.read(data, pos, WHAT);
                double minIc = dbl(data, pos);
                double maxIc = dbl(data, pos);
                double a = dbl(data, pos);
                double b = dbl(data, pos);
                double[] cov = {dbl(data, pos), dbl(data, pos), dbl(data, pos)};
                m = new AccuracyMap(labels, correct, minIc, maxIc, a, b, cov);
            }
            default -> throw new IllegalArgumentException(WHAT + ": unknown kind " + data[1]);
        }
        if (m.present()) {
            String version = string(data, pos);
            if (!version.equals(m.version())) {
                throw new IllegalArgumentException(WHAT + ": stored version " + version + " but the parameters give " + m.version());
            }
        }
        if (pos[0] != data.length) throw new IllegalArgumentException(WHAT + ": " + (data.length - pos[0]) + " bytes after the map");
        return m;
    }

    private static int checkedIndex(byte[] data, int[] pos, int size) {
        if (pos[0] >= data.length || data[pos[0]] < 0 || data[pos[0]] >= size) throw new IllegalArgumentException(WHAT + ": bad status byte");
        return data[pos[0]++];
    }

    private static void dbl(ByteArrayOutputStream out, double v) {
        out.writeBytes(ByteBuffer.allocate(8).putDouble(v).array());
    }

    private static double dbl(byte[] data, int[] pos) {
        if (pos[0] + 8 > data.length) throw new IllegalArgumentException(WHAT + " end inside a number");
        double v = ByteBuffer.wrap(data, pos[0], 8).getDouble();
        pos[0] += 8;
        return v;
    }

    private static void string(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        Varint.write(out, b.length);
        out.writeBytes(b);
    }

    private static String string(byte[] data, int[] pos) {
        long len = Varint.read(data, pos, WHAT);
        if (len < 0 || pos[0] + len > data.length) throw new IllegalArgumentException(WHAT + " end inside a text");
        String s = new String(data, pos[0], (int) len, StandardCharsets.UTF_8);
        pos[0] += (int) len;
        return s;
    }
}
