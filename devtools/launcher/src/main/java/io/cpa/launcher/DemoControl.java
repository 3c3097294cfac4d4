package io.cpa.launcher;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** {@code ./cpa stop} and {@code ./cpa status}: a demo's processes, found through its pid file, from any terminal. */
final class DemoControl {
    /** How long a process may take to exit after SIGTERM before it gets SIGKILL. */
    static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private DemoControl() {}

    /** Stops every live process of the file, the last started first, and removes the file. */
    static void stop(PidFile pids) {
        List<PidFile.Entry> reverse = new ArrayList<>(pids.read());
        Collections.reverse(reverse);
        for (PidFile.Entry e : reverse) {
            Optional<ProcessHandle> live = e.live();
            if (live.isEmpty() || live.get().pid() == ProcessHandle.current().pid()) continue;
            ChildProcess.terminate(live.get(), STOP_GRACE);
            Main.say("stopped " + e.name() + " (" + e.pid() + ")");
        }
        pids.delete();
    }

    /** One line per process of the file: running with its RSS, or exited. */
    static List<String> status(PidFile pids) {
        List<String> lines = new ArrayList<>();
        for (PidFile.Entry e : pids.read()) {
            lines.add(e.live().isPresent()
                    ? String.format("%-18s pid %-8d rss %s kB", e.name(), e.pid(), ProcStats.residentKb(e.pid()).stream()
                            .mapToObj(Long::toString).findFirst().orElse("?"))
                    : String.format("%-18s pid %-8d (exited)", e.name(), e.pid()));
        }
        return lines;
    }
}
