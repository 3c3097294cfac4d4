package io.cpa.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/** CPU time and memory of any process of this machine, from Linux's /proc (the benchmarks and {@code ./cpa status}). */
public final class ProcStats {
    private static final long TICKS_PER_SECOND = 100; // Linux USER_HZ

    private ProcStats() {}

    /** user + system CPU seconds so far. */
    public static double cpuSeconds(long pid) throws IOException {
        return parseCpuSeconds(Files.readString(Path.of("/proc/" + pid + "/stat")));
    }

    /**
     * From a /proc/PID/stat line: utime and stime, fields 14 and 15, counted after the command name (which is in
     * parentheses and may itself hold spaces and parentheses, hence the last ')').
     */
    static double parseCpuSeconds(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / (double) TICKS_PER_SECOND;
    }

    /** resident set size in kB, empty when the process is gone. */
    public static OptionalLong residentKb(long pid) {
        return statusKb(pid, "VmRSS:");
    }

    /** the peak resident set size of the process's life so far in kB, empty when the process is gone. */
    public static OptionalLong peakResidentKb(long pid) {
        return statusKb(pid, "VmHWM:");
    }

    private static OptionalLong statusKb(long pid, String field) {
        try {
            return parseStatusKb(Files.readAllLines(Path.of("/proc/" + pid + "/status")), field);
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }

    static OptionalLong parseStatusKb(List<String> statusLines, String field) {
        for (String line : statusLines) {
            if (line.startsWith(field)) return OptionalLong.of(Long.parseLong(line.replaceAll("\\D", "")));
        }
        return OptionalLong.empty();
    }
}
