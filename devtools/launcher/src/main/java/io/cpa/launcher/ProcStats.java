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

    /** One thread's name (as the kernel keeps it: 15 characters) and user + system CPU seconds so far. */
    public record ThreadCpu(String name, double seconds) {}

    /** Every thread of the process by thread id; empty when the process is gone. */
    public static java.util.Map<Long, ThreadCpu> threadCpuSeconds(long pid) {
        java.util.Map<Long, ThreadCpu> byThread = new java.util.HashMap<>();
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    byThread.put(Long.parseLong(task.getFileName().toString()), new ThreadCpu(threadName(stat), parseCpuSeconds(stat)));
                } catch (IOException gone) {
                    // the thread ended between the listing and the read
                }
            }
        } catch (IOException gone) {
            // the process ended
        }
        return byThread;
    }

    /**
     * The JIT compilers' part of a {@link #byThreadGroup} reading. HotSpot names them "C1 CompilerThreadN" and
     * "C2 CompilerThreadN" and may end one that idles, taking its time with it: a lower bound of the compilers' share.
     */
    public static double compilerSeconds(java.util.Map<String, Double> groups) {
        double sum = 0;
        for (var g : groups.entrySet()) if (isCompilerThread(g.getKey())) sum += g.getValue();
        return sum;
    }

    static String threadName(String stat) {
        return stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    }

    static boolean isCompilerThread(String name) {
        return name.matches("C[12N] CompilerThre.*");
    }

    /**
     * The CPU seconds used since {@code start}, by thread group: the thread name with its numbers as N, so that the
     * threads of one pool add up ("vert.x-eventloo", "GC Thread#N", "rocksdb:low"). A thread born in between counts from
     * 0; one that ended in between is missing, so each figure is a lower bound.
     */
    public static java.util.Map<String, Double> byThreadGroup(java.util.Map<Long, ThreadCpu> start, java.util.Map<Long, ThreadCpu> end) {
        java.util.Map<String, Double> groups = new java.util.HashMap<>();
        end.forEach((tid, t) -> {
            ThreadCpu before = start.get(tid);
            double used = t.seconds() - (before == null ? 0 : before.seconds());
            groups.merge(t.name().replaceAll("\\d+", "N"), used, Double::sum);
        });
        return groups;
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
