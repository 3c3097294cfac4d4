package io.cpa.stats;

import java.io.ByteArrayOutputStream;

/** Unsigned LEB128 varints, the integers of the compact codecs ({@link BucketCodec}, {@link LabelDelaysCodec}). */
final class Varint {
    private Varint() {}

    static void write(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    /** Reads the varint at {@code pos[0]} and moves past it; {@code what} names the bytes in an error. */
    static long read(byte[] data, int[] pos, String what) {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos[0] >= data.length) throw new IllegalArgumentException(what + " are truncated");
            byte b = data[pos[0]++];
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) return v;
        }
        throw new IllegalArgumentException(what + ": varint too long");
    }
}
