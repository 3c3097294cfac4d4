package io.cpa.launcher;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What {@code ./cpa demo} runs, from its options and environment variables (the defaults are the README's).
 *
 * @param keep          keep the previous demo's topics (with the simulator they are emptied by default)
 * @param mixed         two simulators as two routes and mixed proxy traffic instead of a benchmark run
 * @param modelBaseUrl  a real model's base URL ({@code CPA_MODEL_BASE_URL}); null = the simulator
 * @param ratePerSecond answers (or mixed requests) per second ({@code CPA_DEMO_RATE})
 * @param mixedSeconds  how long the mixed traffic runs ({@code CPA_DEMO_SECONDS})
 */
record DemoSettings(boolean keep, boolean mixed, Path runDir, int kafkaPort, int simulatorPort, int simulatorBPort,
                    double ratePerSecond, long mixedSeconds, String modelBaseUrl) {
    /** Where the packaged services listen (their configuration's ports, passed to them explicitly). */
    static final Map<String, Integer> SERVICE_PORTS = Map.of("answer-service", 8081, "certainty-service", 8082, "analysis-service", 8083);

    static DemoSettings parse(List<String> args, Map<String, String> env, Path root) {
        boolean keep = false;
        boolean mixed = false;
        for (String arg : args) {
            switch (arg) {
                case "--keep" -> keep = true;
                case "--traffic=mixed" -> mixed = true;
                case "--traffic=run" -> mixed = false;
                default -> throw new Main.Failure("unknown demo option " + arg + " (known: --keep, --traffic=mixed)");
            }
        }
        String base = env.getOrDefault("CPA_MODEL_BASE_URL", "");
        return new DemoSettings(keep, mixed, Path.of(env.getOrDefault("CPA_RUN_DIR", root.resolve(".cpa-run").toString())),
                port(env, "CPA_KAFKA_PORT", 9092), port(env, "CPA_SIMULATOR_PORT", 8089), port(env, "CPA_SIMULATOR_B_PORT", 8090),
                number(env, "CPA_DEMO_RATE", 20), (long) number(env, "CPA_DEMO_SECONDS", 86400), base.isEmpty() ? null : base);
    }

    boolean usesSimulator() {
        return modelBaseUrl == null;
    }

    Path logs() {
        return runDir.resolve("logs");
    }

    Path pids() {
        return runDir.resolve("pids");
    }

    private static int port(Map<String, String> env, String name, int fallback) {
        double p = number(env, name, fallback);
        if (p != Math.rint(p) || p < 1 || p > 65535) throw new Main.Failure(name + " must be a port number, is " + env.get(name));
        return (int) p;
    }

    private static double number(Map<String, String> env, String name, double fallback) {
        String v = env.get(name);
        if (v == null || v.isBlank()) return fallback;
        try {
            double d = Double.parseDouble(v.strip());
            if (!(d > 0) || Double.isInfinite(d)) throw new NumberFormatException();
            return d;
        } catch (NumberFormatException e) {
            throw new Main.Failure(name + " must be a positive number, is " + v);
        }
    }
}
