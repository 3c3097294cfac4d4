package io.cpa.analysis.stores;

import io.cpa.stats.Bucket;
import io.cpa.stats.BucketCodec;
import io.cpa.stats.BucketResolution;
import io.cpa.stats.Observation;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** Buckets too large for one changelog record are stored in parts, read back whole, and their parts cleaned up. */
class StoredBucketsTest {
    @Test
    void largeBucketsAreStoredInPartsBelowTheRecordLimit() {
        KeyValueStore<String, byte[]> kv = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("b"), Serdes.String(), Serdes.ByteArray())
                .withLoggingDisabled().build();
        kv.init(new MockProcessorContext<>(new Properties()).getStateStoreContext(), kv);
        StoredBuckets store = StoredBuckets.writable("m|s|v", kv);
        Bucket.Builder b = new Bucket.Builder();
        for (int i = 0; i < 600_000; i++) b.add(Observation.paired(i, 0, i / 600_000.0, (i % 6) / 5.0, i % 3 == 0));
        Bucket big = b.build();
        assertThat(BucketCodec.encode(big).length).isGreaterThan(2 * StoredBuckets.PART_BYTES);

        store.put(BucketResolution.DAY, 86_400_000L, big);
        store.putTotal(big);
        assertThat(store.get(BucketResolution.DAY, 86_400_000L)).isEqualTo(big);
        assertThat(store.total()).isEqualTo(big);
        List<Bucket> scanned = new ArrayList<>();
        store.scan(BucketResolution.DAY, 0, 10 * 86_400_000L, (start, bytes) -> scanned.add(BucketCodec.decode(bytes)));
        assertThat(scanned).containsExactly(big);
        long largest = 0;
        try (KeyValueIterator<String, byte[]> it = kv.all()) {
            while (it.hasNext()) largest = Math.max(largest, it.next().value.length);
        }
        assertThat(largest).isLessThanOrEqualTo(StoredBuckets.PART_BYTES);

        Bucket.Builder s = new Bucket.Builder();
        s.add(Observation.paired(1, 0, 0.5, 0.4, true));
        store.putTotal(s.build()); // smaller again: its parts go
        assertThat(store.total()).isEqualTo(s.build());
        store.deleteBefore(BucketResolution.DAY, 2 * 86_400_000L);
        assertThat(store.get(BucketResolution.DAY, 86_400_000L)).isNull();
        assertThat(count(kv)).as("only the small total is left").isEqualTo(1);
    }

    private static long count(KeyValueStore<String, byte[]> kv) {
        long n = 0;
        try (KeyValueIterator<String, byte[]> it = kv.all()) {
            while (it.hasNext()) {
                it.next();
                n++;
            }
        }
        return n;
    }
}
