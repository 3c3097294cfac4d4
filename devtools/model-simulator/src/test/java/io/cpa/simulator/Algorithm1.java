package io.cpa.simulator;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** An independent, from-scratch Algorithm 1 (method section 2), used only to check what the simulator emits. */
final class Algorithm1 {

    record Entry(String token, double logprob) {
    }

    private Algorithm1() {
    }

    /** IC = max_O P_O / sum_O P_O over the options present; NaN when no option is present. */
    static double ic(List<Entry> topK, List<String> labels) {
        Map<String, Double> perOption = new HashMap<>();
        for (Entry e : topK) {
            String norm = e.token().replaceAll("[\\s\\p{Punct}]", "").toLowerCase(Locale.ROOT);
            for (String label : labels) {
                if (norm.equals(label.toLowerCase(Locale.ROOT))) {
                    perOption.merge(label, Math.exp(e.logprob()), Math::max);
                }
            }
        }
        if (perOption.isEmpty()) return Double.NaN;
        double max = 0, sum = 0;
        for (double p : perOption.values()) {
            max = Math.max(max, p);
            sum += p;
        }
        return max / sum;
    }

    static int optionsPresent(List<Entry> topK, List<String> labels) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Entry e : topK) {
            String norm = e.token().replaceAll("[\\s\\p{Punct}]", "").toLowerCase(Locale.ROOT);
            for (String label : labels) if (norm.equals(label.toLowerCase(Locale.ROOT))) seen.add(label);
        }
        return seen.size();
    }
}
