package io.cpa.analysis.topology;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.Config;

import java.util.HashMap;
import java.util.Map;

/**
 * Fails the start of the service on a RocksDB memory size that {@link BoundedRocksDbMemory} would refuse, with the
 * key and the reason; left to the first store, the same mistake would stop the Kafka Streams client later, in a stream
 * thread, while the service still looked started.
 */
@ApplicationScoped
class RocksDbMemoryCheck {
    private static final String PREFIX = "kafka-streams.";

    void onStart(@Observes StartupEvent event, Config config) {
        check(config);
    }

    static BoundedRocksDbMemory.Sizes check(Config config) {
        Map<String, String> sizes = new HashMap<>();
        for (String key : new String[] {BoundedRocksDbMemory.MEMORY_KEY, BoundedRocksDbMemory.MEMTABLE_KEY}) {
            config.getOptionalValue(PREFIX + key, String.class).ifPresent(v -> sizes.put(key, v));
        }
        try {
            return BoundedRocksDbMemory.Sizes.of(sizes);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("RocksDB memory (" + PREFIX + "cpa.rocksdb.*): " + e.getMessage(), e);
        }
    }
}
