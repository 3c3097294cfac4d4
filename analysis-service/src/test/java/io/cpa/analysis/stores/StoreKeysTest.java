package io.cpa.analysis.stores;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class StoreKeysTest {

    @Test
    void paddedIsWhatTheFormatterWrites() {
        SplittableRandom random = new SplittableRandom(7);
        List<Long> values = new ArrayList<>(List.of(0L, 1L, 9L, 10L, 99_999L, 100_000L, Long.MAX_VALUE, -1L, Long.MIN_VALUE));
        for (int i = 0; i < 2_000; i++) values.add(random.nextLong() >> random.nextInt(64));
        for (int width : new int[]{1, 5, 6, 15, 19, 21}) {
            for (long v : values) {
                assertThat(StoreKeys.padded(v, width)).as("%d at width %d", v, width).isEqualTo(String.format("%0" + width + "d", v));
            }
        }
    }

    @Test
    void arrivalKeysSortAsTheirNumbersAndReadBack() {
        List<Long> arrivals = List.of(1L, 2L, 9L, 10L, 11L, 999L, 1_000L, 123_456_789L, Long.MAX_VALUE);
        for (int i = 1; i < arrivals.size(); i++) {
            String before = StoreKeys.arrival("m|proxy|cqp", arrivals.get(i - 1));
            String after = StoreKeys.arrival("m|proxy|cqp", arrivals.get(i));
            assertThat(before).isLessThan(after);
            assertThat(StoreKeys.arrivalOf(after)).isEqualTo(arrivals.get(i));
        }
        String timed = StoreKeys.timed("m|proxy|cqp", 1_733_400_000_123L, "answer-1");
        assertThat(StoreKeys.timedAt(timed)).isEqualTo(1_733_400_000_123L);
        assertThat(StoreKeys.timedId(timed)).isEqualTo("answer-1");
        assertThat(timed).isLessThan(StoreKeys.timeTo("m|proxy|cqp", 1_733_400_000_124L))
                .isGreaterThanOrEqualTo(StoreKeys.timeTo("m|proxy|cqp", 1_733_400_000_123L));
    }
}
