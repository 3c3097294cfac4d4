package io.cpa.confidence;

import io.cpa.logprob.EndpointKind;
import io.cpa.logprob.TokenLogprob;
import io.cpa.logprob.TokenLogprobs;
import io.cpa.logprob.ValueMode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class SequenceConfidenceTest {

    private static TokenLogprobs tokens(Double... probabilities) {
        List<TokenLogprob> out = new ArrayList<>();
        for (int i = 0; i < probabilities.length; i++) {
            Double p = probabilities[i];
            out.add(new TokenLogprob("t" + i, null, null, p == null ? null : Math.log(p), List.of()));
        }
        return new TokenLogprobs(EndpointKind.OLLAMA_NATIVE, ValueMode.UNKNOWN, out, 0, 0);
    }

    @Test
    void threeAggregatorsOnOneAnswer() {
        // p = 0.5, 0.8, 0.25: joint = 0.5 * 0.8 * 0.25 = 0.1; geometric mean = 0.1^(1/3) = 0.464158883...;
        // min = 0.25
        TokenLogprobs lp = tokens(0.5, 0.8, 0.25);
        InternalConfidence joint = SequenceConfidence.joint(lp);
        InternalConfidence mean = SequenceConfidence.meanLogprob(lp);
        InternalConfidence min = SequenceConfidence.minProb(lp);

        assertThat(joint.value()).isCloseTo(0.1, within(1e-12));
        assertThat(mean.value()).isCloseTo(0.4641588833612779, within(1e-12));
        assertThat(min.value()).isCloseTo(0.25, within(1e-12));
        assertThat(List.of(joint.aggregator(), mean.aggregator(), min.aggregator()))
                .containsExactly("joint", "mean-logprob", "min-prob");
        assertThat(List.of(joint.version(), mean.version(), min.version())).containsOnly(1);
        assertThat(joint.chosenOption()).isNull();
    }

    @Test
    void dispatchByName() {
        TokenLogprobs lp = tokens(0.5, 0.5);
        assertThat(SequenceConfidence.compute(lp, "joint").value()).isCloseTo(0.25, within(1e-12));
        assertThat(SequenceConfidence.compute(lp, "mean-logprob").value()).isCloseTo(0.5, within(1e-12));
        assertThat(SequenceConfidence.compute(lp, "min-prob").value()).isCloseTo(0.5, within(1e-12));
        assertThatThrownBy(() -> SequenceConfidence.compute(lp, "max")).hasMessageContaining("unknown sequence aggregator 'max'");
    }

    @Test
    void certainTokensGiveOne() {
        assertThat(SequenceConfidence.joint(tokens(1.0, 1.0)).value()).isEqualTo(1.0);
        assertThat(SequenceConfidence.minProb(tokens(1.0)).value()).isEqualTo(1.0);
    }

    @Test
    void sentinelOrNoTokensIsMissingWithAReason() {
        TokenLogprobs withSentinel = tokens(0.9, null, 0.8);
        for (String name : List.of("joint", "mean-logprob", "min-prob")) {
            InternalConfidence ic = SequenceConfidence.compute(withSentinel, name);
            assertThat(ic.present()).isFalse();
            assertThat(ic.aggregator()).isEqualTo(name);
            assertThat(ic.missingReason()).contains("token 1").contains("sentinel");
            assertThat(SequenceConfidence.compute(tokens(), name).missingReason()).isEqualTo("no logprobs");
            assertThat(SequenceConfidence.compute(null, name).missingReason()).isEqualTo("no logprobs");
        }
    }
}
