package io.cpa.launcher;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code ./cpa demo}: the embedded broker, the model simulator (or two, or none with a real model) and the three
 * services as processes with their logs in {@code .cpa-run/logs/}, then traffic, then it watches them until Ctrl-C,
 * {@code ./cpa stop}, or every process has exited.
 */
final class Demo {
    /** How often the demo looks whether its processes still run. */
    private static final Duration WATCH_EVERY = Duration.ofSeconds(5);
    private static final String LOOPBACK = "http://127.0.0.1:";

    private final Components components;
    private final DemoSettings settings;
    private final PidFile pidFile;
    private final List<PidFile.Entry> pidEntries = new ArrayList<>();
    private final Launcher launcher;
    /** Set once the demo stops everything: the exits that follow are not news. */
    private volatile boolean stopping;

    Demo(Components components, DemoSettings settings) {
        this.components = components;
        this.settings = settings;
        this.pidFile = new PidFile(settings.pids());
        // the file is rewritten as each process starts, so that ./cpa stop finds even a demo still starting
        this.launcher = new Launcher(DemoControl.STOP_GRACE, child -> {
            synchronized (pidEntries) {
                ProcessHandle.of(child.pid()).ifPresent(h -> pidEntries.add(PidFile.entryOf(child.name(), h)));
                pidFile.write(pidEntries);
            }
        });
    }

    /** The modules whose build output the demo runs. */
    static List<String> modulesNeeded(DemoSettings settings) {
        List<String> modules = new ArrayList<>(List.of("devtools/embedded-kafka", "devtools/model-simulator"));
        modules.addAll(Build.SERVICES);
        if (settings.mixed()) modules.add("devtools/service-bench");
        return modules;
    }

    /** The fixed ports the demo will listen on, by who listens. */
    static Map<String, Integer> portsNeeded(DemoSettings settings) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("kafka", settings.kafkaPort());
        if (settings.mixed()) {
            ports.put("model-simulator-a", settings.simulatorPort());
            ports.put("model-simulator-b", settings.simulatorBPort());
        } else if (settings.usesSimulator()) {
            ports.put("model-simulator", settings.simulatorPort());
        }
        for (String s : Build.SERVICES) ports.put(s, DemoSettings.SERVICE_PORTS.get(s));
        return ports;
    }

    void run() throws IOException, InterruptedException {
        if (settings.mixed() && !settings.usesSimulator()) {
            throw new Main.Failure("--traffic=mixed runs its own two simulators: unset CPA_MODEL_BASE_URL");
        }
        if (pidFile.exists()) DemoControl.stop(pidFile);
        Build.ensure(components.root(), modulesNeeded(settings));
        // The simulator keeps no state across processes: a fresh one cannot answer the certainty question of an answer
        // a previous one gave, and such leftovers in the topics would be paired with the new answers' draws. With the
        // simulator the demo starts from empty topics unless --keep; with a real model there is no such limit.
        if (!settings.keep() && settings.usesSimulator() && Files.isDirectory(settings.runDir().resolve("kafka-data"))) {
            Main.say("starting from empty topics (--keep keeps the previous demo's data)");
            deleteTree(settings.runDir().resolve("kafka-data"));
            deleteTree(settings.runDir().resolve("streams-state"));
        }
        portsNeeded(settings).forEach((who, port) -> {
            if (!Ports.isFree(port)) {
                throw new Main.Failure("port " + port + " on 127.0.0.1 is already in use, so " + who + " cannot listen there"
                        + " (a demo started elsewhere? ./cpa status there; or another program)");
            }
        });
        Files.createDirectories(settings.logs());
        synchronized (pidEntries) {
            pidEntries.add(PidFile.entryOf("cpa-demo", ProcessHandle.current()));
            pidFile.write(pidEntries);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopEverything, "demo-stop"));
        long t0 = System.nanoTime();

        launcher.start(components.kafka(settings.kafkaPort(), settings.runDir().resolve("kafka-data"), 3, log("kafka")), Duration.ofSeconds(90));
        Main.say("Kafka on 127.0.0.1:" + settings.kafkaPort());

        Map<String, String> env = new LinkedHashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + settings.kafkaPort());
        startModels(env);
        for (String s : Build.SERVICES) {
            Map<String, String> own = new LinkedHashMap<>(env);
            if (s.equals("analysis-service")) own.put("CPA_STATE_DIR", settings.runDir().resolve("streams-state").toString());
            launcher.launch(components.service(s, DemoSettings.SERVICE_PORTS.get(s), own, log(s)));
        }
        // the analysis-service restores its state stores first, so it may take longest
        launcher.get("answer-service").awaitReady(Duration.ofSeconds(120));
        launcher.get("certainty-service").awaitReady(Duration.ofSeconds(120));
        launcher.get("analysis-service").awaitReady(Duration.ofSeconds(180));
        Main.say("all services ready in " + (System.nanoTime() - t0) / 1_000_000_000 + " s; logs in " + settings.logs());

        startTraffic();
        Main.say("alignment per series:  http://127.0.0.1:" + DemoSettings.SERVICE_PORTS.get("analysis-service") + "/api/series");
        Main.say("Ctrl-C (or ./cpa stop) stops everything");
        watch();
    }

    private void startModels(Map<String, String> env) {
        if (settings.mixed()) {
            String a = simulator("model-simulator-a", settings.simulatorPort(), 0.42, "cpa-sim-a");
            String b = simulator("model-simulator-b", settings.simulatorBPort(), 0.1, "cpa-sim-b");
            // the two routes, read by the answer-service and the certainty-service from the same variables
            env.putAll(Map.of("CPA_ROUTES_SIM_A_MODELS", "cpa-sim-a", "CPA_ROUTES_SIM_A_BASE_URL", a,
                    "CPA_ROUTES_SIM_B_MODELS", "cpa-sim-b", "CPA_ROUTES_SIM_B_BASE_URL", b));
            Main.say("model simulators: cpa-sim-a (rho 0.42) on " + a + ", cpa-sim-b (rho 0.1) on " + b + " (simulated models, not real LLMs)");
        } else if (settings.usesSimulator()) {
            launcher.start(components.simulator("model-simulator", settings.simulatorPort(), log("model-simulator"), List.of()),
                    Duration.ofSeconds(60));
            String url = LOOPBACK + settings.simulatorPort() + "/v1";
            env.put("CPA_MODEL_BASE_URL", url);
            env.put("CPA_MODEL_NAME", System.getenv().getOrDefault("CPA_MODEL_NAME", "cpa-simulator"));
            Main.say("model simulator on " + url + " (a simulated model with known alignment, not a real LLM)");
        } else {
            Main.say("model: " + System.getenv().getOrDefault("CPA_MODEL_NAME", "?") + " at " + settings.modelBaseUrl());
        }
    }

    private String simulator(String name, int port, double rho, String modelId) {
        launcher.start(components.simulator(name, port, log(name), List.of("--rho=" + rho, "--modelId=" + modelId)), Duration.ofSeconds(60));
        return LOOPBACK + port + "/v1";
    }

    private void startTraffic() throws IOException {
        String answerService = LOOPBACK + DemoSettings.SERVICE_PORTS.get("answer-service");
        String rate = formatNumber(settings.ratePerSecond());
        if (settings.mixed()) {
            launcher.launch(components.serviceBenchProcess("mixed-traffic", "io.cpa.bench.MixedTraffic",
                    List.of("--answerUrl=" + answerService, "--models=cpa-sim-a,cpa-sim-b", "--rate=" + rate,
                            "--seconds=" + settings.mixedSeconds()), "256m", log("mixed-traffic")));
            Main.say("traffic: " + rate + " requests/s of mixed proxy traffic for cpa-sim-a and cpa-sim-b (counts in "
                    + log("mixed-traffic") + ")");
            return;
        }
        ObjectNode body = Http.JSON.createObjectNode().put("cycle", true).put("ratePerSecond", settings.ratePerSecond());
        Http.Reply run = Http.postJson(answerService + "/api/runs", body);
        if (run.status() / 100 != 2) {
            throw new Main.Failure("could not start the traffic run (" + run.status() + " " + run.error() + "; see " + log("answer-service") + ")");
        }
        Files.write(settings.runDir().resolve("run.json"), run.body());
        Main.say("traffic: " + rate + " answers/s over the bundled sample set (run " + run.json().path("id").asText("?") + ")");
    }

    /** Reports each process that exits, once; returns when none is left. */
    private void watch() throws InterruptedException {
        Set<String> reported = new HashSet<>();
        while (true) {
            List<ChildProcess> children = launcher.children();
            for (ChildProcess c : children) {
                if (!c.isAlive() && reported.add(c.name()) && !stopping) {
                    Main.say(c.name() + " (" + c.pid() + ") exited with code " + c.exitValue() + "; see " + c.log());
                }
            }
            if (reported.size() == children.size()) {
                Main.say("every process of the demo has exited");
                return;
            }
            Thread.sleep(WATCH_EVERY.toMillis());
        }
    }

    private void stopEverything() {
        stopping = true;
        launcher.stopAll(c -> Main.say("stopped " + c.name() + " (" + c.pid() + ")"));
        synchronized (pidEntries) {
            // a demo started meanwhile from the same folder owns the file now
            if (pidFile.read().stream().anyMatch(e -> e.pid() == ProcessHandle.current().pid())) pidFile.delete();
        }
    }

    private Path log(String name) {
        return settings.logs().resolve(name + ".log");
    }

    /** 20.0 as 20, so messages and arguments read as the user wrote them. */
    static String formatNumber(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
