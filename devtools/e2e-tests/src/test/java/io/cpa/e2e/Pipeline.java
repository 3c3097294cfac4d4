package io.cpa.e2e;

import io.cpa.event.Topics;
import io.cpa.kafka.EmbeddedKafkaBroker;
import io.cpa.launcher.Components;
import io.cpa.launcher.Launcher;
import io.cpa.launcher.Ports;
import io.cpa.launcher.ProcStats;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The packaged pipeline as separate processes against one real broker (in this JVM): the model simulator and the
 * three Quarkus services, each started by the launcher from its build output with its own port, log file and heap
 * limit.
 */
final class Pipeline implements AutoCloseable {
    static final Path ROOT = Path.of(System.getProperty("cpa.root", "../..")).toAbsolutePath().normalize();
    /** The heap of every service process of the tests (several instances of one service may run at once). */
    private static final String SERVICE_HEAP = "256m";
    private static final Duration SIMULATOR_READY = Duration.ofSeconds(60);

    EmbeddedKafkaBroker broker;
    final Path runDir;
    final HttpClient http = HttpClient.newHttpClient();
    private final Components components = new Components(ROOT);
    private final Launcher processes = new Launcher();

    Pipeline(String name) throws IOException {
        this(name, 3);
    }

    /** @param partitions partitions of every topic; 1 keeps the answers in the order they were produced */
    Pipeline(String name, int partitions) throws IOException {
        this(name, partitions, dir -> null);
    }

    /**
     * A pipeline on a broker whose listener is SASL_SSL, with the security {@code security} makes for the run's folder;
     * the services then need the CPA_KAFKA_* environment of one of its users.
     */
    Pipeline(String name, int partitions, java.util.function.Function<Path, io.cpa.kafka.BrokerSecurity> security) throws IOException {
        runDir = ROOT.resolve("devtools/e2e-tests/target/e2e/" + name + "-" + System.currentTimeMillis());
        Files.createDirectories(runDir);
        broker = EmbeddedKafkaBroker.start(runDir.resolve("kafka"), 0, security.apply(runDir.resolve("tls")));
        broker.createTopics(Topics.ALL, partitions);
    }

    /** A process of this pipeline (its exit, its log). */
    io.cpa.launcher.ChildProcess process(String name) {
        return processes.get(name);
    }

    void startSimulator(String... args) {
        startSimulatorNamed("model-simulator", args);
    }

    /** A simulator process called {@code name} (several of them stand for several upstreams), once it serves. */
    void startSimulatorNamed(String name, String... args) {
        processes.start(components.simulator(name, Ports.free(), runDir.resolve(name + ".log"), List.of(args)), SIMULATOR_READY);
    }

    String simulatorUrl() {
        return simulatorUrl("model-simulator");
    }

    String simulatorUrl(String name) {
        return url(name, "/v1");
    }

    /** Starts the packaged service without waiting for it; {@link #awaitReady} waits. */
    void startService(String name, Map<String, String> env) {
        startNamed(name, name, env);
    }

    /** Starts the packaged {@code module} as a process called {@code name} (several instances of one service). */
    void startNamed(String name, String module, Map<String, String> env) {
        Map<String, String> all = new LinkedHashMap<>(env);
        all.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
        if (processes.has("model-simulator")) all.putIfAbsent("CPA_MODEL_BASE_URL", simulatorUrl());
        all.put("CPA_STATE_DIR", runDir.resolve(name + "-state").toString());
        processes.launch(components.service(name, module, Ports.free(), SERVICE_HEAP, all, runDir.resolve(name + ".log"), List.of()));
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed or committed. */
    void kill(String name) {
        processes.kill(name);
    }

    /** SIGTERM, then waits for the process to end: its shutdown hooks flush and close what it holds. */
    void stop(String name) {
        processes.stop(name);
    }

    /** Starts a killed or stopped process again with the same command, port, environment and state folder. */
    void restart(String name) {
        processes.restart(name);
    }

    /** A fresh simulator on the same port and seed: its answer draws start again from the first. */
    void restartSimulator() {
        kill("model-simulator");
        processes.restart("model-simulator").awaitReady(SIMULATOR_READY);
    }

    /** Stops the broker (its log dir stays), waits, and starts it again on the same port and folder. */
    void restartBroker(Duration down) {
        int port = Integer.parseInt(broker.bootstrapServers().substring(broker.bootstrapServers().lastIndexOf(':') + 1));
        io.cpa.kafka.BrokerSecurity security = broker.security();
        broker.close();
        sleep(down.toMillis());
        broker = EmbeddedKafkaBroker.start(runDir.resolve("kafka"), port, security);
    }

    void awaitReady(String name, Duration timeout) {
        processes.get(name).awaitReady(timeout);
    }

    /** The processes started, in start order. */
    List<String> names() {
        return processes.names();
    }

    int port(String name) {
        return processes.get(name).port();
    }

    String url(String name, String path) {
        return "http://127.0.0.1:" + port(name) + path;
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

    /** Resident set size of a process in kB, -1 once it has exited. */
    long rssKb(String name) {
        return ProcStats.residentKb(processes.get(name).pid()).orElse(-1);
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        processes.close();
        broker.close();
    }
}
