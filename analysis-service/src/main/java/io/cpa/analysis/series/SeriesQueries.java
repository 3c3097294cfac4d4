package io.cpa.analysis.series;

import io.cpa.analysis.topology.AlignmentTopology;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads series state from the local state store (interactive queries). */
@ApplicationScoped
public class SeriesQueries {
    /** The store cannot be read now (rebalancing, restoring, not yet running): answer 503 and let the client retry. */
    public static class NotReady extends RuntimeException {
        NotReady(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final KafkaStreams streams;
    private final AnalysisConfig config;

    SeriesQueries(KafkaStreams streams, AnalysisConfig config) {
        this.streams = streams;
        this.config = config;
    }

    private ReadOnlyKeyValueStore<String, byte[]> store() {
        try {
            return streams.store(StoreQueryParameters.fromNameAndType(AlignmentTopology.STORE, QueryableStoreTypes.keyValueStore()));
        } catch (InvalidStateStoreException | IllegalStateException e) {
            throw new NotReady("analysis state is not ready (" + streams.state() + ")", e);
        }
    }

    public List<SeriesState.SeriesView> all() {
        List<SeriesState.SeriesView> out = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = store().all()) {
            it.forEachRemaining(kv -> out.add(SeriesState.fromBytes(kv.value).view(config.windows(), config.minN())));
        } catch (InvalidStateStoreException e) {
            throw new NotReady("analysis state is not ready (" + streams.state() + ")", e);
        }
        return out;
    }

    public Optional<SeriesState.SeriesView> get(String key) {
        byte[] stored;
        try {
            stored = store().get(key);
        } catch (InvalidStateStoreException e) {
            throw new NotReady("analysis state is not ready (" + streams.state() + ")", e);
        }
        return Optional.ofNullable(stored).map(b -> SeriesState.fromBytes(b).view(config.windows(), config.minN()));
    }
}
