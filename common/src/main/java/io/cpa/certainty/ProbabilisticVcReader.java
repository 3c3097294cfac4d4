package io.cpa.certainty;

import com.fasterxml.jackson.databind.JsonNode;
import io.cpa.confidence.OptionConfidence;
import io.cpa.logprob.LogprobParsers;
import io.cpa.logprob.TokenLogprob;
import io.cpa.logprob.TokenLogprobs;
import io.cpa.logprob.TopLogprob;
import io.cpa.prompt.CertaintyPromptVariant;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads the {@link ProbabilisticVc} from the token logprobs of a six-level certainty reply, or says why it is absent.
 * The same idea as the internal confidence of a multiple-choice answer ({@link OptionConfidence}, the paper's
 * Algorithm 1), applied to the six levels of the certainty scale instead of the answer options.
 *
 * <h2>The level position</h2>
 * The level is read at the first generated token whose normal form is not empty. The normal form is
 * {@link OptionConfidence#normaliseToken(String)}: NFKC, surrounding whitespace, punctuation and symbols (and the
 * tokenizer markers U+2581, U+0120, U+010A) stripped, lower case. So leading tokens made only of markup, whitespace or
 * punctuation are skipped, and the distribution is the one the model had after writing them:
 * <ul>
 *   <li>{@code ["**", "b", "**"]}: the level position is {@code "b"} (the top-k of {@code "**"} is not read).</li>
 *   <li>{@code ["\n", "(", "c", ")"]}: the level position is {@code "c"}.</li>
 *   <li>{@code ["b", ".", " Fairly", " Certain"]}: the level position is {@code "b"}, the first token.</li>
 * </ul>
 * <b>The sampled token at that position must itself denote a level</b> (by the rules below, {@code very} included).
 * Otherwise the reply did not begin with its level, that position is not where the level was chosen, and the
 * alternatives there say nothing reliable about it: {@code ["Based", " on", ...]} or {@code ["I", " am", ...]} are
 * {@link ProbabilisticVc#ABSENT_NO_LEVEL_TOKEN} even when their top-k happens to hold a letter.
 *
 * <h2>Which alternatives denote which level</h2>
 * For each alternative of the level position's top-k list (sentinels, "not in top-k", are skipped, never read as 0),
 * p = exp(logprob), and its normal form decides:
 * <ol>
 *   <li><b>A letter</b> {@code a}..{@code f} denotes its level: {@code b}, {@code " B"}, {@code "B."}, {@code "(b"},
 *       {@code "**b"} all denote Fairly Certain; {@code "Be"}, {@code "B1"} denote nothing (a token that merely starts
 *       with the letter is not the letter).</li>
 *   <li><b>The first word of a phrase</b>, as a whole word: {@code fairly} (b), {@code moderately} (c),
 *       {@code somewhat} (d), {@code not} (e). {@code " Fairly"} denotes Fairly Certain; {@code "Fair"} (a word cut
 *       by the tokenizer) denotes nothing. {@code not} is Not Certain without looking further: the six-level scale
 *       has no other phrase that starts with it.</li>
 *   <li><b>{@code very}</b> starts both Very Certain (a) and Very Uncertain (f). When the sampled token at the level
 *       position is {@code very}, the next token with a non-empty normal form is read too: with q_c and q_u the
 *       largest probabilities of its top-k entries whose normal form is {@code certain} and {@code uncertain},
 *       {@code very} gives p(very) q_c to a and p(very) q_u to f (the probability of the two-token phrase; what
 *       follows "Very" otherwise is uncovered mass). When the sampled token is anything else, the {@code very}
 *       alternatives are not counted (uncovered): what would have followed them is unknown.
 *       Example: {@code ["Very" (p 0.6; alternatives "Very" 0.6, "Fairly" 0.3, "a" 0.1), " Certain" (alternatives
 *       " Certain" 0.9, " Uncertain" 0.05)]} gives a = max(0.1, 0.6 x 0.9) = 0.54, f = 0.6 x 0.05 = 0.03,
 *       b = 0.3. With the sampled token {@code "a"} and the same alternatives, a = 0.1, b = 0.3 and "Very" counts for
 *       nothing.</li>
 *   <li>Anything else ({@code "I"}, {@code "Based"}, {@code "Certain"}, {@code "uncertain"}) denotes nothing.</li>
 * </ol>
 * A level's mass is the <b>largest</b> probability among the alternatives that denote it (as in Algorithm 1: the
 * variants of one label are one choice written differently, not separate choices to add up), so
 * {@code "b" 0.5, " B" 0.2, "Fairly" 0.1} gives b = 0.5. The masses are then normalised
 * ({@link ProbabilisticVc#ofMasses(double[])}): p_r = m_r / sum m, expectation = sum p_r r / 5, entropy
 * = -sum p_r log2 p_r, mode = the largest p_r (the higher rank on a tie), coveredMass = sum m.
 *
 * <h2>Absent, with its reason</h2>
 * <ul>
 *   <li>{@link ProbabilisticVc#ABSENT_NUMERIC_SCALE}: the variant asks for a number 1..100; there are no level
 *       tokens (this reason comes first, whatever the logprobs).</li>
 *   <li>{@link ProbabilisticVc#ABSENT_NOT_ASKED}: the call did not ask for logprobs.</li>
 *   <li>{@link ProbabilisticVc#ABSENT_INVALID_LOGPROBS}: the reply's logprobs are malformed (NaN, a positive
 *       logprob, a missing value field); the certainty itself still counts.</li>
 *   <li>{@link ProbabilisticVc#ABSENT_NO_LOGPROBS}: asked, but the reply carries none (or no generated token).</li>
 *   <li>{@link ProbabilisticVc#ABSENT_NO_TOP_K}: the level position came without alternatives; the sampled token
 *       alone would always give one level with probability 1, which says nothing.</li>
 *   <li>{@link ProbabilisticVc#ABSENT_NO_LEVEL_TOKEN}: no token has a non-empty normal form, the sampled token at the
 *       level position denotes no level, or every level mass is 0 (underflow).</li>
 * </ul>
 * Nothing is ever estimated in place of an absent signal.
 */
public final class ProbabilisticVcReader {
    /** Normal forms that denote one level by themselves, with the level's rank; {@code very} is handled apart. */
    private static final Map<String, Integer> LEVEL_WORDS = Map.ofEntries(
            Map.entry("a", 5), Map.entry("b", 4), Map.entry("c", 3), Map.entry("d", 2), Map.entry("e", 1), Map.entry("f", 0),
            Map.entry("fairly", 4), Map.entry("moderately", 3), Map.entry("somewhat", 2), Map.entry("not", 1));
    private static final String VERY = "very";
    private static final int VERY_CERTAIN_RANK = CertaintyLevel.VERY_CERTAIN.rank();
    private static final int VERY_UNCERTAIN_RANK = CertaintyLevel.VERY_UNCERTAIN.rank();

    private ProbabilisticVcReader() {}

    /** The probabilistic VC, or why it is absent: exactly one of the two is non-null. */
    public record Reading(ProbabilisticVc pvc, String absent) {
        public Reading {
            if ((pvc == null) == (absent == null)) {
                throw new IllegalArgumentException("a reading is either a probabilistic VC or an absent reason");
            }
        }

        public static Reading of(ProbabilisticVc pvc) {
            return new Reading(Objects.requireNonNull(pvc, "pvc"), null);
        }

        public static Reading absent(String reason) {
            return new Reading(null, Objects.requireNonNull(reason, "reason"));
        }

        public boolean present() {
            return pvc != null;
        }

        /** The metric outcome: {@code present} or the absent reason. */
        public String outcome() {
            return pvc != null ? "present" : absent;
        }
    }

    /**
     * The reading of one certainty reply as the service gets it.
     *
     * @param variant       the prompt variant asked
     * @param logprobsAsked whether the call asked for logprobs
     * @param reply         the reply's whole JSON body (any shape {@link LogprobParsers#parse(JsonNode)} reads)
     */
    public static Reading read(CertaintyPromptVariant variant, boolean logprobsAsked, JsonNode reply) {
        Objects.requireNonNull(variant, "variant");
        if (variant.numericScale()) return Reading.absent(ProbabilisticVc.ABSENT_NUMERIC_SCALE);
        if (!logprobsAsked) return Reading.absent(ProbabilisticVc.ABSENT_NOT_ASKED);
        TokenLogprobs logprobs;
        try {
            logprobs = reply == null ? null : LogprobParsers.parse(reply);
        } catch (IllegalArgumentException malformed) {
            // the certainty reply is still a certainty; only its second signal is lost, and says so
            return Reading.absent(ProbabilisticVc.ABSENT_INVALID_LOGPROBS);
        }
        return read(logprobs);
    }

    /** The reading of a six-level reply's token logprobs (null or empty: {@code no-logprobs}). */
    public static Reading read(TokenLogprobs logprobs) {
        if (logprobs == null || logprobs.isEmpty()) return Reading.absent(ProbabilisticVc.ABSENT_NO_LOGPROBS);
        List<TokenLogprob> tokens = logprobs.tokens();
        int at = nextContentToken(tokens, 0);
        if (at < 0) return Reading.absent(ProbabilisticVc.ABSENT_NO_LEVEL_TOKEN);
        TokenLogprob position = tokens.get(at);
        if (position.topLogprobs().isEmpty()) return Reading.absent(ProbabilisticVc.ABSENT_NO_TOP_K);
        String sampled = OptionConfidence.normaliseToken(position.token());
        boolean sampledVery = sampled.equals(VERY);
        if (!sampledVery && !LEVEL_WORDS.containsKey(sampled)) return Reading.absent(ProbabilisticVc.ABSENT_NO_LEVEL_TOKEN);

        double[] mass = new double[ProbabilisticVc.LEVELS];
        double very = 0;
        for (TopLogprob alt : position.topLogprobs()) {
            if (alt.logprob() == null) continue;
            String form = OptionConfidence.normaliseToken(alt.token());
            double p = alt.probability();
            if (form.equals(VERY)) {
                very = Math.max(very, p);
                continue;
            }
            Integer rank = LEVEL_WORDS.get(form);
            if (rank != null) mass[rank] = Math.max(mass[rank], p);
        }
        if (sampledVery && very > 0) {
            int next = nextContentToken(tokens, at + 1);
            if (next >= 0) {
                double certain = 0;
                double uncertain = 0;
                for (TopLogprob alt : tokens.get(next).topLogprobs()) {
                    if (alt.logprob() == null) continue;
                    String form = OptionConfidence.normaliseToken(alt.token());
                    if (form.equals("certain")) certain = Math.max(certain, alt.probability());
                    else if (form.equals("uncertain")) uncertain = Math.max(uncertain, alt.probability());
                }
                mass[VERY_CERTAIN_RANK] = Math.max(mass[VERY_CERTAIN_RANK], very * certain);
                mass[VERY_UNCERTAIN_RANK] = Math.max(mass[VERY_UNCERTAIN_RANK], very * uncertain);
            }
        }
        double covered = 0;
        for (double m : mass) covered += m;
        if (!(covered > 0)) return Reading.absent(ProbabilisticVc.ABSENT_NO_LEVEL_TOKEN);
        return Reading.of(ProbabilisticVc.ofMasses(mass));
    }

    /** The index of the first token at or after {@code from} whose normal form is not empty, or -1. */
    private static int nextContentToken(List<TokenLogprob> tokens, int from) {
        for (int i = from; i < tokens.size(); i++) {
            if (!OptionConfidence.normaliseToken(tokens.get(i).token()).isEmpty()) return i;
        }
        return -1;
    }
}
