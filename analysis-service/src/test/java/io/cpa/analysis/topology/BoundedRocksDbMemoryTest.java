package io.cpa.analysis.topology;

import org.junit.jupiter.api.Test;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The setter on real RocksDB options (the native library, as Kafka Streams loads it). */
class BoundedRocksDbMemoryTest {
    static {
        RocksDB.loadLibrary();
    }

    @Test
    void everyStoreGetsTheSharedCacheAndSmallMemtables() {
        Map<String, Object> configs = Map.of(BoundedRocksDbMemory.MEMORY_KEY, "33554432", BoundedRocksDbMemory.MEMTABLE_KEY, "8388608");
        try (Options a = new Options(); Options b = new Options()) {
            a.setTableFormatConfig(new BlockBasedTableConfig());
            b.setTableFormatConfig(new BlockBasedTableConfig());
            long defaultBuffer = a.writeBufferSize();
            BoundedRocksDbMemory setter = new BoundedRocksDbMemory();
            setter.setConfig("series-buckets", a, configs);
            setter.setConfig("series-observations", b, configs);
            for (Options o : new Options[] {a, b}) {
                assertThat(o.writeBufferSize()).isEqualTo(BoundedRocksDbMemory.MEMTABLE_SIZE).isLessThan(defaultBuffer);
                assertThat(o.maxWriteBufferNumber()).isEqualTo(BoundedRocksDbMemory.MEMTABLES);
                BlockBasedTableConfig t = (BlockBasedTableConfig) o.tableFormatConfig();
                assertThat(t.cacheIndexAndFilterBlocks()).isTrue();
                assertThat(t.pinTopLevelIndexAndFilter()).isTrue();
                assertThat(t.blockSize()).isEqualTo(BoundedRocksDbMemory.BLOCK_SIZE);
            }
            // one cache for the whole process, whatever store asks
            assertThat(BoundedRocksDbMemory.sharedCache(configs)).isSameAs(BoundedRocksDbMemory.sharedCache(Map.of()));
            setter.close("series-buckets", a);
            assertThat(BoundedRocksDbMemory.sharedCache(configs).isOwningHandle()).as("closing one store keeps the shared cache").isTrue();
        }
    }

    @Test
    void badSizesAreNamed() {
        assertThatThrownBy(() -> BoundedRocksDbMemory.bytes(Map.of("k", "lots"), "k", 1)).hasMessageContaining("k must be a number");
        assertThatThrownBy(() -> BoundedRocksDbMemory.bytes(Map.of("k", "1000"), "k", 1)).hasMessageContaining("at least 1 MiB");
        assertThat(BoundedRocksDbMemory.bytes(Map.of(), "k", 5L << 20)).isEqualTo(5L << 20);
        assertThat(BoundedRocksDbMemory.bytes(Map.of("k", " 2097152 "), "k", 1)).isEqualTo(2L << 20);
    }

    @Test
    void theServiceChecksTheSizesWhenItStarts() {
        assertThatThrownBy(() -> RocksDbMemoryCheck.check(config(Map.of("kafka-streams.cpa.rocksdb.memory-bytes", "67108864",
                "kafka-streams.cpa.rocksdb.memtable-bytes", "67108864"))))
                .hasMessageStartingWith("RocksDB memory (kafka-streams.cpa.rocksdb.*): cpa.rocksdb.memtable-bytes (67108864) must be below");
        assertThatThrownBy(() -> RocksDbMemoryCheck.check(config(Map.of("kafka-streams.cpa.rocksdb.memory-bytes", "128M"))))
                .hasMessageContaining("cpa.rocksdb.memory-bytes must be a number of bytes");
        assertThat(RocksDbMemoryCheck.check(config(Map.of())))
                .isEqualTo(new BoundedRocksDbMemory.Sizes(BoundedRocksDbMemory.DEFAULT_MEMORY, BoundedRocksDbMemory.DEFAULT_MEMTABLE));
        assertThat(RocksDbMemoryCheck.check(config(Map.of("kafka-streams.cpa.rocksdb.memory-bytes", "268435456"))))
                .isEqualTo(new BoundedRocksDbMemory.Sizes(256L << 20, BoundedRocksDbMemory.DEFAULT_MEMTABLE));
    }

    private static org.eclipse.microprofile.config.Config config(Map<String, String> values) {
        return new io.smallrye.config.SmallRyeConfigBuilder()
                .withSources(new io.smallrye.config.PropertiesConfigSource(values, "test", 100)).build();
    }
}
