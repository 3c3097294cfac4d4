package io.cpa.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AnswerLogprobsTest {

    private static List<String> labels(int m, boolean digits) {
        List<String> l = new ArrayList<>();
        for (int i = 0; i < m; i++) l.add(digits ? Integer.toString(i + 1) : String.valueOf((char) ('A' + i)));
        return l;
    }

    private static List<Algorithm1.Entry> entries(GeneratedToken t) {
        List<Algorithm1.Entry> out = new ArrayList<>();
        for (GeneratedToken.Alternative a : t.topLogprobs()) out.add(new Algorithm1.Entry(a.token(), a.logprob()));
        return out;
    }

    @Test
    void algorithmOneRecoversTheIntendedIcOverThousandsOfDraws() {
        SplittableRandom rng = new SplittableRandom(7);
        int checked = 0;
        for (int draw = 0; draw < 6_000; draw++) {
            int m = 2 + rng.nextInt(7);
            int k = rng.nextInt(21);
            List<String> labels = labels(m, rng.nextBoolean());
            int chosen = rng.nextInt(m);
            double z1 = rng.nextGaussian() * 1.5;
            double target = LatentModel.internalConfidence(z1, 2.0, 0.5);
            AnswerLogprobs.Result r = AnswerLogprobs.build(labels, chosen, target, k, rng);
            GeneratedToken t = r.token();

            assertThat(t.token()).isEqualTo(labels.get(chosen));
            assertThat(t.topLogprobs()).hasSize(k);
            assertThat(new HashSet<>(t.topLogprobs().stream().map(GeneratedToken.Alternative::token).toList())).hasSize(k);
            double total = 0;
            for (int i = 0; i < k; i++) {
                total += Math.exp(t.topLogprobs().get(i).logprob());
                if (i > 0) assertThat(t.topLogprobs().get(i).logprob()).isLessThanOrEqualTo(t.topLogprobs().get(i - 1).logprob());
            }
            assertThat(total).isLessThanOrEqualTo(1.0 + 1e-12);
            if (k == 0) continue;
            assertThat(t.topLogprobs().get(0).token()).isEqualTo(labels.get(chosen));
            assertThat(t.topLogprobs().get(0).logprob()).isEqualTo(t.logprob());

            double ic = Algorithm1.ic(entries(t), labels);
            int present = Algorithm1.optionsPresent(entries(t), labels);
            assertThat(present).isEqualTo(r.visibleOptions());
            assertThat(ic).isCloseTo(r.visibleIc(), within(1e-9));
            if (k >= 2) assertThat(ic).isCloseTo(target, within(1e-9));
            checked++;
        }
        assertThat(checked).isGreaterThan(5_400);
    }

    @Test
    void variantTokensAreLessLikelyThanTheirOptionsMainToken() {
        SplittableRandom rng = new SplittableRandom(11);
        for (int draw = 0; draw < 2_000; draw++) {
            List<String> labels = labels(5, false);
            AnswerLogprobs.Result r = AnswerLogprobs.build(labels, 1, 0.8, 20, rng);
            for (GeneratedToken.Alternative a : r.token().topLogprobs()) {
                String norm = a.token().replaceAll("[\\s\\p{Punct}]", "").toUpperCase();
                if (labels.contains(norm) && !a.token().equals(norm)) {
                    double main = r.token().topLogprobs().stream().filter(x -> x.token().equals(norm)).findFirst()
                            .orElseThrow(() -> new AssertionError("variant " + a.token() + " without its main token"))
                            .logprob();
                    assertThat(a.logprob()).isLessThan(main);
                }
            }
        }
    }
}
