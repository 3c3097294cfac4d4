package io.cpa.analysis.series;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.cpa.analysis.query.StateRouter;
import io.cpa.analysis.stores.StoreNames;
import io.cpa.event.EventJson;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.io.IOException;
import java.util.Optional;

/** The snapshots and latest answers of series, through the {@link StateRouter} (one series from its owner, all from all). */
@ApplicationScoped
public class SeriesQueries {
    private final StateRouter router;
    private final RecentAnswers recent;

    SeriesQueries(StateRouter router, RecentAnswers recent) {
        this.router = router;
        this.recent = recent;
    }

    /** Every series this instance owns. */
    public ArrayNode local() {
        return router.<String, String, ArrayNode>readLocal(StoreNames.SNAPSHOTS, store -> {
            ArrayNode out = EventJson.mapper().createArrayNode();
            try (KeyValueIterator<String, String> it = store.all()) {
                it.forEachRemaining(kv -> out.add(view(kv.value)));
            }
            return out;
        });
    }

    /** Every series of every instance. */
    public ArrayNode all() {
        ArrayNode out = EventJson.mapper().createArrayNode();
        for (JsonNode part : router.fromAll("/api/series", this::local)) part.forEach(out::add);
        return out;
    }

    public Optional<JsonNode> localOne(String key) {
        String stored = router.<String, String, String>readLocal(StoreNames.SNAPSHOTS, (ReadOnlyKeyValueStore<String, String> s) -> s.get(key));
        return Optional.ofNullable(stored).map(SeriesQueries::view);
    }

    public Optional<JsonNode> get(String key) {
        return router.fromOwner(key, StateRouter.seriesPath(key), () -> localOne(key));
    }

    /** The latest answers of a series, newest first, from the instance that owns it. */
    public Optional<JsonNode> recent(String key, int limit) {
        return router.fromOwner(key, StateRouter.seriesPath(key) + "/recent?limit=" + limit, () -> localRecent(key, limit));
    }

    public Optional<JsonNode> localRecent(String key, int limit) {
        if (!recent.knows(key) && localOne(key).isEmpty()) return Optional.empty();
        return Optional.of(EventJson.mapper().valueToTree(recent.latest(key, limit)));
    }

    private static JsonNode view(String stored) {
        try {
            return EventJson.mapper().readTree(stored);
        } catch (IOException e) {
            throw new IllegalStateException("unreadable snapshot in the store", e);
        }
    }
}
