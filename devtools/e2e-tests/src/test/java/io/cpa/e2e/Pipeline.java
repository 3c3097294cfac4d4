package io.cpa.e2e;

import io.cpa.event.Topics;
import io.cpa.kafka.EmbeddedKafkaBroker;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged pipeline as separate processes against one real broker: the model simulator and the three Quarkus
 * services, each started from its build output with its own port, log file and heap limit.
 */
final class Pipeline implements AutoCloseable {
    static final String VERSION = "0.1.0-SNAPSHOT";
    static final Path ROOT = Path.of(System.getProperty("cpa.root", "../..")).toAbsolutePath().normalize();

    EmbeddedKafkaBroker broker;
    final Path runDir;
    final Map<String, Process> processes = new LinkedHashMap<>();
    final Map<String, Integer> ports = new LinkedHashMap<>();
    private final Map<String, List<String>> commands = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> environments = new LinkedHashMap<>();
    final HttpClient http = HttpClient.newHttpClient();

    Pipeline(String name) throws IOException {
        this(name, 3);
    }

    /** @param partitions partitions of every topic; 1 keeps the answers in the order they were produced */
    Pipeline(String name, int partitions) throws IOException {
        runDir = ROOT.resolve("devtools/e2e-tests/target/e2e/" + name + "-" + System.currentTimeMillis());
        Files.createDirectories(runDir);
        broker = EmbeddedKafkaBroker.start(runDir.resolve("kafka"), 0);
        broker.createTopics(Topics.ALL, partitions);
    }

    void startSimulator(String... args) throws IOException {
        startSimulatorNamed("model-simulator", args);
    }

    /** A simulator process called {@code name} (several of them stand for several upstreams). */
    void startSimulatorNamed(String name, String... args) throws IOException {
        int port = freePort();
        ports.put(name, port);
        List<String> cmd = new ArrayList<>(List.of(java(), "-Xmx256m", "-cp",
                jar("devtools/model-simulator/target/model-simulator-" + VERSION + ".jar") + ":"
                        + ROOT.resolve("devtools/model-simulator/target/lib") + "/*",
                "io.cpa.simulator.ModelSimulator", "--port=" + port,
                "--questionBank=" + ROOT.resolve("common/src/main/resources/io/cpa/dataset/sample-questions.jsonl")));
        cmd.addAll(List.of(args));
        commands.put(name, cmd);
        environments.put(name, Map.of());
        start(name, cmd, Map.of());
        awaitHttp(name, "http://127.0.0.1:" + port + "/v1/models", Duration.ofSeconds(60));
    }

    String simulatorUrl() {
        return simulatorUrl("model-simulator");
    }

    String simulatorUrl(String name) {
        return "http://127.0.0.1:" + ports.get(name) + "/v1";
    }

    void startService(String name, Map<String, String> env) throws IOException {
        startNamed(name, name, env);
    }

    /** Starts the packaged {@code module} as a process called {@code name} (several instances of one service). */
    void startNamed(String name, String module, Map<String, String> env) throws IOException {
        int port = freePort();
        ports.put(name, port);
        Map<String, String> all = new LinkedHashMap<>(env);
        all.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        all.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
        if (ports.containsKey("model-simulator")) all.putIfAbsent("CPA_MODEL_BASE_URL", simulatorUrl());
        all.put("CPA_STATE_DIR", runDir.resolve(name + "-state").toString());
        commands.put(name, List.of(java(), "-Xmx256m", "-jar", jar(module + "/target/quarkus-app/quarkus-run.jar")));
        environments.put(name, all);
        start(name, commands.get(name), all);
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed or committed. */
    void kill(String name) throws InterruptedException {
        Process p = processes.get(name);
        p.destroyForcibly();
        p.waitFor(30, TimeUnit.SECONDS);
    }

    /** Starts a killed or stopped process again with the same command, port, environment and state folder. */
    void restart(String name) throws IOException {
        start(name, commands.get(name), environments.get(name));
    }

    /** A fresh simulator on the same port and seed: its answer draws start again from the first. */
    void restartSimulator() throws IOException, InterruptedException {
        kill("model-simulator");
        restart("model-simulator");
        awaitHttp("model-simulator", simulatorUrl() + "/models", Duration.ofSeconds(60));
    }

    /** Stops the broker (its log dir stays), waits, and starts it again on the same port and folder. */
    void restartBroker(Duration down) {
        int port = Integer.parseInt(broker.bootstrapServers().substring(broker.bootstrapServers().lastIndexOf(':') + 1));
        broker.close();
        sleep(down.toMillis());
        broker = EmbeddedKafkaBroker.start(runDir.resolve("kafka"), port);
    }

    void awaitReady(String name, Duration timeout) {
        awaitHttp(name, url(name, "/q/health/ready"), timeout);
    }

    String url(String name, String path) {
        return "http://127.0.0.1:" + ports.get(name) + path;
    }

    private void start(String name, List<String> cmd, Map<String, String> env) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(runDir.resolve(name + ".log").toFile()));
        pb.environment().putAll(env);
        processes.put(name, pb.start());
    }

    private void awaitHttp(String name, String url, Duration timeout) {
        awaitOk(http, () -> processes.get(name), name, url, runDir.resolve(name + ".log"), timeout);
    }

    /**
     * Waits until {@code url} answers 200, failing at once when the process that should serve it has exited (its log
     * is named), and when the timeout passes.
     */
    static void awaitOk(HttpClient http, java.util.function.Supplier<Process> process, String name, String url, Path log,
                        Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Process p = process.get();
            if (p != null && !p.isAlive()) throw new IllegalStateException(name + " exited; see " + log);
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) return;
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(300);
        }
        throw new IllegalStateException(name + " not ready at " + url + " within " + timeout + "; see " + log);
    }

    /** Waits until the analysis-service has received {@code n} certainties of {@code series}. */
    void awaitReceived(String series, long n, Duration timeout) throws IOException, InterruptedException {
        String path = "/api/series/" + java.net.URLEncoder.encode(series, java.nio.charset.StandardCharsets.UTF_8);
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = get("analysis-service", path);
            last = r.statusCode() + " " + (r.body().length() > 200 ? r.body().substring(0, 200) : r.body());
            if (r.statusCode() == 200 && io.cpa.event.EventJson.mapper().readTree(r.body()).path("received").asLong() >= n) return;
            sleep(1000);
        }
        throw new AssertionError("series " + series + " did not reach " + n + " answers: " + last);
    }

    HttpResponse<String> get(String name, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url(name, path))).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> postJson(String name, String path, String json) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url(name, path))).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * One window of a series from the analysis-service once its {@code countField} ({@code n}, {@code pairedN}) reaches
     * {@code n}; fails with the last answer seen when it does not within the timeout.
     */
    com.fasterxml.jackson.databind.JsonNode awaitWindow(String series, String window, String countField, int n, Duration timeout)
            throws IOException, InterruptedException {
        String path = "/api/series/" + java.net.URLEncoder.encode(series, java.nio.charset.StandardCharsets.UTF_8);
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = get("analysis-service", path);
            last = r.statusCode() + " " + r.body();
            if (r.statusCode() == 200) {
                var w = io.cpa.event.EventJson.mapper().readTree(r.body()).path("windows").path(window);
                if (w.path(countField).asInt() >= n) return w;
            }
            sleep(500);
        }
        throw new AssertionError("series " + series + " did not reach " + countField + "=" + n + " in " + window + ": "
                + last.substring(0, Math.min(1000, last.length())));
    }

    /** Resident set size of a process in kB, from /proc. */
    long rssKb(String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + processes.get(name).pid() + "/status"))) {
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", ""));
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String jar(String relative) {
        Path p = ROOT.resolve(relative);
        if (!Files.exists(p)) throw new IllegalStateException("missing build output " + p + ": run ./mvnw package first");
        return p.toString();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        List<String> names = new ArrayList<>(processes.keySet());
        java.util.Collections.reverse(names);
        for (String name : names) {
            Process p = processes.get(name);
            p.destroy();
            try {
                if (!p.waitFor(20, TimeUnit.SECONDS)) p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        broker.close();
    }
}
