package io.cpa.privacy;

import java.util.List;

/**
 * What the producer of an event did to its private text, on the event itself (absent: the text is as it came).
 *
 * @param text           the policy applied: {@code truncate} or {@code none}
 * @param limit          the character limit of {@code truncate}
 * @param truncated      true when at least one text was longer than the limit and was cut
 * @param questionDigest with {@code none}: the digest of the question ({@link TextDigests})
 * @param answerDigest   with {@code none}: the digest of the answer text, when there was one
 * @param replyDigest    with {@code none}, on a certainty: the digest of the certainty reply
 * @param sealed         with {@code none} and a transit key: question, option texts and answer sealed for the
 *                       certainty-service ({@link TransitSeal}); null otherwise
 */
public record TextRedaction(String text, Integer limit, Boolean truncated, String questionDigest, String answerDigest,
                            String replyDigest, String sealed) {
    public static final String TRUNCATE = "truncate";
    public static final String NONE = "none";
    /** What a display shows in place of a withheld text. */
    public static final String WITHHELD = "text withheld";

    public TextRedaction {
        if (!TRUNCATE.equals(text) && !NONE.equals(text)) {
            throw new IllegalArgumentException("redaction.text must be truncate or none, was '" + text + "'");
        }
        if (TRUNCATE.equals(text) && (limit == null || limit < 1)) throw new IllegalArgumentException("redaction.limit: missing or below 1");
        if (sealed != null && !NONE.equals(text)) throw new IllegalArgumentException("redaction.sealed: only with text none");
    }

    public static TextRedaction truncated(int limit, boolean cut) {
        return new TextRedaction(TRUNCATE, limit, cut ? Boolean.TRUE : null, null, null, null, null);
    }

    public static TextRedaction withheld(String questionDigest, String answerDigest, String sealed) {
        return new TextRedaction(NONE, null, null, questionDigest, answerDigest, null, sealed);
    }

    public static TextRedaction withheldReply(String replyDigest) {
        return new TextRedaction(NONE, null, null, null, null, replyDigest, null);
    }

    public TextPolicy policy() {
        return NONE.equals(text) ? TextPolicy.NONE : TextPolicy.TRUNCATE;
    }

    /** The policy an event with this redaction (null: none) was written under. */
    public static TextPolicy policyOf(TextRedaction redaction) {
        return redaction == null ? TextPolicy.KEEP : redaction.policy();
    }

    public boolean withheld() {
        return NONE.equals(text);
    }

    /**
     * Checks that an answer holds no more text than this redaction says: with {@code none} no question, option text,
     * answer text or token logprobs (whose tokens are the answer); with {@code truncate} no text over the limit and no
     * token logprobs (their tokens would give back what was cut).
     */
    public void requireAnswer(String question, List<String> optionTexts, String answerText, boolean hasLogprobs) {
        if (hasLogprobs) throw new IllegalArgumentException("redaction " + text + ": logprobs must be left out, their tokens are the answer's text");
        if (withheld()) {
            if (question != null && !question.isEmpty()) throw new IllegalArgumentException("redaction none: question must be empty");
            if (answerText != null) throw new IllegalArgumentException("redaction none: answerText must be absent");
            if (optionTexts.stream().anyMatch(t -> !t.isEmpty())) throw new IllegalArgumentException("redaction none: option texts must be empty");
        } else {
            requireWithin(question, "question");
            requireWithin(answerText, "answerText");
            for (String t : optionTexts) requireWithin(t, "options.text");
        }
    }

    /** Checks a certainty reply against this redaction: empty with {@code none}, at most the limit with {@code truncate}. */
    public void requireReply(String raw) {
        if (withheld() && raw != null && !raw.isEmpty()) throw new IllegalArgumentException("redaction none: certainty.raw must be empty");
        if (!withheld()) requireWithin(raw, "certainty.raw");
    }

    private void requireWithin(String value, String field) {
        if (value != null && value.length() > limit) {
            throw new IllegalArgumentException("redaction truncate: " + field + " is longer than the limit " + limit);
        }
    }
}
