package io.cpa.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A packaged Quarkus service (or another JVM) run as its own process, so that its CPU time and RSS can be read from /proc. */
final class ServiceProcess implements AutoCloseable {
    private static final long TICKS_PER_SECOND = 100; // Linux USER_HZ

    private final Process process;
    private final int port;

    private ServiceProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static ServiceProcess start(Path jar, int port, String heap, Map<String, String> env, Path log) throws IOException {
        return start(jar, port, heap, env, log, List.of());
    }

    /** @param jvmArgs extra JVM options, e.g. a flight recording */
    static ServiceProcess start(Path jar, int port, String heap, Map<String, String> env, Path log, List<String> jvmArgs) throws IOException {
        if (!Files.isRegularFile(jar)) throw new IllegalArgumentException("no service jar at " + jar + ": build it with ./mvnw package -DskipTests");
        // JDK HttpClient.sendAsync completes on the common pool: at its default parallelism on 2 CPUs (1) the JDK
        // starts a new thread per completion, so the services are run with a pool, as the cpa script and images do
        List<String> cmd = new ArrayList<>(List.of("java", "-Xmx" + heap, "-Dquarkus.http.port=" + port,
                "-Djava.util.concurrent.ForkJoinPool.common.parallelism=4"));
        cmd.addAll(jvmArgs);
        cmd.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        ServiceProcess p = new ServiceProcess(pb.start(), port);
        p.awaitReady(Duration.ofSeconds(120), log);
        return p;
    }

    /**
     * A main class of this harness's own class path (the broker, the simulator) as a process, ready once its log
     * holds {@code readyText}.
     */
    static ServiceProcess startMain(String mainClass, List<String> args, int port, String heap, Path log, List<String> jvmArgs,
                                    String readyText) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("java", "-Xmx" + heap));
        cmd.addAll(jvmArgs);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        cmd.addAll(args);
        ServiceProcess p = new ServiceProcess(new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start(), port);
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.process.isAlive()) throw new IllegalStateException(mainClass + " exited; see " + log);
            if (Files.exists(log) && Files.readString(log).contains(readyText)) return p;
            sleep(200);
        }
        p.close();
        throw new IllegalStateException(mainClass + " not ready within 120 s; see " + log);
    }

    private void awaitReady(Duration timeout, Path log) {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) throw new IllegalStateException("service exited; see " + log);
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) return;
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(300);
        }
        throw new IllegalStateException("service not ready within " + timeout + "; see " + log);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** user + system CPU seconds so far. */
    double cpuSeconds() throws IOException {
        return cpuSeconds(process.pid());
    }

    /** user + system CPU seconds so far of any process of this machine (the harness reads its own). */
    static double cpuSeconds(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / (double) TICKS_PER_SECOND; // fields 14 and 15
    }

    /** resident set size in MiB. */
    double rssMiB() throws IOException {
        return status(process.pid(), "VmRSS:");
    }

    /** the peak resident set size of the process's life so far, in MiB. */
    double peakRssMiB() throws IOException {
        return peakRssMiB(process.pid());
    }

    static double peakRssMiB(long pid) throws IOException {
        return status(pid, "VmHWM:");
    }

    private static double status(long pid, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith(field)) return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
        }
        return Double.NaN;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    int port() {
        return port;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
