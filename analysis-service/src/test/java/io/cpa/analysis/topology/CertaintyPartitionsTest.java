package io.cpa.analysis.topology;

import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class CertaintyPartitionsTest {
    private static final String[] KEYS = {"cpa-simulator|commonsense_qa|cqp", "gpt-4o|chat|numeric|acme", "m|s|v", "é|ü|ß", ""};

    @Test
    void theSeriesPartitionIsTheOneTheProducersDefaultPartitionerChooses() {
        // the certainty-service's producer places a record by its key with Kafka's built-in partitioner: a certainty
        // is analysed in place only if this computes the very same partition
        for (int partitions : new int[]{1, 2, 3, 7, 12, 64}) {
            for (String key : KEYS) {
                assertThat(CertaintyPartitions.partitionOf(key, partitions)).as("%s among %d", key, partitions)
                        .isEqualTo(BuiltInPartitioner.partitionForKey(key.getBytes(StandardCharsets.UTF_8), partitions));
            }
        }
    }

    @Test
    void aCertaintyIsInPlaceOnlyKeyedByItsSeriesOnItsSeriesPartition() {
        CertaintyPartitions p = new CertaintyPartitions(() -> 5);
        String series = KEYS[0];
        int home = CertaintyPartitions.partitionOf(series, 5);
        assertThat(p.inPlace(series, series, home)).isTrue();
        assertThat(p.inPlace(series, series, (home + 1) % 5)).as("placed on another partition by its producer").isFalse();
        assertThat(p.inPlace("answer-17", series, home)).as("keyed by something else").isFalse();
        assertThat(p.inPlace(null, series, home)).as("no key").isFalse();
        assertThat(p.inPlace(series, series, -1)).as("no partition known").isFalse();
    }

    @Test
    void byseriesSendsEachRecordToItsSeriesPartitionWhateverTheTopicsCount() {
        CertaintyPartitions p = new CertaintyPartitions(() -> 3);
        for (String key : KEYS) {
            // by-series may have more partitions than cpa.certainties (cpa.labels has more): the series' partition wins
            assertThat(p.<String>bySeries().partitions("by-series", key, "v", 8))
                    .isEqualTo(Optional.of(Set.of(CertaintyPartitions.partitionOf(key, 3))));
        }
    }

    @Test
    void thePartitionCountIsLookedUpOnce() {
        AtomicInteger lookups = new AtomicInteger();
        CertaintyPartitions p = new CertaintyPartitions(() -> {
            lookups.incrementAndGet();
            return 4;
        });
        for (int i = 0; i < 10; i++) assertThat(p.count()).isEqualTo(4);
        assertThat(lookups).hasValue(1);
    }
}
