package io.cpa.bench;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class CoverageLatencyTest {

    @Test
    void eachAnswerIsTakenByTheFirstSnapshotCoveringItsCount() {
        long ms = 1_000_000L;
        long[] publish = {0, 10 * ms, 20 * ms, 30 * ms, 40 * ms};
        long[] snapshotAt = {25 * ms, 50 * ms, 60 * ms};
        long[] received = {2, 4, 4};
        // answers 1, 2 by the first snapshot; 3, 4 by the second; 5 by none
        assertThat(CoverageLatency.latenciesMs(publish, snapshotAt, received)).containsExactly(25.0, 15.0, 30.0, 20.0);
    }

    @Test
    void agreesWithAScanOfAllSnapshotsPerAnswer() {
        Random random = new Random(3);
        for (int round = 0; round < 200; round++) {
            int n = 1 + random.nextInt(300);
            long[] publish = new long[n];
            for (int i = 1; i < n; i++) publish[i] = publish[i - 1] + random.nextInt(5_000_000);
            int m = random.nextInt(40);
            long[] at = new long[m];
            long[] received = new long[m];
            for (int j = 0; j < m; j++) {
                at[j] = (j == 0 ? 0 : at[j - 1]) + random.nextInt(50_000_000);
                // counts may even step back: the definition is the first covering snapshot all the same
                received[j] = random.nextInt(n + 5);
            }
            double[] fast = CoverageLatency.latenciesMs(publish, at, received);
            int covered = 0;
            for (int k = 1; k <= n; k++) {
                int first = -1;
                for (int j = 0; j < m && first < 0; j++) if (received[j] >= k) first = j;
                if (first < 0) break;
                covered++;
                assertThat(fast[k - 1]).isCloseTo((at[first] - publish[k - 1]) / 1e6, within(1e-9));
            }
            assertThat(fast).hasSize(covered);
        }
    }

    @Test
    void nearestRankQuantiles() {
        double[] v = new double[100];
        for (int i = 0; i < 100; i++) v[i] = i + 1;
        Arrays.sort(v);
        assertThat(CoverageLatency.quantile(v, 0.5)).isEqualTo(50.0);
        assertThat(CoverageLatency.quantile(v, 0.99)).isEqualTo(99.0);
        assertThat(CoverageLatency.quantile(v, 1.0)).isEqualTo(100.0);
        assertThat(CoverageLatency.quantile(new double[]{7}, 0.99)).isEqualTo(7.0);
        assertThat(CoverageLatency.quantile(new double[0], 0.5)).isNaN();
    }
}
