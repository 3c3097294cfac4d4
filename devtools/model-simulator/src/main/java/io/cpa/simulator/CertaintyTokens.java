package io.cpa.simulator;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tokens of a certainty reply with their logprobs, in the shape OpenAI returns them. A six-level reply that starts
 * with a level letter ({@code b}, then {@code .}, {@code  Fairly} ...) or with the first word of a level phrase
 * ({@code Very}, {@code Fairly}, {@code Moderately}, {@code Somewhat}, {@code Not}) carries the model's belief over
 * the levels in its first token: the level tokens hold a covered mass c (drawn in [0.95, 0.999)) split as the belief,
 * so letter l has probability c * belief[l]; {@code Very} begins both {@code Very Certain} and {@code Very Uncertain}
 * and so holds c * (belief[a] + belief[f]), and the token after it ({@code  Certain} or {@code  Uncertain}) splits that
 * mass between the two. Every other first token (a messy reply, a numeric reply, a phrasing that does not start with a
 * level) and every later token is an ordinary token: high probability, alternatives that name no level.
 * Pure given its random stream.
 */
final class CertaintyTokens {

    static final List<String> LETTERS = List.of("a", "b", "c", "d", "e", "f");
    /** First word of each level's phrase, by level index (0 = very certain): a and f share {@code Very}. */
    static final List<String> PHRASE_HEADS = List.of("Very", "Fairly", "Moderately", "Somewhat", "Not", "Very");
    /**
     * Tokens that take the mass the level tokens leave, in decreasing share. None of them names a level, also after
     * stripping whitespace and punctuation and ignoring case: no {@code " a"}, no {@code "Not"}, no {@code "B"}.
     */
    private static final List<String> OTHERS = List.of("**", "I", "My", "The", "Level", "Option", "Answer", " I",
            " the", " answer", " is", " that", " it", " model", ".", ",", "\n", " be", " with", " as", " for", " on",
            " this", " my", " of", " certainty", ":");
    /** Share of the remaining mass each further alternative takes. */
    private static final double DECAY = 0.5;
    /** OpenAI's floor for a logprob too small to represent. */
    static final double MIN_LOGPROB = -9999.0;
    private static final Pattern TOKEN = Pattern.compile("\\s*(?:[A-Za-z]+|\\d+|[^\\sA-Za-z\\d])|\\s+$");

    private CertaintyTokens() {
    }

    /** Words, numbers and single punctuation marks, each with its leading whitespace: they concatenate to the text. */
    static List<String> split(String content) {
        List<String> out = new ArrayList<>();
        Matcher m = TOKEN.matcher(content);
        while (m.find()) {
            if (m.group().isBlank() && !out.isEmpty()) out.set(out.size() - 1, out.get(out.size() - 1) + m.group());
            else out.add(m.group());
        }
        return out;
    }

    /**
     * The reply's tokens, each with {@code k} alternatives sorted by logprob.
     *
     * @param logBelief natural-log probabilities of the levels by index (0 = very certain), or null when the reply
     *                  carries no level (a messy or numeric reply)
     */
    static List<GeneratedToken> build(String content, double[] logBelief, int k, SplittableRandom rng) {
        List<String> pieces = split(content);
        List<GeneratedToken> out = new ArrayList<>(pieces.size());
        for (int i = 0; i < pieces.size(); i++) {
            String piece = pieces.get(i);
            if (i == 0 && logBelief != null && LETTERS.contains(piece)) {
                out.add(levelToken(piece, LETTERS, logBelief, k, rng));
            } else if (i == 0 && logBelief != null && PHRASE_HEADS.contains(piece)) {
                out.add(levelToken(piece, PHRASE_HEADS, logBelief, k, rng));
            } else if (i == 1 && logBelief != null && pieces.get(0).equals("Very")
                    && (piece.equals(" Certain") || piece.equals(" Uncertain"))) {
                out.add(certainOrUncertain(piece, logBelief, k, rng));
            } else {
                double low = i == 0 || logBelief == null ? 0.55 : 0.9;
                out.add(ordinary(piece, Math.log(low + (0.999 - low) * rng.nextDouble()), k));
            }
        }
        return out;
    }

    /** The same tokens with at most {@code k} alternatives each: a reply stored at the largest k, shown at any. */
    static List<GeneratedToken> topK(List<GeneratedToken> tokens, int k) {
        List<GeneratedToken> out = new ArrayList<>(tokens.size());
        for (GeneratedToken t : tokens) {
            out.add(new GeneratedToken(t.token(), t.logprob(), t.topLogprobs().subList(0, Math.min(k, t.topLogprobs().size()))));
        }
        return out;
    }

    /** A first token naming a level: every level's token with c times its belief (tokens shared by levels add up). */
    private static GeneratedToken levelToken(String token, List<String> names, double[] logBelief, int k, SplittableRandom rng) {
        double logCovered = Math.log(0.95 + 0.049 * rng.nextDouble());
        List<String> distinct = new ArrayList<>();
        List<Double> logMass = new ArrayList<>();
        for (int l = 0; l < names.size(); l++) {
            int at = distinct.indexOf(names.get(l));
            if (at < 0) {
                distinct.add(names.get(l));
                logMass.add(logCovered + logBelief[l]);
            } else {
                logMass.set(at, logSum(logMass.get(at), logCovered + logBelief[l]));
            }
        }
        List<GeneratedToken.Alternative> top = new ArrayList<>();
        for (int i = 0; i < distinct.size(); i++) top.add(alternative(distinct.get(i), logMass.get(i)));
        double own = logMass.get(distinct.indexOf(token));
        return new GeneratedToken(token, floor(own), withOthers(top, 1.0 - Math.exp(logCovered), k));
    }

    /** After {@code Very}: {@code " Certain"} and {@code " Uncertain"} split the mass as belief[a] : belief[f]. */
    private static GeneratedToken certainOrUncertain(String token, double[] logBelief, int k, SplittableRandom rng) {
        double logCovered = Math.log(0.99 + 0.009 * rng.nextDouble());
        double logVery = logSum(logBelief[0], logBelief[5]);
        double certain = logCovered + logBelief[0] - logVery;
        double uncertain = logCovered + logBelief[5] - logVery;
        List<GeneratedToken.Alternative> top = new ArrayList<>(List.of(alternative(" Certain", certain),
                alternative(" Uncertain", uncertain)));
        return new GeneratedToken(token, floor(token.equals(" Certain") ? certain : uncertain),
                withOthers(top, 1.0 - Math.exp(logCovered), k));
    }

    /** A token of probability exp(logprob) whose alternatives share what it leaves. */
    private static GeneratedToken ordinary(String token, double logprob, int k) {
        List<GeneratedToken.Alternative> top = new ArrayList<>(List.of(alternative(token, logprob)));
        return new GeneratedToken(token, floor(logprob), withOthers(top, 1.0 - Math.exp(logprob), k));
    }

    /**
     * The named entries plus the other tokens, which share {@code rest} (the first half of it, the next a quarter ...),
     * sorted by logprob and cut to k: exactly k entries, since there are more other tokens than OpenAI's 20.
     */
    private static List<GeneratedToken.Alternative> withOthers(List<GeneratedToken.Alternative> named, double rest, int k) {
        List<GeneratedToken.Alternative> all = new ArrayList<>(named);
        double share = rest;
        for (String other : OTHERS) {
            if (named.stream().anyMatch(a -> a.token().equals(other))) continue;
            share *= DECAY;
            all.add(alternative(other, Math.log(Math.max(share, Double.MIN_NORMAL))));
        }
        all.sort(Comparator.comparingDouble(GeneratedToken.Alternative::logprob).reversed());
        return all.subList(0, Math.min(k, all.size()));
    }

    private static GeneratedToken.Alternative alternative(String token, double logprob) {
        return new GeneratedToken.Alternative(token, floor(logprob));
    }

    private static double floor(double logprob) {
        return Math.max(MIN_LOGPROB, logprob);
    }

    private static double logSum(double a, double b) {
        double max = Math.max(a, b);
        if (max == Double.NEGATIVE_INFINITY) return max;
        return max + Math.log(Math.exp(a - max) + Math.exp(b - max));
    }
}
