package io.cpa.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The demo's processes on disk, so that {@code ./cpa stop} and {@code ./cpa status} in another terminal find them:
 * one line per process, {@code PID NAME START_MS}, in start order. The start time tells a process of the demo from an
 * unrelated one that got the same pid after the demo's ended (a line without it, as older demos wrote, is trusted).
 */
public final class PidFile {
    /** One line of the file. */
    public record Entry(long pid, String name, Optional<Long> startMillis) {
        /** The process, when it still runs and is the one that was started. */
        public Optional<ProcessHandle> live() {
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(h -> startMillis.isEmpty() || startMillis.equals(startMillisOf(h)));
        }
    }

    private final Path file;

    public PidFile(Path file) {
        this.file = file;
    }

    public Path path() {
        return file;
    }

    public boolean exists() {
        return Files.exists(file);
    }

    public static Entry entryOf(String name, ProcessHandle process) {
        return new Entry(process.pid(), name, startMillisOf(process));
    }

    static Optional<Long> startMillisOf(ProcessHandle h) {
        return h.info().startInstant().map(java.time.Instant::toEpochMilli);
    }

    public List<Entry> read() {
        try {
            return exists() ? parse(Files.readAllLines(file)) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Replaces the file's content at once (a reader never sees half a list). */
    public void write(List<Entry> entries) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(tmp, format(entries));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    public void delete() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file, e);
        }
    }

    static List<String> format(List<Entry> entries) {
        return entries.stream().map(e -> e.pid() + " " + e.name() + e.startMillis().map(ms -> " " + ms).orElse("")).toList();
    }

    static List<Entry> parse(List<String> lines) {
        List<Entry> entries = new ArrayList<>();
        for (String line : lines) {
            String[] f = line.strip().split("\\s+");
            if (f.length < 2) continue; // blank or torn line
            try {
                entries.add(new Entry(Long.parseLong(f[0]), f[1], f.length > 2 ? Optional.of(Long.parseLong(f[2])) : Optional.empty()));
            } catch (NumberFormatException notOurs) {
                // a line nobody of ours wrote
            }
        }
        return entries;
    }
}
