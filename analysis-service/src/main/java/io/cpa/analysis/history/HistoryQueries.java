package io.cpa.analysis.history;

import com.fasterxml.jackson.databind.JsonNode;
import io.cpa.analysis.query.StateRouter;
import io.cpa.analysis.series.SeriesQueries;
import io.cpa.analysis.stores.StoreNames;
import io.cpa.event.EventJson;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A series' history from the instance that owns it (the history ring is in that instance's store). */
@ApplicationScoped
public class HistoryQueries {
    private final SeriesQueries queries;
    private final StateRouter router;

    HistoryQueries(SeriesQueries queries, StateRouter router) {
        this.queries = queries;
        this.router = router;
    }

    public Optional<JsonNode> history(String key, String window, int limit) {
        return router.fromOwner(key, StateRouter.seriesPath(key) + "/history?window=" + StateRouter.encode(window)
                + "&limit=" + limit, () -> localHistory(key, window, limit));
    }

    /** Empty when this instance has no snapshot of the series. */
    public Optional<JsonNode> localHistory(String key, String window, int limit) {
        if (queries.localOne(key).isEmpty()) return Optional.empty();
        List<String> entries = router.<String, String, List<String>>readLocal(StoreNames.HISTORY, store -> {
            List<String> out = new ArrayList<>();
            try (KeyValueIterator<String, String> it = store.range(SnapshotHistory.from(key), SnapshotHistory.to(key))) {
                while (it.hasNext()) {
                    KeyValue<String, String> kv = it.next();
                    out.add(kv.value);
                }
            }
            return out;
        });
        return Optional.of(EventJson.mapper().valueToTree(SnapshotHistory.points(entries, window, limit)));
    }
}
