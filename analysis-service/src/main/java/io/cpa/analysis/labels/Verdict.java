package io.cpa.analysis.labels;

import io.cpa.label.LabelKind;

/**
 * One labeller's verdict on one answer, resolved against the answer's chosen option (see
 * {@link io.cpa.event.LabelEvent#correctFor}).
 *
 * @param labeller     {@code human[:<name>]}, {@code user-feedback[:<name>]}, {@code judge:<model>}
 * @param correct      the verdict
 * @param labelledAtMs the label's event time, epoch ms
 */
public record Verdict(String labeller, boolean correct, long labelledAtMs) {
    public Verdict {
        LabelKind.ofLabeller(labeller);
    }

    public LabelKind kind() {
        return LabelKind.ofLabeller(labeller);
    }
}
