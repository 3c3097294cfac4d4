package io.cpa.label;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VerdictsTest {
    private static final Boolean[] VALUES = {null, false, true};

    /** Every one of the 3^4 combinations, built kind by kind. */
    private static List<Boolean[]> combinations() {
        List<Boolean[]> out = new ArrayList<>();
        for (int c = 0; c < 81; c++) {
            Boolean[] v = new Boolean[4];
            int rest = c;
            for (int k = 0; k < 4; k++) {
                v[k] = VALUES[rest % 3];
                rest /= 3;
            }
            out.add(v);
        }
        return out;
    }

    private static Verdicts build(Boolean[] v) {
        Verdicts out = Verdicts.NONE;
        for (LabelKind k : LabelKind.values()) out = out.with(k, v[k.ordinal()]);
        return out;
    }

    @Test
    void everyCombinationSurvivesItsByteAndIsDistinct() {
        Set<Byte> seen = new HashSet<>();
        for (Boolean[] v : combinations()) {
            Verdicts built = build(v);
            Verdicts read = new Verdicts(built.bits());
            assertThat(read).isEqualTo(built);
            for (LabelKind k : LabelKind.values()) {
                assertThat(read.of(k)).isEqualTo(v[k.ordinal()]);
                assertThat(read.has(k)).isEqualTo(v[k.ordinal()] != null);
            }
            assertThat(seen.add(built.bits())).isTrue();
        }
        assertThat(seen).hasSize(81);
    }

    @Test
    void headlineIsTheFirstKindOfThePrecedenceThatHasAVerdict() {
        List<LabelKind> reversed = List.of(LabelKind.USER_FEEDBACK, LabelKind.JUDGE, LabelKind.HUMAN, LabelKind.GOLD);
        for (Boolean[] v : combinations()) {
            Verdicts verdicts = build(v);
            Boolean byDefault = null;
            for (int k = 0; k < 4 && byDefault == null; k++) byDefault = v[k];
            Boolean byReversed = null;
            for (int k = 3; k >= 0 && byReversed == null; k--) byReversed = v[k];
            assertThat(verdicts.headline(LabelKind.DEFAULT_PRECEDENCE)).isEqualTo(byDefault);
            assertThat(verdicts.headline(reversed)).isEqualTo(byReversed);
            assertThat(verdicts.headline(List.of(LabelKind.JUDGE))).isEqualTo(v[LabelKind.JUDGE.ordinal()]);
            assertThat(verdicts.isEmpty()).isEqualTo(byDefault == null);
        }
    }

    @Test
    void withReplacesOneKindAndLeavesTheOthers() {
        Verdicts v = Verdicts.gold(true).with(LabelKind.HUMAN, false).with(LabelKind.JUDGE, true);
        Verdicts replaced = v.with(LabelKind.HUMAN, true);
        assertThat(replaced.of(LabelKind.HUMAN)).isTrue();
        assertThat(replaced.of(LabelKind.GOLD)).isTrue();
        assertThat(replaced.of(LabelKind.JUDGE)).isTrue();
        assertThat(replaced.has(LabelKind.USER_FEEDBACK)).isFalse();
        assertThat(replaced.with(LabelKind.HUMAN, null).has(LabelKind.HUMAN)).isFalse();
        assertThat(Verdicts.gold(null)).isEqualTo(Verdicts.NONE);
        assertThat(v.toString()).isEqualTo("Verdicts[gold=correct, human=incorrect, judge=correct]");
    }

    @Test
    void theUnusedCodeIsRefused() {
        assertThatThrownBy(() -> new Verdicts((byte) 0b0011_0000)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("judge");
    }
}
