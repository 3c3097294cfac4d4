package io.cpa.simulator;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Text of free-form answers and refusals: one to four sentences drawn from small banks, on one line, so the same
 * seed gives the same text. The sentences are generic on purpose: the simulator knows nothing of the question, and
 * what matters for the tests is the answer's token logprobs and its pairing with a later certainty prompt.
 */
final class FreeFormText {

    private static final List<String> OPENERS = List.of(
            "The short answer is that it depends on the context.",
            "Most sources agree on the main point.",
            "Here is a concise explanation.",
            "This is a common question with a fairly clear answer.",
            "The usual approach is to start from the basic definition.",
            "In practice the answer comes down to a few factors.",
            "There are two parts to this question.",
            "Generally speaking, the first option people consider works well.",
            "It helps to look at a concrete example first.",
            "The key idea is simpler than it looks.",
            "Historically the answer has changed over time.",
            "A good rule of thumb applies here.");

    private static final List<String> BODIES = List.of(
            "The main cause is a change in the underlying conditions.",
            "Small differences at the start tend to grow over time.",
            "Measurements taken under different conditions are not directly comparable.",
            "Cost, reliability and ease of use usually matter most.",
            "The effect is strongest when the system is under load.",
            "Most of the time the simplest explanation turns out to be right.",
            "Experts still debate some of the details.",
            "A careful comparison of the alternatives makes the trade-off clear.",
            "The same pattern shows up in many related fields.",
            "It is worth checking the assumptions before drawing a conclusion.",
            "The numbers vary between studies but the direction is consistent.",
            "Doing it step by step avoids most of the common mistakes.",
            "The result holds as long as the inputs stay in the usual range.",
            "Seasonal effects can make the picture look different from month to month.",
            "One exception is when the resources are shared between many users.",
            "The earlier estimate was too optimistic for larger cases.",
            "A second factor is how often the process is repeated.",
            "Local rules and conventions can change the answer.",
            "Neither extreme is a good choice in most situations.",
            "The evidence for the alternative explanation is weaker.");

    private static final List<String> CLOSERS = List.of(
            "I hope this helps.",
            "Let me know if you want more detail on any part.",
            "That said, it is worth double-checking with a primary source.",
            "In short, the answer is yes, with some caveats.",
            "So the overall effect is modest but real.",
            "This is the most widely accepted view.");

    private static final List<String> REFUSALS = List.of(
            "I'm sorry, but I can't help with that.",
            "I'm sorry, I can't assist with that request.",
            "I can't help with that, but I'm happy to help with something else.",
            "Sorry, I can't provide that information.");

    private FreeFormText() {
    }

    static String compose(SplittableRandom rng) {
        StringBuilder sb = new StringBuilder(OPENERS.get(rng.nextInt(OPENERS.size())));
        int bodies = 1 + rng.nextInt(3);
        int first = rng.nextInt(BODIES.size());
        int step = 1 + rng.nextInt(BODIES.size() - 1);
        for (int i = 0; i < bodies; i++) sb.append(' ').append(BODIES.get((first + i * step) % BODIES.size()));
        if (rng.nextInt(3) == 0) sb.append(' ').append(CLOSERS.get(rng.nextInt(CLOSERS.size())));
        return sb.toString();
    }

    static String refusal(SplittableRandom rng) {
        return REFUSALS.get(rng.nextInt(REFUSALS.size()));
    }
}
