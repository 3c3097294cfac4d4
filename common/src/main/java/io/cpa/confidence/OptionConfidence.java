package io.cpa.confidence;

import io.cpa.logprob.TokenLogprob;
import io.cpa.logprob.TokenLogprobs;
import io.cpa.logprob.TopLogprob;

import java.util.List;

/** Algorithm 1 of the paper: IC = P_M / P_S over the option tokens of the first generated token's top-k. */
public final class OptionConfidence {
    public static final String AGGREGATOR = "option-ratio";
    public static final int VERSION = 1;

    private OptionConfidence() {}

    public static InternalConfidence compute(TokenLogprobs logprobs, List<String> optionLabels) {
        if (logprobs == null || logprobs.isEmpty()) return InternalConfidence.missing(AGGREGATOR, VERSION, "no logprobs");
        TokenLogprob first = logprobs.tokens().get(0);
        List<TopLogprob> top = first.topLogprobs().isEmpty()
                ? List.of(new TopLogprob(first.token(), null, null, first.logprob())) : first.topLogprobs();
        double sum = 0, max = 0;
        String chosen = null;
        for (String label : optionLabels) {
            double p = 0;
            for (TopLogprob t : top) {
                if (normalise(t.token()).equalsIgnoreCase(label)) p = Math.max(p, t.probability());
            }
            sum += p;
            if (p > max) {
                max = p;
                chosen = label;
            }
        }
        if (sum == 0) return InternalConfidence.missing(AGGREGATOR, VERSION, "no option token in the top-k");
        return new InternalConfidence(max / sum, AGGREGATOR, VERSION, chosen, null);
    }

    private static String normalise(String token) {
        return token.replaceAll("[\\s\\p{Punct}]", "");
    }
}
