package io.cpa.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** One started {@link ServiceSpec}: waits for it to serve, stops it (SIGTERM, then SIGKILL) or kills it, measures it. */
public final class ChildProcess implements AutoCloseable {
    /** How long a stop waits after SIGTERM before SIGKILL, when the caller does not say. */
    public static final Duration DEFAULT_STOP_GRACE = Duration.ofSeconds(20);
    /** How long a process may take to vanish after SIGKILL (the kernel reaps it; only a hung disk delays that). */
    private static final Duration KILL_WAIT = Duration.ofSeconds(30);
    private static final long POLL_MS = 200;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final ServiceSpec spec;
    private final Process process;
    /** Where this run's output starts in the log (a restart appends to the previous run's). */
    private final long logStart;

    private ChildProcess(ServiceSpec spec, Process process, long logStart) {
        this.spec = spec;
        this.process = process;
        this.logStart = logStart;
    }

    /**
     * Starts the process without waiting for it to serve.
     *
     * @param appendLog true: add to the log (a restart); false: start it empty
     * @throws Ports.PortInUseException when the spec's fixed port is taken
     */
    public static ChildProcess launch(ServiceSpec spec, boolean appendLog) {
        if (spec.port() > 0) Ports.requireFree(spec.port(), spec.name());
        try {
            Path log = spec.log().toAbsolutePath();
            Files.createDirectories(log.getParent());
            long logStart = appendLog ? LogFiles.size(log) : 0;
            ProcessBuilder pb = new ProcessBuilder(spec.command()).redirectErrorStream(true)
                    .redirectOutput(appendLog ? ProcessBuilder.Redirect.appendTo(log.toFile()) : ProcessBuilder.Redirect.to(log.toFile()));
            if (spec.directory() != null) pb.directory(spec.directory().toFile());
            pb.environment().putAll(spec.environment());
            return new ChildProcess(spec, pb.start(), logStart);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + spec.name() + " (" + spec.command().get(0) + ")", e);
        }
    }

    /** Starts the process and waits until it serves; one that does not is stopped before the error is thrown. */
    public static ChildProcess start(ServiceSpec spec, Duration readyWithin) {
        ChildProcess child = launch(spec, false);
        try {
            return child.awaitReady(readyWithin);
        } catch (RuntimeException e) {
            child.close();
            throw e;
        }
    }

    /**
     * Waits until the spec's readiness holds. Fails at once when the process exits first, and when the timeout
     * passes; either message names the log and quotes its end.
     */
    public ChildProcess awaitReady(Duration timeout) {
        Readiness readiness = spec.readiness();
        LogFiles.Scanner scanner = readiness instanceof Readiness.LogLine l ? new LogFiles.Scanner(spec.log(), logStart, l.text()) : null;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new NotReadyException(spec.name() + " exited with code " + process.exitValue() + " before it was ready", spec.log());
            }
            if (isReady(readiness, scanner)) return this;
            if (System.nanoTime() > deadline) {
                throw new NotReadyException(spec.name() + " not ready (" + readiness.describe() + ") within " + timeout.toSeconds() + " s", spec.log());
            }
            sleep(POLL_MS);
        }
    }

    private static boolean isReady(Readiness readiness, LogFiles.Scanner scanner) {
        if (readiness instanceof Readiness.HttpOk h) {
            try {
                return HTTP.send(HttpRequest.newBuilder(h.url()).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException notListeningYet) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        if (scanner != null) {
            try {
                return scanner.found();
            } catch (IOException unreadableYet) {
                return false;
            }
        }
        return true;
    }

    /** SIGTERM (shutdown hooks run), then SIGKILL when it has not exited after {@code grace}. */
    public void stop(Duration grace) {
        terminate(process.toHandle(), grace);
        awaitExit(process.onExit(), KILL_WAIT); // the exit code is this Process's to read, not only the handle's
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed or committed. Returns once it has exited. */
    public void kill() {
        process.destroyForcibly();
        if (!awaitExit(process.onExit(), KILL_WAIT)) throw new IllegalStateException(spec.name() + " survived SIGKILL for " + KILL_WAIT);
    }

    /**
     * SIGTERM, then SIGKILL when the process has not exited after {@code grace}: for the launcher's children and for
     * processes of another launcher found through a pid file alike.
     */
    static void terminate(ProcessHandle process, Duration grace) {
        if (!process.isAlive()) return;
        process.destroy();
        if (awaitExit(process.onExit(), grace)) return;
        process.destroyForcibly();
        awaitExit(process.onExit(), KILL_WAIT);
    }

    private static boolean awaitExit(CompletableFuture<?> exit, Duration timeout) {
        try {
            exit.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException cannotHappen) {
            throw new IllegalStateException(cannotHappen);
        }
    }

    @Override
    public void close() {
        stop(DEFAULT_STOP_GRACE);
    }

    public ServiceSpec spec() {
        return spec;
    }

    public String name() {
        return spec.name();
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The exit code; fails while it runs. */
    public int exitValue() {
        return process.exitValue();
    }

    /** The spec's fixed port (0 when it has none). */
    public int port() {
        return spec.port();
    }

    public Path log() {
        return spec.log();
    }

    /** user + system CPU seconds so far. */
    public double cpuSeconds() throws IOException {
        return ProcStats.cpuSeconds(pid());
    }

    /** resident set size in MiB, NaN once it has exited. */
    public double rssMiB() {
        return mib(ProcStats.residentKb(pid()));
    }

    /** the peak resident set size of its life so far in MiB, NaN once it has exited. */
    public double peakRssMiB() {
        return mib(ProcStats.peakResidentKb(pid()));
    }

    private static double mib(java.util.OptionalLong kb) {
        return kb.isPresent() ? kb.getAsLong() / 1024.0 : Double.NaN;
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A process that exited or timed out before it served; the message names its log and quotes the log's end. */
    public static final class NotReadyException extends IllegalStateException {
        public NotReadyException(String what, Path log) {
            super(what + "; see " + log + tailOf(log));
        }

        private static String tailOf(Path log) {
            String tail = LogFiles.tail(log, LogFiles.TAIL_BYTES).strip();
            return tail.isEmpty() ? "" : ", which ends:\n" + tail;
        }
    }
}
