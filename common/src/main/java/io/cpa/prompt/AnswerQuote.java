package io.cpa.prompt;

/**
 * The answer as a certainty prompt quotes it, bounded: an answer longer than the limit is cut at the limit and marked
 * {@code … [cut at N of M characters]}, so a 2 MB answer never becomes a 2 MB prompt and the model is told the quote
 * is partial. The cut falls before a trailing high surrogate, never inside a character.
 *
 * @param text the quote
 * @param cut  true when the answer was longer than the limit
 */
public record AnswerQuote(String text, boolean cut) {
    public static final int DEFAULT_MAX_CHARS = 2000;

    public static AnswerQuote of(String answer, int maxChars) {
        if (maxChars < 1) throw new IllegalArgumentException("maxChars must be at least 1: " + maxChars);
        String a = answer == null ? "" : answer.strip();
        if (a.length() <= maxChars) return new AnswerQuote(a, false);
        int end = Character.isHighSurrogate(a.charAt(maxChars - 1)) ? maxChars - 1 : maxChars;
        return new AnswerQuote(a.substring(0, end) + "… [cut at " + end + " of " + a.length() + " characters]", true);
    }
}
