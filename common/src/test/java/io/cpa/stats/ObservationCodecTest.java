package io.cpa.stats;

import io.cpa.certainty.ParseStatus;
import io.cpa.label.LabelKind;
import io.cpa.label.Verdicts;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ObservationCodecTest {
    private static final Observation.ProbabilisticPoint PVC = new Observation.ProbabilisticPoint(0.412, 2, 1.5);

    @Test
    void theVerdictsTravelInTheLastByte() {
        Verdicts v = Verdicts.NONE.with(LabelKind.HUMAN, false).with(LabelKind.USER_FEEDBACK, true);
        Observation o = new Observation(7, 1_700_000_000_123L, 0.8, 0.6, ParseStatus.OK, false, null, v);
        byte[] bytes = ObservationCodec.encode(o);
        assertThat(bytes).hasSize(ObservationCodec.SIZE).hasSize(27);
        assertThat(bytes[26]).isEqualTo(v.bits());
        assertThat(ObservationCodec.decode(7, bytes)).isEqualTo(o);

        Observation withPvc = new Observation(8, 5, null, 0.4, ParseStatus.OK, null, PVC, Verdicts.NONE.with(LabelKind.JUDGE, true));
        byte[] more = ObservationCodec.encode(withPvc);
        assertThat(more).hasSize(ObservationCodec.SIZE_WITH_PVC).hasSize(44);
        assertThat(ObservationCodec.decode(8, more)).isEqualTo(withPvc);
    }

    /** The forms written before labels, byte by byte as they were: their only verdict is the gold one. */
    @Test
    void observationsEncodedBeforeLabelsDecodeWithTheirCorrectnessAsGold() {
        for (byte correctness : new byte[] {0, 1, 2}) {
            ByteBuffer b = ByteBuffer.allocate(26);
            b.putLong(1234L).putDouble(0.7).putDouble(Double.NaN).put((byte) ParseStatus.NONE.ordinal()).put(correctness);
            Observation o = ObservationCodec.decode(3, b.array());
            Boolean correct = correctness == 2 ? null : correctness == 1;
            assertThat(o).isEqualTo(new Observation(3, 1234L, 0.7, null, ParseStatus.NONE, correct));
            assertThat(o.verdicts()).isEqualTo(Verdicts.gold(correct));
            assertThat(o.verdicts().of(LabelKind.GOLD)).isEqualTo(correct);

            ByteBuffer p = ByteBuffer.allocate(43);
            p.putLong(99L).putDouble(Double.NaN).putDouble(0.6).put((byte) ParseStatus.OK.ordinal()).put(correctness)
                    .putDouble(PVC.expectation()).putDouble(PVC.entropy()).put((byte) PVC.modeRank());
            Observation q = ObservationCodec.decode(4, p.array());
            assertThat(q).isEqualTo(new Observation(4, 99L, null, 0.6, ParseStatus.OK, correct, PVC));
            assertThat(q.verdicts()).isEqualTo(Verdicts.gold(correct));
        }
    }

    @Test
    void badBytesAreRefusedWithTheReason() {
        assertThatThrownBy(() -> ObservationCodec.decode(1, new byte[30])).hasMessageContaining("got 30");
        byte[] bytes = ObservationCodec.encode(Observation.paired(1, 2, 0.5, 0.5, true));
        bytes[26] = (byte) 0b11;
        assertThatThrownBy(() -> ObservationCodec.decode(1, bytes)).hasMessageContaining("code 3");
        bytes[26] = Verdicts.NONE.with(LabelKind.HUMAN, false).bits(); // headline true, but no kind says so
        assertThatThrownBy(() -> ObservationCodec.decode(1, bytes)).hasMessageContaining("not the verdict of any kind");
    }

    @Test
    void relabelledTakesTheHeadlineFromThePrecedence() {
        Observation o = Observation.paired(1, 2, 0.5, 0.5, null);
        Verdicts v = Verdicts.NONE.with(LabelKind.HUMAN, false).with(LabelKind.JUDGE, true);
        assertThat(o.relabelled(v, LabelKind.DEFAULT_PRECEDENCE).correct()).isFalse();
        assertThat(o.relabelled(v, java.util.List.of(LabelKind.JUDGE, LabelKind.HUMAN)).correct()).isTrue();
        Observation outside = o.relabelled(Verdicts.NONE.with(LabelKind.USER_FEEDBACK, true), java.util.List.of(LabelKind.HUMAN));
        assertThat(outside.correct()).as("a kind outside the precedence never decides the headline").isNull();
        assertThat(outside.verdicts().of(LabelKind.USER_FEEDBACK)).isTrue();
        assertThat(o.sameAnswer(outside)).isTrue();
        assertThat(o.sameAnswer(Observation.paired(1, 2, 0.5, 0.6, null))).isFalse();
    }
}
