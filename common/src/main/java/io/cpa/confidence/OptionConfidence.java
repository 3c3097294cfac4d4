package io.cpa.confidence;

import io.cpa.logprob.TokenLogprob;
import io.cpa.logprob.TokenLogprobs;
import io.cpa.logprob.TopLogprob;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Internal confidence of a multiple-choice answer: the paper's Algorithm 1, aggregator {@value #AGGREGATOR}
 * version {@value #VERSION}.
 *
 * <ol>
 *   <li>Only the first generated token's top-k list is used. When that list is empty (the caller asked
 *       {@code top_logprobs: 0}, or the endpoint ignores it) the IC is missing with that reason: the sampled token
 *       alone would always give 1.0, which says nothing about the alternatives.</li>
 *   <li>p = exp(logprob) for every alternative; sentinels ("not in top-k") are skipped, never read as 0.</li>
 *   <li>For each option label O, P_O = max p over the alternatives that denote O, else 0.</li>
 *   <li>P_M = max_O P_O, P_S = sum_O P_O, IC = P_M / P_S.</li>
 * </ol>
 *
 * <p>A token denotes option O when, after NFKC normalisation and stripping leading and trailing whitespace,
 * punctuation and symbols (and the tokenizer markers U+2581, U+0120 and U+010A), it equals O ignoring case. So
 * {@code B}, {@code b}, {@code " B"}, {@code B.}, {@code (B}, {@code B)}, {@code **B} denote B, while {@code Because},
 * {@code An} or {@code A1} denote nothing: a token that merely starts with the letter is not the option.
 *
 * <p>The authors' release computes exp(P_M) / exp(P_S); this class computes the ratio of probabilities the paper
 * defines. The chosen option is the label with the largest P_O; on an exact tie the earlier label in option order.
 */
public final class OptionConfidence {
    public static final String AGGREGATOR = "option-ratio";
    public static final int VERSION = 1;
    /** The missing reason when the first token came without alternatives. */
    public static final String EMPTY_TOP_K = "the first token has no top-k alternatives (top_logprobs 0, or not returned)";

    private OptionConfidence() {}

    /**
     * @param logprobs     the answer's token logprobs, may be null or empty (then IC is missing)
     * @param optionLabels the option labels in prompt order, 2 to 8, distinct after normalisation
     */
    public static InternalConfidence compute(TokenLogprobs logprobs, List<String> optionLabels) {
        List<String> labels = normalisedLabels(optionLabels);
        if (logprobs == null || logprobs.isEmpty()) {
            return InternalConfidence.missing(AGGREGATOR, VERSION, "no logprobs");
        }
        TokenLogprob first = logprobs.tokens().get(0);
        if (first.topLogprobs().isEmpty()) {
            return InternalConfidence.missing(AGGREGATOR, VERSION, EMPTY_TOP_K);
        }
        List<TopLogprob> alternatives = first.topLogprobs();

        double[] perOption = new double[labels.size()];
        boolean anyOptionToken = false;
        for (TopLogprob alt : alternatives) {
            if (alt.logprob() == null) continue;
            int option = labels.indexOf(normaliseToken(alt.token()));
            if (option < 0) continue;
            anyOptionToken = true;
            perOption[option] = Math.max(perOption[option], Math.exp(alt.logprob()));
        }
        if (!anyOptionToken) {
            return InternalConfidence.missing(AGGREGATOR, VERSION, "no option token among the "
                    + alternatives.size() + " alternatives of the first token '" + first.token() + "'");
        }
        int chosen = 0;
        double sum = 0;
        for (int i = 0; i < perOption.length; i++) {
            sum += perOption[i];
            if (perOption[i] > perOption[chosen]) chosen = i;
        }
        if (sum <= 0) {
            // every option token had probability underflowing to 0: the ratio is undefined
            return InternalConfidence.missing(AGGREGATOR, VERSION, "option probabilities underflow to 0");
        }
        double ic = Math.min(1.0, perOption[chosen] / sum);
        return new InternalConfidence(ic, AGGREGATOR, VERSION, optionLabels.get(chosen), null);
    }

    /**
     * The normal form of a token for option matching: NFKC, surrounding whitespace/punctuation stripped, lower case.
     * Public because the probabilistic VC ({@code io.cpa.certainty.ProbabilisticVcReader}) matches the certainty
     * reply's level letters by the same rule, and one rule must live in one place.
     */
    public static String normaliseToken(String token) {
        if (token == null) return "";
        String s = Normalizer.normalize(token, Normalizer.Form.NFKC);
        int start = 0;
        int end = s.length();
        while (start < end && strippable(s.codePointAt(start))) start += Character.charCount(s.codePointAt(start));
        while (end > start && strippable(s.codePointBefore(end))) end -= Character.charCount(s.codePointBefore(end));
        return s.substring(start, end).toLowerCase(Locale.ROOT);
    }

    private static boolean strippable(int cp) {
        if (Character.isWhitespace(cp) || Character.isSpaceChar(cp) || cp == 0x2581 || cp == 0x0120 || cp == 0x010A) return true;
        return switch (Character.getType(cp)) {
            case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                 Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                 Character.OTHER_PUNCTUATION, Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL,
                 Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL, Character.CONTROL -> true;
            default -> false;
        };
    }

    private static List<String> normalisedLabels(List<String> optionLabels) {
        if (optionLabels == null || optionLabels.size() < 2 || optionLabels.size() > 8) {
            throw new IllegalArgumentException("optionLabels: expected 2 to 8 labels, got "
                    + (optionLabels == null ? "null" : optionLabels.size()));
        }
        List<String> out = new ArrayList<>(optionLabels.size());
        Set<String> seen = new HashSet<>();
        for (String label : optionLabels) {
            String n = normaliseToken(label);
            if (n.isEmpty()) throw new IllegalArgumentException("optionLabels: blank label '" + label + "'");
            if (!seen.add(n)) throw new IllegalArgumentException("optionLabels: duplicate label '" + label + "'");
            out.add(n);
        }
        return out;
    }
}
