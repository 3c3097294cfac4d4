package io.cpa.stats;

import java.io.ByteArrayOutputStream;

/**
 * The one byte form of a {@link Bucket}: a format byte, the entry count, then per entry the key as the difference
 * from the previous key and the count, both unsigned LEB128 varints. Keys are sorted, so a minute bucket costs about
 * 3 to 4 bytes per cell.
 */
public final class BucketCodec {
    private static final int FORMAT = 1;

    private BucketCodec() {}

    public static byte[] encode(Bucket b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8 + b.size() * 4);
        out.write(FORMAT);
        writeVarint(out, b.size());
        int previous = 0;
        for (int i = 0; i < b.size(); i++) {
            writeVarint(out, b.key(i) - previous);
            previous = b.key(i);
            writeVarint(out, b.count(i));
        }
        return out.toByteArray();
    }

    public static Bucket decode(byte[] data) {
        if (data == null || data.length == 0) throw new IllegalArgumentException("bucket bytes are empty");
        if (data[0] != FORMAT) throw new IllegalArgumentException("bucket bytes: unknown format " + data[0]);
        int[] pos = {1};
        long size = readVarint(data, pos);
        if (size > (data.length - pos[0]) / 2) throw new IllegalArgumentException("bucket bytes: " + size + " entries cannot fit in " + data.length + " bytes");
        int[] keys = new int[(int) size];
        long[] counts = new long[(int) size];
        long key = 0;
        for (int i = 0; i < size; i++) {
            key += readVarint(data, pos);
            if (key > Integer.MAX_VALUE) throw new IllegalArgumentException("bucket bytes: key out of range at entry " + i);
            keys[i] = (int) key;
            counts[i] = readVarint(data, pos);
        }
        if (pos[0] != data.length) throw new IllegalArgumentException("bucket bytes: " + (data.length - pos[0]) + " bytes after the last entry");
        return Bucket.of(keys, counts, (int) size);
    }

    static void writeVarint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    static long readVarint(byte[] data, int[] pos) {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos[0] >= data.length) throw new IllegalArgumentException("bucket bytes are truncated");
            byte b = data[pos[0]++];
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) return v;
        }
        throw new IllegalArgumentException("bucket bytes: varint too long");
    }
}
