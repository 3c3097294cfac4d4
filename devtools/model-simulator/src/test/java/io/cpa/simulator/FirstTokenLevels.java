package io.cpa.simulator;

import java.util.List;
import java.util.Locale;

/**
 * A test-only reader of a six-level certainty reply's first-token distribution, as a downstream probabilistic VC
 * reads it: per level the largest probability among the first token's alternatives that name it (a letter a..f, or
 * the first word of its phrase, after stripping whitespace and punctuation, ignoring case). {@code Very} names both
 * very certain and very uncertain: its mass is split by the second token's {@code Certain} : {@code Uncertain}.
 */
final class FirstTokenLevels {

    private FirstTokenLevels() {
    }

    /** Raw masses by level index (0 = very certain .. 5), or null when no alternative names a level. */
    static double[] masses(List<GeneratedToken> tokens) {
        if (tokens == null || tokens.isEmpty()) return null;
        double[] mass = new double[6];
        boolean any = false;
        for (GeneratedToken.Alternative a : tokens.get(0).topLogprobs()) {
            String t = a.token().replaceAll("[^A-Za-z]", "").toLowerCase(Locale.ROOT);
            double p = Math.exp(a.logprob());
            int letter = t.length() == 1 ? t.charAt(0) - 'a' : -1;
            if (letter >= 0 && letter < 6) {
                mass[letter] = Math.max(mass[letter], p);
                any = true;
                continue;
            }
            int head = switch (t) {
                case "fairly" -> 1;
                case "moderately" -> 2;
                case "somewhat" -> 3;
                case "not" -> 4;
                default -> -1;
            };
            if (head > 0) {
                mass[head] = Math.max(mass[head], p);
                any = true;
            } else if (t.equals("very")) {
                double certain = 0.5;
                if (tokens.size() > 1) {
                    double c = 0, u = 0;
                    for (GeneratedToken.Alternative b : tokens.get(1).topLogprobs()) {
                        if (b.token().strip().equals("Certain")) c = Math.exp(b.logprob());
                        if (b.token().strip().equals("Uncertain")) u = Math.exp(b.logprob());
                    }
                    if (c + u > 0) certain = c / (c + u);
                }
                mass[0] = Math.max(mass[0], p * certain);
                mass[5] = Math.max(mass[5], p * (1 - certain));
                any = true;
            }
        }
        return any ? mass : null;
    }

    /** sum_r p_r r / 5 over the normalised masses, r = 5 - level index (0 very uncertain .. 5 very certain). */
    static double expectation(double[] masses) {
        double sum = 0, e = 0;
        for (double m : masses) sum += m;
        for (int l = 0; l < 6; l++) e += masses[l] / sum * (5 - l) / 5.0;
        return e;
    }
}
