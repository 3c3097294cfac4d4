package io.cpa.simulator;

import java.util.ArrayDeque;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Latent draws of answers, by normalised question, oldest first, so that a certainty call describes the answer it
 * quotes. A certainty call is matched by question AND the quoted answer (the option's label, its text, or both as
 * {@code B. a library}): a call about an answer the simulator never gave (a restarted client, an answer of another
 * simulator, an elicitation skipped or asked twice) cannot take the draw of another answer and shift every later
 * pairing. Of the matching draws, variant V takes the oldest V has not used, so several variants asked about one
 * answer all describe that answer. When V has used every matching draw, the request is a repeat (a retry after a
 * timeout, a redelivery after a crash) and gets the reply V got before, word for word.
 *
 * <p>Bounded: at most {@code maxQuestions} questions (the least recently answered question goes first),
 * {@link #MAX_PER_QUESTION} draws per question (the oldest goes first), and a draw expires {@code expiryNanos} after
 * its answer, used or not. Not thread-safe: the engine serialises.
 */
final class PendingDraws {

    static final int MAX_PER_QUESTION = 64;
    /** Free-form draws the by-text search looks at when no question matches: the most recent ones. */
    static final int RECENT_FREE_FORM = 4096;
    /** Shortest normalised question that may match another by suffix: short texts would match by accident. */
    static final int MIN_SUFFIX_MATCH = 12;

    /**
     * A reply given for one draw and variant; level or numeric is null when not applicable (messy or other scale).
     * tokens are the reply's tokens with the most alternatives a call may ask for, levelBelief the model's
     * probabilities of the six levels (null unless a six-level reply): a repeat shows both as the first call did.
     */
    record Given(String content, Integer level, Integer numeric, boolean messy, List<GeneratedToken> tokens,
                 List<Double> levelBelief) {
        Given {
            tokens = tokens == null ? List.of() : List.copyOf(tokens);
            levelBelief = levelBelief == null ? null : List.copyOf(levelBelief);
        }
    }

    /** A draw a certainty call may use: {@code repeat} is the reply given before when the call is a repeat. */
    record Match(LatentModel.Draw draw, Given repeat, Pending pending) {
    }

    /**
     * The answer as a certainty prompt quotes it: {@code cut} when the caller kept only its first characters (a
     * free-form answer longer than the caller's quote limit), which then match any answer they begin.
     */
    record Quote(String text, boolean cut) {
        static Quote of(String text) {
            return new Quote(text, false);
        }
    }

    static final class Pending {
        final LatentModel.Draw draw;
        final String label;
        final String text;
        /** A free-form answer: matched by its whole text (or a cut prefix of it), never by a label. */
        final boolean freeForm;
        final long answeredAt;
        final EnumMap<CertaintyVariant, Given> given = new EnumMap<>(CertaintyVariant.class);
        final EnumMap<CertaintyVariant, Long> givenOrder = new EnumMap<>(CertaintyVariant.class);

        Pending(LatentModel.Draw draw, String label, String text, boolean freeForm, long answeredAt) {
            this.draw = draw;
            this.label = PromptClassifier.normalise(label);
            this.text = PromptClassifier.normalise(text);
            this.freeForm = freeForm;
            this.answeredAt = answeredAt;
        }

        /**
         * A multiple-choice answer is quoted as the label, the option text, or both ({@code B. a library}); a free-form
         * answer as its text, or when cut as a prefix of it (normalising a prefix gives a prefix of the normalised text).
         */
        boolean quotedAs(String normalisedAnswer, boolean cut) {
            if (freeForm) return cut ? !normalisedAnswer.isEmpty() && text.startsWith(normalisedAnswer) : text.equals(normalisedAnswer);
            return normalisedAnswer.equals(label) || (!text.isEmpty() && normalisedAnswer.equals(text))
                    || normalisedAnswer.equals(label + " " + text);
        }
    }

    private final int maxQuestions;
    private final long expiryNanos;
    private final LongSupplier clock;
    private final LinkedHashMap<String, ArrayDeque<Pending>> byQuestion = new LinkedHashMap<>();
    private final ArrayDeque<Pending> recentFreeForm = new ArrayDeque<>();
    private long givenCount;

    PendingDraws(int maxQuestions, long expiryNanos, LongSupplier clock) {
        this.maxQuestions = maxQuestions;
        this.expiryNanos = expiryNanos;
        this.clock = clock;
    }

    PendingDraws(int maxQuestions, long expiryNanos) {
        this(maxQuestions, expiryNanos, System::nanoTime);
    }

    /** Records the draw of an answer that chose the option {@code label} with the text {@code text}. */
    void add(String normalisedQuestion, LatentModel.Draw draw, String label, String text) {
        add(normalisedQuestion, new Pending(draw, label, text, false, clock.getAsLong()));
    }

    /** Records the draw of a free-form answer with the text {@code answer}. */
    void addFreeForm(String normalisedQuestion, LatentModel.Draw draw, String answer) {
        Pending p = new Pending(draw, "", answer, true, clock.getAsLong());
        add(normalisedQuestion, p);
        recentFreeForm.addLast(p);
        if (recentFreeForm.size() > RECENT_FREE_FORM) recentFreeForm.removeFirst();
    }

    private void add(String normalisedQuestion, Pending pending) {
        long now = pending.answeredAt;
        ArrayDeque<Pending> queue = byQuestion.remove(normalisedQuestion);
        if (queue == null) queue = new ArrayDeque<>();
        byQuestion.put(normalisedQuestion, queue); // re-insert: eviction order follows the latest answer
        queue.addLast(pending);
        if (queue.size() > MAX_PER_QUESTION) queue.removeFirst();
        if (byQuestion.size() > maxQuestions) {
            Iterator<Map.Entry<String, ArrayDeque<Pending>>> it = byQuestion.entrySet().iterator();
            it.next();
            it.remove();
        }
        expire(now);
    }

    /**
     * The draw for a certainty call of {@code variant} about {@code quotedAnswer} to this question: the oldest
     * matching draw the variant has not used, else (a repeat) the one it used last with the reply it got. When the
     * exact question is unknown, a pending question that ends with it (an answer prompt that put an instruction
     * before the question) or that it ends with is used instead; this scan runs only on a miss. Empty when no draw
     * of this question quotes this answer.
     */
    Optional<Match> find(String normalisedQuestion, String quotedAnswer, CertaintyVariant variant) {
        return find(normalisedQuestion, Quote.of(quotedAnswer), variant);
    }

    /**
     * As {@link #find(String, String, CertaintyVariant)} for a quote that may be cut. A free-form answer whose question
     * is found under no key (the caller quoted the conversation differently) is looked for by its text among the
     * {@link #RECENT_FREE_FORM} most recent free-form answers; this scan also runs only on a miss, and only for quotes
     * long enough not to match by accident.
     */
    Optional<Match> find(String normalisedQuestion, Quote quote, CertaintyVariant variant) {
        String answer = PromptClassifier.normalise(quote.text());
        Optional<Match> byQuestionMatch = findUnder(questionKey(normalisedQuestion), answer, quote.cut(), variant);
        if (byQuestionMatch.isPresent() || answer.length() < MIN_SUFFIX_MATCH) return byQuestionMatch;
        Match fresh = null, repeat = null;
        long now = clock.getAsLong();
        for (Pending p : recentFreeForm) { // oldest first
            if (now - p.answeredAt > expiryNanos || !p.quotedAs(answer, quote.cut())) continue;
            if (!p.given.containsKey(variant)) {
                if (fresh == null) fresh = new Match(p.draw, null, p);
            } else if (repeat == null || p.givenOrder.get(variant) > repeat.pending().givenOrder.get(variant)) {
                repeat = new Match(p.draw, p.given.get(variant), p);
            }
        }
        return Optional.ofNullable(fresh != null ? fresh : repeat);
    }

    private String questionKey(String normalisedQuestion) {
        String key = normalisedQuestion;
        if (!byQuestion.containsKey(key) && key.length() >= MIN_SUFFIX_MATCH) {
            String suffix = " " + normalisedQuestion;
            for (String candidate : byQuestion.keySet()) { // insertion order: the last match is the latest question
                boolean longer = candidate.endsWith(suffix);
                int extra = normalisedQuestion.length() - candidate.length();
                boolean shorter = candidate.length() >= MIN_SUFFIX_MATCH && extra > 0
                        && normalisedQuestion.charAt(extra - 1) == ' ' && normalisedQuestion.endsWith(candidate);
                if (longer || shorter) key = candidate;
            }
        }
        return key;
    }

    private Optional<Match> findUnder(String key, String answer, boolean cut, CertaintyVariant variant) {
        ArrayDeque<Pending> queue = byQuestion.get(key);
        if (queue == null) return Optional.empty();
        long now = clock.getAsLong();
        while (!queue.isEmpty() && now - queue.peekFirst().answeredAt > expiryNanos) queue.removeFirst();
        Pending lastGiven = null;
        for (Pending p : queue) {
            if (!p.quotedAs(answer, cut)) continue;
            if (!p.given.containsKey(variant)) return Optional.of(new Match(p.draw, null, p));
            if (lastGiven == null || p.givenOrder.get(variant) > lastGiven.givenOrder.get(variant)) lastGiven = p;
        }
        return lastGiven == null ? Optional.empty()
                : Optional.of(new Match(lastGiven.draw, lastGiven.given.get(variant), lastGiven));
    }

    /** Remembers the reply given for a fresh match, so that a repeat gets it again. */
    void given(Match match, CertaintyVariant variant, Given reply) {
        match.pending().given.put(variant, reply);
        match.pending().givenOrder.put(variant, ++givenCount);
    }

    /** Drops draws answered longer than the expiry ago; questions left without draws go too. */
    private void expire(long now) {
        for (Iterator<ArrayDeque<Pending>> it = byQuestion.values().iterator(); it.hasNext(); ) {
            ArrayDeque<Pending> queue = it.next();
            while (!queue.isEmpty() && now - queue.peekFirst().answeredAt > expiryNanos) queue.removeFirst();
            if (!queue.isEmpty()) break;
            // questions are in order of their latest answer, so the first one with a live draw ends those that expired
            // whole; older draws of a question answered since go when it is looked up, or by the per-question bound
            it.remove();
        }
    }

    int questions() {
        return byQuestion.size();
    }

    int draws() {
        int n = 0;
        for (ArrayDeque<Pending> q : byQuestion.values()) n += q.size();
        return n;
    }
}
