package io.cpa.launcher;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the launcher reads of its processes' logs: whether a line appeared, and the end of a log for an error message. */
final class LogFiles {
    /** The most of a log an error message quotes. */
    static final int TAIL_BYTES = 4096;
    /** The most one poll of {@link Scanner} reads: a process writing faster is read over several polls. */
    static final int SCAN_CHUNK_BYTES = 64 * 1024;

    private LogFiles() {}

    /** The last {@code maxBytes} of a log (from the start of a line when it was cut), empty when there is none. */
    static String tail(Path log, int maxBytes) {
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            long from = Math.max(0, f.length() - maxBytes);
            byte[] bytes = new byte[(int) (f.length() - from)];
            f.seek(from);
            f.readFully(bytes);
            String text = new String(bytes, StandardCharsets.UTF_8);
            int firstLine = from > 0 ? text.indexOf('\n') + 1 : 0;
            return text.substring(firstLine);
        } catch (IOException e) {
            return "";
        }
    }

    static long size(Path log) {
        try {
            return Files.exists(log) ? Files.size(log) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * Looks for a text in what a log gains after a given offset, reading each byte once: a broker's log grows to MBs
     * while it starts and a poll every 200 ms must not read it all again. Only the last {@code text.length() - 1}
     * characters are carried from one poll to the next (a line written in two pieces is still found).
     */
    static final class Scanner {
        private final Path log;
        private final String text;
        private long offset;
        private String carry = "";

        Scanner(Path log, long offset, String text) {
            this.log = log;
            this.offset = offset;
            // compared in the same Latin-1 view as the log's bytes
            this.text = new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        }

        boolean found() throws IOException {
            if (!Files.exists(log)) return false;
            try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
                while (offset < f.length()) {
                    byte[] chunk = new byte[(int) Math.min(SCAN_CHUNK_BYTES, f.length() - offset)];
                    f.seek(offset);
                    f.readFully(chunk);
                    offset += chunk.length;
                    // Latin-1 maps every byte to one char, so a chunk cut inside a UTF-8 character breaks nothing
                    String seen = carry + new String(chunk, StandardCharsets.ISO_8859_1);
                    if (seen.contains(text)) return true;
                    carry = seen.substring(Math.max(0, seen.length() - (text.length() - 1)));
                }
            }
            return false;
        }
    }
}
