package io.cpa.simulator;

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/** Realistic phrasings of a verbalized certainty, and the messy replies that parsers must classify. */
final class CertaintyReplies {

    /** The six levels in prompt order: index 0 is {@code a. Very Certain}, 5 is {@code f. Very Uncertain}. */
    static final List<String> LEVEL_NAMES = List.of("Very Certain", "Fairly Certain", "Moderately Certain",
            "Somewhat Certain", "Not Certain", "Very Uncertain");

    private static final List<String> MESSY_SIX_LEVEL = List.of(
            "I would say fairly certain, or perhaps moderately certain.",
            "a. Very Certain\nb. Fairly Certain\nc. Moderately Certain\nd. Somewhat Certain\ne. Not Certain\nf. Very Uncertain",
            "The answer is plausible given the question, but some of the other options could also be argued for.",
            "I'm sorry, but I can't assess how certain that answer is.",
            "Hard to say.");

    private static final List<String> MESSY_NUMERIC = List.of(
            "Somewhere between 60 and 80.",
            "The answer seems reasonable, but I cannot say exactly how certain I am.",
            "I'm sorry, but I can't provide a certainty score.",
            "It depends on the interpretation of the question.");

    private CertaintyReplies() {
    }

    /** @param level 0 = very certain .. 5 = very uncertain */
    static String sixLevel(int level, SplittableRandom rng) {
        String name = LEVEL_NAMES.get(level);
        char letter = (char) ('a' + level);
        String lowerName = name.toLowerCase(Locale.ROOT);
        return switch (rng.nextInt(7)) {
            case 0 -> letter + ". " + name;
            case 1 -> name;
            case 2 -> String.valueOf(letter);
            case 3 -> "I am " + lowerName + ".";
            case 4 -> "**" + letter + ". " + name + "**";
            case 5 -> letter + ".";
            default -> "My answer: " + letter + ". " + name;
        };
    }

    /**
     * A phrasing whose first token names the level, for a call that asked for logprobs: {@code b. Fairly Certain},
     * {@code b}, {@code b.} or {@code Fairly Certain}, so that the first token's top-k is the model's belief.
     *
     * @param level 0 = very certain .. 5 = very uncertain
     */
    static String sixLevelLeading(int level, SplittableRandom rng) {
        String name = LEVEL_NAMES.get(level);
        char letter = (char) ('a' + level);
        return switch (rng.nextInt(4)) {
            case 0 -> letter + ". " + name;
            case 1 -> String.valueOf(letter);
            case 2 -> letter + ".";
            default -> name;
        };
    }

    static String numeric(int value, SplittableRandom rng) {
        return switch (rng.nextInt(5)) {
            case 0 -> Integer.toString(value);
            case 1 -> "Certainty: " + value + "%";
            case 2 -> value + "/100";
            case 3 -> "I would say " + value + ".";
            default -> "**" + value + "**";
        };
    }

    static String messy(boolean numericScale, SplittableRandom rng) {
        List<String> pool = numericScale ? MESSY_NUMERIC : MESSY_SIX_LEVEL;
        return pool.get(rng.nextInt(pool.size()));
    }
}
