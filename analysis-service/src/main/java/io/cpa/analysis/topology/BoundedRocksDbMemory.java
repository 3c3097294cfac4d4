package io.cpa.analysis.topology;

import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One bound for the native memory of every RocksDB store of this process ({@code rocksdb.config.setter}): block cache,
 * index and filter blocks and memtables all draw from one LRU cache of {@value #MEMORY_KEY} bytes, of which the
 * memtables may take {@value #MEMTABLE_KEY}. Without it each store (and each task of each store) opens its own
 * 50 MB block cache and three 16 MB memtables, so the process's resident memory grows with the number of stores and
 * partitions instead of staying at a size an operator chose.
 *
 * <p>The cache and the write-buffer manager are shared by every store and live as long as the JVM: they are made on
 * the first store's configuration with the sizes it carries, and never closed by one store (Kafka Streams calls
 * {@link #close} per store).
 */
public class BoundedRocksDbMemory implements RocksDBConfigSetter {
    /** Streams config key: total bytes of block cache, index/filter blocks and memtables of all stores. */
    public static final String MEMORY_KEY = "cpa.rocksdb.memory-bytes";
    /** Streams config key: the part of {@link #MEMORY_KEY} the memtables may take. */
    public static final String MEMTABLE_KEY = "cpa.rocksdb.memtable-bytes";
    static final long DEFAULT_MEMORY = 128L << 20;
    static final long DEFAULT_MEMTABLE = 64L << 20;
    /** Per store: two memtables of at most 4 MB each before a flush. */
    static final long MEMTABLE_SIZE = 4L << 20;
    static final int MEMTABLES = 2;
    static final long BLOCK_SIZE = 16L << 10;

    private static final AtomicInteger CONFIGURED = new AtomicInteger();
    private static Cache cache;
    private static WriteBufferManager writeBuffers;

    static synchronized Cache sharedCache(Map<String, Object> configs) {
        if (cache == null) {
            Sizes sizes = Sizes.of(configs);
            // index and filter blocks get a high-priority tenth of the cache, so they are the last to be evicted
            cache = new LRUCache(sizes.memory(), -1, false, 0.1);
            writeBuffers = new WriteBufferManager(sizes.memtables(), cache);
        }
        return cache;
    }

    /**
     * The two sizes, checked: each at least 1 MiB, the memtables' below the whole. Also checked when the service
     * starts ({@link RocksDbMemoryCheck}): the stores open later, in the stream threads, where a bad size stops Kafka
     * Streams after the service has reported ready.
     */
    record Sizes(long memory, long memtables) {
        static Sizes of(Map<String, ?> configs) {
            long memory = bytes(configs, MEMORY_KEY, DEFAULT_MEMORY);
            long memtables = bytes(configs, MEMTABLE_KEY, DEFAULT_MEMTABLE);
            if (memtables >= memory) {
                throw new IllegalArgumentException(MEMTABLE_KEY + " (" + memtables + ") must be below " + MEMORY_KEY + " (" + memory + ")");
            }
            return new Sizes(memory, memtables);
        }
    }

    static long bytes(Map<String, ?> configs, String key, long fallback) {
        Object v = configs.get(key);
        if (v == null || v.toString().isBlank()) return fallback;
        long n;
        try {
            n = Long.parseLong(v.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number of bytes, was '" + v + "'");
        }
        if (n < (1L << 20)) throw new IllegalArgumentException(key + " must be at least 1 MiB, was " + n);
        return n;
    }

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        Cache shared = sharedCache(configs);
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(shared);
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        table.setBlockSize(BLOCK_SIZE);
        options.setWriteBufferManager(writeBuffers);
        options.setMaxWriteBufferNumber(MEMTABLES);
        options.setWriteBufferSize(MEMTABLE_SIZE);
        options.setTableFormatConfig(table);
        CONFIGURED.incrementAndGet();
    }

    /** How many store openings this process has bounded (Kafka Streams makes the setter itself, so this is how a test sees it). */
    public static int storesConfigured() {
        return CONFIGURED.get();
    }

    @Override
    public void close(String storeName, Options options) {
        // the cache and the write-buffer manager are shared by every store: closing them here would break the others
    }
}
