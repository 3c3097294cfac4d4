package io.cpa.simulator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The simulator's whole configuration. Every key has a default; values come from (lowest to highest precedence)
 * the defaults, {@code SIM_*} environment variables, {@code --key=value} arguments, and at run time
 * {@code POST /sim/config}. Keys in {@link #STARTUP_ONLY} cannot change at run time because they fix the server or
 * the random streams.
 */
public record SimulatorConfig(
        int port,
        String bind,
        String modelId,
        long seed,
        double rho,
        double accuracy,
        double discrimination,
        List<Double> levelDistribution,
        double icShapeA,
        double icShapeB,
        double levelSharpness,
        double calibrationTemperature,
        int calibrationSamples,
        List<String> questionBank,
        double messyRate,
        double toolCallRate,
        double refusalRate,
        int maxPendingQuestions,
        int pendingExpirySeconds,
        int threads,
        double latencyMs,
        double latencyP99Ms,
        double errorRate500,
        double errorRate429,
        int retryAfterSeconds,
        double timeoutRate,
        long timeoutMs,
        double garbageRate,
        String drift) {

    /** Key to default value, in documentation order. */
    public static final Map<String, String> DEFAULTS;

    static {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("port", "8089");
        d.put("bind", "127.0.0.1");
        d.put("modelId", "cpa-simulator");
        d.put("seed", "42");
        d.put("rho", "0.42");
        d.put("accuracy", "0.70");
        d.put("discrimination", "1.0");
        d.put("levelDistribution", "0.35,0.30,0.15,0.10,0.06,0.04");
        d.put("icShapeA", "2.0");
        d.put("icShapeB", "0.5");
        d.put("levelSharpness", Double.toString(LatentModel.DEFAULT_SHARPNESS));
        d.put("calibrationTemperature", Double.toString(LatentModel.DEFAULT_CALIBRATION_TEMPERATURE));
        d.put("calibrationSamples", "200000");
        d.put("questionBank", "");
        d.put("messyRate", "0");
        d.put("toolCallRate", "0.5");
        d.put("refusalRate", "0");
        d.put("maxPendingQuestions", "100000");
        d.put("pendingExpirySeconds", "3600");
        d.put("threads", "512");
        d.put("latencyMs", "0");
        d.put("latencyP99Ms", "0");
        d.put("errorRate500", "0");
        d.put("errorRate429", "0");
        d.put("retryAfterSeconds", "1");
        d.put("timeoutRate", "0");
        d.put("timeoutMs", "30000");
        d.put("garbageRate", "0");
        d.put("drift", "");
        DEFAULTS = Collections.unmodifiableMap(d);
    }

    /** Keys that fix the server socket, the random streams or loaded data: start-up only. */
    public static final List<String> STARTUP_ONLY =
            List.of("port", "bind", "seed", "calibrationSamples", "questionBank", "maxPendingQuestions", "pendingExpirySeconds",
                    "threads");

    public SimulatorConfig {
        requireRange("port", port, 0, 65535);
        if (bind == null || bind.isBlank()) throw new IllegalArgumentException("bind must not be blank");
        if (modelId == null || modelId.isBlank()) throw new IllegalArgumentException("modelId must not be blank");
        requireRange("rho", rho, -0.95, 0.95);
        requireRange("accuracy", accuracy, 0.0, 1.0);
        requireRange("discrimination", discrimination, 0.0, 3.0);
        levelDistribution = List.copyOf(levelDistribution);
        if (levelDistribution.size() != 6) {
            throw new IllegalArgumentException("levelDistribution needs 6 probabilities (very certain .. very uncertain), got "
                    + levelDistribution.size());
        }
        double sum = 0;
        for (double p : levelDistribution) {
            if (!(p > 0)) throw new IllegalArgumentException("levelDistribution entries must be > 0, got " + p);
            sum += p;
        }
        if (Math.abs(sum - 1.0) > 1e-6) throw new IllegalArgumentException("levelDistribution must sum to 1, sums to " + sum);
        requireRange("icShapeA", icShapeA, 0.05, 50);
        requireRange("icShapeB", icShapeB, 0.05, 50);
        requireRange("levelSharpness", levelSharpness, 0.1, 50);
        requireRange("calibrationTemperature", calibrationTemperature, 0, 2);
        requireRange("calibrationSamples", calibrationSamples, 1000, 10_000_000);
        questionBank = List.copyOf(questionBank);
        requireRange("messyRate", messyRate, 0, 1);
        requireRange("toolCallRate", toolCallRate, 0, 1);
        requireRange("refusalRate", refusalRate, 0, 1);
        requireRange("maxPendingQuestions", maxPendingQuestions, 1, 100_000_000);
        requireRange("pendingExpirySeconds", pendingExpirySeconds, 1, 30 * 86_400);
        requireRange("threads", threads, 1, 10_000);
        requireRange("latencyMs", latencyMs, 0, 3_600_000);
        requireRange("latencyP99Ms", latencyP99Ms, 0, 3_600_000);
        if (latencyP99Ms > 0 && latencyP99Ms < latencyMs) {
            throw new IllegalArgumentException("latencyP99Ms (" + latencyP99Ms + ") must be >= latencyMs (" + latencyMs
                    + ") or 0 for a fixed latency");
        }
        requireRange("errorRate500", errorRate500, 0, 1);
        requireRange("errorRate429", errorRate429, 0, 1);
        requireRange("retryAfterSeconds", retryAfterSeconds, 0, 86_400);
        requireRange("timeoutRate", timeoutRate, 0, 1);
        requireRange("timeoutMs", timeoutMs, 0, 3_600_000);
        requireRange("garbageRate", garbageRate, 0, 1);
        if (errorRate500 + errorRate429 + timeoutRate + garbageRate > 1.0 + 1e-12) {
            throw new IllegalArgumentException("errorRate500 + errorRate429 + timeoutRate + garbageRate must be <= 1");
        }
        drift = drift == null ? "" : drift.trim();
        DriftSchedule.parse(drift);
    }

    public static SimulatorConfig defaults() {
        return fromValues(Map.of());
    }

    /** Builds a config from key/value strings; missing keys take their default, unknown keys are rejected. */
    public static SimulatorConfig fromValues(Map<String, String> values) {
        Map<String, String> v = new LinkedHashMap<>(DEFAULTS);
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (!DEFAULTS.containsKey(e.getKey())) {
                throw new IllegalArgumentException("unknown config key '" + e.getKey() + "'; known keys: " + DEFAULTS.keySet());
            }
            v.put(e.getKey(), e.getValue() == null ? "" : e.getValue().trim());
        }
        return new SimulatorConfig(
                parseInt(v, "port"), v.get("bind"), v.get("modelId"), parseLong(v, "seed"),
                parseDouble(v, "rho"), parseDouble(v, "accuracy"), parseDouble(v, "discrimination"),
                parseDoubles(v, "levelDistribution"), parseDouble(v, "icShapeA"), parseDouble(v, "icShapeB"),
                parseDouble(v, "levelSharpness"), parseDouble(v, "calibrationTemperature"),
                parseInt(v, "calibrationSamples"), parseList(v.get("questionBank")), parseDouble(v, "messyRate"),
                parseDouble(v, "toolCallRate"), parseDouble(v, "refusalRate"),
                parseInt(v, "maxPendingQuestions"), parseInt(v, "pendingExpirySeconds"), parseInt(v, "threads"), parseDouble(v, "latencyMs"),
                parseDouble(v, "latencyP99Ms"), parseDouble(v, "errorRate500"), parseDouble(v, "errorRate429"),
                parseInt(v, "retryAfterSeconds"), parseDouble(v, "timeoutRate"), parseLong(v, "timeoutMs"),
                parseDouble(v, "garbageRate"), v.get("drift"));
    }

    /**
     * Reads {@code SIM_*} environment variables (key {@code errorRate500} is {@code SIM_ERROR_RATE_500},
     * {@code latencyP99Ms} is {@code SIM_LATENCY_P99_MS}), then {@code --key=value} arguments, which win.
     */
    public static SimulatorConfig fromArgsAndEnv(String[] args, Map<String, String> env) {
        Map<String, String> v = new LinkedHashMap<>();
        for (String key : DEFAULTS.keySet()) {
            String value = env.get(envName(key));
            if (value != null) v.put(key, value);
        }
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("argument '" + arg + "' is not of the form --key=value");
            }
            int eq = arg.indexOf('=');
            v.put(arg.substring(2, eq), arg.substring(eq + 1));
        }
        return fromValues(v);
    }

    /** The environment variable for a key: {@code SIM_} + upper snake case. */
    public static String envName(String key) {
        StringBuilder sb = new StringBuilder("SIM_");
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            boolean boundary = i > 0 && (Character.isUpperCase(c)
                    || (Character.isDigit(c) && Character.isLowerCase(key.charAt(i - 1))));
            if (boundary) sb.append('_');
            sb.append(Character.toUpperCase(c));
        }
        return sb.toString();
    }

    /** This config with some keys changed; the start-up-only keys may not change at run time. */
    public SimulatorConfig withRuntimeChanges(Map<String, String> changes) {
        for (String key : changes.keySet()) {
            if (STARTUP_ONLY.contains(key)) {
                throw new IllegalArgumentException("config key '" + key + "' can only be set at start-up");
            }
        }
        return withChanges(changes);
    }

    public SimulatorConfig withChanges(Map<String, String> changes) {
        Map<String, String> v = new LinkedHashMap<>(toValues());
        for (Map.Entry<String, String> e : changes.entrySet()) {
            if (!DEFAULTS.containsKey(e.getKey())) {
                throw new IllegalArgumentException("unknown config key '" + e.getKey() + "'; known keys: " + DEFAULTS.keySet());
            }
            v.put(e.getKey(), e.getValue());
        }
        return fromValues(v);
    }

    /** All keys as strings, parseable by {@link #fromValues}. */
    public Map<String, String> toValues() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("port", Integer.toString(port));
        v.put("bind", bind);
        v.put("modelId", modelId);
        v.put("seed", Long.toString(seed));
        v.put("rho", Double.toString(rho));
        v.put("accuracy", Double.toString(accuracy));
        v.put("discrimination", Double.toString(discrimination));
        v.put("levelDistribution", join(levelDistribution));
        v.put("icShapeA", Double.toString(icShapeA));
        v.put("icShapeB", Double.toString(icShapeB));
        v.put("levelSharpness", Double.toString(levelSharpness));
        v.put("calibrationTemperature", Double.toString(calibrationTemperature));
        v.put("calibrationSamples", Integer.toString(calibrationSamples));
        v.put("questionBank", String.join(",", questionBank));
        v.put("messyRate", Double.toString(messyRate));
        v.put("toolCallRate", Double.toString(toolCallRate));
        v.put("refusalRate", Double.toString(refusalRate));
        v.put("maxPendingQuestions", Integer.toString(maxPendingQuestions));
        v.put("pendingExpirySeconds", Integer.toString(pendingExpirySeconds));
        v.put("threads", Integer.toString(threads));
        v.put("latencyMs", Double.toString(latencyMs));
        v.put("latencyP99Ms", Double.toString(latencyP99Ms));
        v.put("errorRate500", Double.toString(errorRate500));
        v.put("errorRate429", Double.toString(errorRate429));
        v.put("retryAfterSeconds", Integer.toString(retryAfterSeconds));
        v.put("timeoutRate", Double.toString(timeoutRate));
        v.put("timeoutMs", Long.toString(timeoutMs));
        v.put("garbageRate", Double.toString(garbageRate));
        v.put("drift", drift);
        return v;
    }

    /** The parameters that shape the statistical ground truth (a change means re-calibration). */
    LatentModel.Params modelParams() {
        return new LatentModel.Params(rho, accuracy, discrimination, levelDistribution, icShapeA, icShapeB, levelSharpness,
                calibrationTemperature);
    }

    private static String join(List<Double> values) {
        List<String> parts = new ArrayList<>();
        for (double d : values) parts.add(Double.toString(d));
        return String.join(",", parts);
    }

    private static List<String> parseList(String s) {
        if (s == null || s.isBlank()) return List.of();
        List<String> out = new ArrayList<>();
        for (String part : s.split(",")) {
            if (!part.isBlank()) out.add(part.trim());
        }
        return out;
    }

    private static List<Double> parseDoubles(Map<String, String> v, String key) {
        List<Double> out = new ArrayList<>();
        for (String part : parseList(v.get(key))) {
            try {
                out.add(Double.parseDouble(part));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + " must be a comma-separated list of numbers, got '" + v.get(key) + "'");
            }
        }
        return out;
    }

    private static int parseInt(Map<String, String> v, String key) {
        try {
            return Integer.parseInt(v.get(key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be an integer, got '" + v.get(key) + "'");
        }
    }

    private static long parseLong(Map<String, String> v, String key) {
        try {
            return Long.parseLong(v.get(key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be an integer, got '" + v.get(key) + "'");
        }
    }

    private static double parseDouble(Map<String, String> v, String key) {
        String s = v.get(key);
        try {
            double d = Double.parseDouble(s);
            if (!Double.isFinite(d)) throw new NumberFormatException();
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a finite number, got '" + s + "'");
        }
    }

    private static void requireRange(String key, double value, double lo, double hi) {
        if (!(value >= lo && value <= hi)) {
            throw new IllegalArgumentException(key + " must be in [" + lo + ", " + hi + "], got " + value);
        }
    }

    @Override
    public String toString() {
        return "SimulatorConfig" + toValues();
    }
}
