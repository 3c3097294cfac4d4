package io.cpa.simulator;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Builds the first token's top-k list of a multiple-choice answer so that Algorithm 1 (p = exp(logprob); per option
 * the max probability over the tokens that denote it; IC = max / sum over options present) recovers a target IC.
 *
 * <p>Invariants of the list: the chosen option's main token is first; every variant token ({@code " B"}, {@code "b"},
 * {@code "B."}) has a lower probability than its own option's main token, so the per-option maximum is always the
 * main token; variants appear only for options whose main token is in the list, so they never make another option
 * visible; noise tokens are words that denote no option. Only v of the m options are shown when k is small; the
 * others' main tokens then sum to P_chosen * (1 - IC) / IC, each below P_chosen because IC > 1/2. With k = 1 only the
 * chosen option is visible and Algorithm 1 sees IC = 1, which is what {@link Result#visibleIc()} reports.
 */
final class AnswerLogprobs {

    record Result(GeneratedToken token, int visibleOptions, double visibleIc) {
    }

    private static final List<String> NOISE = List.of("The", " The", "Answer", " Answer", "Option", " Option",
            "Based", " Based", "Looking", "It", " It", "This", " This", "Correct", " Correct", "Let", "Sure", " Sure");

    private AnswerLogprobs() {
    }

    /** @param targetIc in (1/2, 1], the IC Algorithm 1 must see whenever at least two options are visible */
    static Result build(List<String> labels, int chosen, double targetIc, int k, SplittableRandom rng) {
        String chosenLabel = labels.get(chosen);
        int m = labels.size();
        double optionMass = 0.90 + 0.09 * rng.nextDouble();
        if (k == 0) {
            double p = optionMass * targetIc;
            return new Result(new GeneratedToken(chosenLabel, Math.log(p), List.of()), 0, Double.NaN);
        }
        int extrasWanted = k >= 3 ? rng.nextInt(Math.min(2, k - 2) + 1) : 0;
        int visible = k == 1 ? 1 : Math.max(2, Math.min(m, k - extrasWanted));

        List<Integer> others = new ArrayList<>();
        for (int i = 0; i < m; i++) if (i != chosen) others.add(i);
        shuffle(others, rng);
        List<Integer> shown = new ArrayList<>(others.subList(0, visible - 1));

        double s = visible == 1 ? 0.0 : (1.0 - targetIc) / targetIc;
        double[] weights = new double[shown.size()];
        double wSum = 0;
        for (int i = 0; i < weights.length; i++) {
            weights[i] = 0.05 + rng.nextDouble();
            wSum += weights[i];
        }
        double pChosen = optionMass / (1.0 + s);
        List<GeneratedToken.Alternative> top = new ArrayList<>();
        List<String> owners = new ArrayList<>();
        List<Double> ownerProb = new ArrayList<>();
        top.add(new GeneratedToken.Alternative(chosenLabel, Math.log(pChosen)));
        owners.add(chosenLabel);
        ownerProb.add(pChosen);
        for (int i = 0; i < shown.size(); i++) {
            double p = pChosen * s * weights[i] / wSum;
            String label = labels.get(shown.get(i));
            top.add(new GeneratedToken.Alternative(label, Math.log(p)));
            owners.add(label);
            ownerProb.add(p);
        }

        int extras = k - top.size();
        if (extras > 0) {
            List<String[]> candidates = new ArrayList<>(); // {token, owner label or null}
            for (String owner : owners) {
                for (String v : variants(owner)) candidates.add(new String[] {v, owner});
            }
            for (String n : NOISE) candidates.add(new String[] {n, null});
            shuffle(candidates, rng);
            double budget = (1.0 - optionMass) / extras; // keeps the total probability below 1
            for (int i = 0; i < extras && i < candidates.size(); i++) {
                String[] c = candidates.get(i);
                double y = 0.01 + 0.49 * rng.nextDouble();
                double p = c[1] == null ? budget * y : Math.min(ownerProb.get(owners.indexOf(c[1])) * y, budget * y);
                top.add(new GeneratedToken.Alternative(c[0], Math.log(p)));
            }
        }
        top.sort(Comparator.comparingDouble(GeneratedToken.Alternative::logprob).reversed());
        double visibleIc = visible == 1 ? 1.0 : targetIc;
        return new Result(new GeneratedToken(chosenLabel, Math.log(pChosen), top), visible, visibleIc);
    }

    /** Tokens that Algorithm 1 maps to the same option: whitespace, case and punctuation variants. */
    static List<String> variants(String label) {
        List<String> v = new ArrayList<>(List.of(" " + label, label + ".", "(" + label, label + ")", "**" + label));
        String lower = label.toLowerCase(Locale.ROOT);
        if (!lower.equals(label)) {
            v.add(lower);
            v.add(" " + lower);
        }
        return v;
    }

    private static <T> void shuffle(List<T> list, SplittableRandom rng) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            T tmp = list.get(i);
            list.set(i, list.get(j));
            list.set(j, tmp);
        }
    }
}
