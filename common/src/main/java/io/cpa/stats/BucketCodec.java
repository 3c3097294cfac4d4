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
        Varint.write(out, b.size());
        int previous = 0;
        for (int i = 0; i < b.size(); i++) {
            Varint.write(out, b.key(i) - previous);
            previous = b.key(i);
            Varint.write(out, b.count(i));
        }
        return out.toByteArray();
    }

    public static Bucket decode(byte[] data) {
        if (data == null || data.length == 0) throw new IllegalArgumentException("bucket bytes are empty");
        if (data[0] != FORMAT) throw new IllegalArgumentException("bucket bytes: unknown format " + data[0]);
        int[] pos = {1};
        long size = Varint.read(data, pos, "bucket bytes");
        if (size > (data.length - pos[0]) / 2) throw new IllegalArgumentException("bucket bytes: " + size + " entries cannot fit in " + data.length + " bytes");
        int[] keys = new int[(int) size];
        long[] counts = new long[(int) size];
        long key = 0;
        for (int i = 0; i < size; i++) {
            key += Varint.read(data, pos, "bucket bytes");
            if (key > Integer.MAX_VALUE) throw new IllegalArgumentException("bucket bytes: key out of range at entry " + i);
            keys[i] = (int) key;
            counts[i] = Varint.read(data, pos, "bucket bytes");
        }
        if (pos[0] != data.length) throw new IllegalArgumentException("bucket bytes: " + (data.length - pos[0]) + " bytes after the last entry");
        return Bucket.of(keys, counts, (int) size);
    }
}
