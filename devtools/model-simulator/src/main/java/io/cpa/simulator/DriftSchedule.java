package io.cpa.simulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A schedule of configuration changes that makes the simulated model drift, written as
 * {@code afterAnswers:5000:rho=0.1,accuracy=0.5;afterMs:60000:rho=0.3}. Steps are separated by {@code ;}; a step
 * fires once, when the answer count (answers given since start) or the elapsed milliseconds since start reach its
 * threshold, and applies its changes as a run-time config change (so a changed rho or accuracy is re-calibrated).
 */
public record DriftSchedule(List<Step> steps) {

    public enum Trigger { AFTER_ANSWERS, AFTER_MS }

    public record Step(Trigger trigger, long threshold, Map<String, String> changes) {
        public Step {
            changes = Map.copyOf(changes);
        }

        boolean due(long answers, long elapsedMs) {
            return trigger == Trigger.AFTER_ANSWERS ? answers >= threshold : elapsedMs >= threshold;
        }
    }

    public DriftSchedule {
        steps = List.copyOf(steps);
    }

    public static DriftSchedule parse(String spec) {
        List<Step> steps = new ArrayList<>();
        if (spec == null || spec.isBlank()) return new DriftSchedule(steps);
        for (String raw : spec.split(";")) {
            String part = raw.trim();
            if (part.isEmpty()) continue;
            String[] pieces = part.split(":", 3);
            if (pieces.length != 3) {
                throw new IllegalArgumentException("drift step '" + part + "' must be afterAnswers:N:key=value,... or afterMs:N:key=value,...");
            }
            Trigger trigger = switch (pieces[0].trim()) {
                case "afterAnswers" -> Trigger.AFTER_ANSWERS;
                case "afterMs" -> Trigger.AFTER_MS;
                default -> throw new IllegalArgumentException("drift step '" + part + "': trigger must be afterAnswers or afterMs");
            };
            long threshold;
            try {
                threshold = Long.parseLong(pieces[1].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("drift step '" + part + "': threshold must be an integer");
            }
            if (threshold < 0) throw new IllegalArgumentException("drift step '" + part + "': threshold must be >= 0");
            Map<String, String> changes = new LinkedHashMap<>();
            for (String kv : pieces[2].split(",")) {
                int eq = kv.indexOf('=');
                if (eq <= 0) throw new IllegalArgumentException("drift step '" + part + "': '" + kv + "' is not key=value");
                String key = kv.substring(0, eq).trim();
                if (!SimulatorConfig.DEFAULTS.containsKey(key) || SimulatorConfig.STARTUP_ONLY.contains(key) || key.equals("drift") || key.equals("levelDistribution")) {
                    throw new IllegalArgumentException("drift step '" + part + "': key '" + key + "' cannot drift");
                }
                changes.put(key, kv.substring(eq + 1).trim());
            }
            steps.add(new Step(trigger, threshold, changes));
        }
        return new DriftSchedule(steps);
    }
}
