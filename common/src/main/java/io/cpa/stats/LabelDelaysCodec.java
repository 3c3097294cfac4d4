package io.cpa.stats;

import io.cpa.label.LabelKind;

import java.io.ByteArrayOutputStream;

/**
 * The one byte form of {@link LabelDelays}, sparse: a format byte, then per labeller kind in declaration order the
 * number of non-empty bins and, per such bin, the bin index as the difference from the previous one (the first from
 * -1) and the count, all unsigned LEB128 varints, so about 3 bytes per occupied bin. Empty: 5 bytes; 100,000 labels of
 * three kinds with exponential delays of 5 minutes to 8 hours: 784 bytes (tested); at most 185 bins per kind.
 */
public final class LabelDelaysCodec {
    private static final int FORMAT = 1;
    private static final String WHAT = "label delay bytes";

    private LabelDelaysCodec() {}

    public static byte[] encode(LabelDelays d) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(32);
        out.write(FORMAT);
        for (int k = 0; k < LabelKind.values().length; k++) {
            int occupied = 0;
            for (int s = 0; s < LabelDelays.SLOTS; s++) if (d.count(k, s) > 0) occupied++;
            Varint.write(out, occupied);
            int previous = -1;
            for (int s = 0; s < LabelDelays.SLOTS; s++) {
                if (d.count(k, s) == 0) continue;
                Varint.write(out, s - previous);
                Varint.write(out, d.count(k, s));
                previous = s;
            }
        }
        return out.toByteArray();
    }

    public static LabelDelays decode(byte[] data) {
        if (data == null || data.length == 0) throw new IllegalArgumentException(WHAT + " are empty");
        if (data[0] != FORMAT) throw new IllegalArgumentException(WHAT + ": unknown format " + data[0]);
        LabelDelays d = new LabelDelays();
        int[] pos = {1};
        for (LabelKind kind : LabelKind.values()) {
            long occupied = Varint.read(data, pos, WHAT);
            if (occupied > LabelDelays.SLOTS) throw new IllegalArgumentException(WHAT + ": " + occupied + " bins for " + kind.id());
            long slot = -1;
            for (int i = 0; i < occupied; i++) {
                long delta = Varint.read(data, pos, WHAT);
                slot += delta;
                if (delta < 1 || slot >= LabelDelays.SLOTS) throw new IllegalArgumentException(WHAT + ": bin out of order or range for " + kind.id());
                long count = Varint.read(data, pos, WHAT);
                if (count < 1) throw new IllegalArgumentException(WHAT + ": empty bin " + slot + " for " + kind.id());
                d.set(kind.ordinal(), (int) slot, count);
            }
        }
        if (pos[0] != data.length) throw new IllegalArgumentException(WHAT + ": " + (data.length - pos[0]) + " bytes after the last bin");
        return d;
    }
}
