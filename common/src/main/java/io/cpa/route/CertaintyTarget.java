package io.cpa.route;

import java.util.Objects;

/**
 * Who is asked the certainty of an answer: the answering model itself on its own route ({@code self}), or a judge
 * ({@code judge:<model>}) on the judge's route. Every certainty event records {@link #by()}, so a judge's certainty
 * is never mistaken for the model's own.
 *
 * @param model the model name sent in the certainty call
 * @param route the route the call goes to
 * @param by    {@code self} or {@code judge:<model>}
 */
public record CertaintyTarget(String model, ModelRoute route, String by) {
    public static final String SELF = "self";
    public static final String JUDGE_PREFIX = "judge:";

    public CertaintyTarget {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(by, "by");
    }

    public boolean self() {
        return SELF.equals(by);
    }
}
