package io.cpa.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A command run in the launcher's terminal until it ends: the build, a benchmark harness. Ctrl-C reaches it directly
 * (it shares the terminal's process group); if the launcher is stopped otherwise, it stops the command too.
 */
final class Foreground {
    private Foreground() {}

    /** Runs {@code command} in {@code dir} with the launcher's stdin, stdout and stderr; returns its exit code. */
    static int run(List<String> command, Path dir) {
        Process p;
        try {
            p = new ProcessBuilder(command).directory(dir.toFile()).inheritIO().start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + command.get(0), e);
        }
        Thread stopIt = new Thread(() -> ChildProcess.terminate(p.toHandle(), ChildProcess.DEFAULT_STOP_GRACE), "stop-" + p.pid());
        Runtime.getRuntime().addShutdownHook(stopIt);
        try {
            return p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            return 130;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stopIt);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs or has run
            }
        }
    }
}
