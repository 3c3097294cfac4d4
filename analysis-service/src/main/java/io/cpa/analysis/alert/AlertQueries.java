package io.cpa.analysis.alert;

import java.util.function.Predicate;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.cpa.alert.SeriesAlertState;
import io.cpa.analysis.query.StateRouter;
import io.cpa.analysis.stores.StoreNames;
import io.cpa.event.AlertEvent;
import io.cpa.event.EventJson;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.streams.state.KeyValueIterator;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Alerts answered from the {@code series-alerts} stores, the same state that decides them: each series' state holds
 * its open alerts and its latest events (bounded by {@code cpa.alerts.history}), so the API needs no second copy and
 * is exactly as current as the rules. One series is asked of its owner; all series merge every instance's local part.
 * Newest first: by event time, then by the series' answer count.
 */
@ApplicationScoped
public class AlertQueries {
    private static final Comparator<JsonNode> NEWEST_FIRST = Comparator
            .comparingLong((JsonNode e) -> e.path("atMs").asLong())
            .thenComparingLong(e -> e.path("seriesReceived").asLong())
            .thenComparing(e -> e.path("state").asText()) // RESOLVED after OPEN of the same moment
            .reversed();

    private final StateRouter router;

    AlertQueries(StateRouter router) {
        this.router = router;
    }

    /**
     * @param series  null for all series
     * @param visible the series the caller sees: the others' alerts are left out before the limit is applied
     */
    public ArrayNode alerts(String series, boolean openOnly, int limit, Predicate<String> visible) {
        if (series != null && !visible.test(series)) return EventJson.mapper().createArrayNode();
        String path = "/api/alerts?state=" + (openOnly ? "open" : "all") + "&limit=" + limit
                + (series == null ? "" : "&series=" + StateRouter.encode(series));
        if (series != null) {
            return (ArrayNode) router.fromOwner(series, path, () -> java.util.Optional.of(local(series, openOnly, limit, visible)))
                    .orElseGet(() -> EventJson.mapper().createArrayNode());
        }
        List<JsonNode> events = new ArrayList<>();
        for (JsonNode part : router.fromAll(path, () -> local(null, openOnly, limit, visible))) {
            for (JsonNode e : part) if (visible.test(e.path("seriesKey").asText(null))) events.add(e);
        }
        return newest(events, limit);
    }

    public ArrayNode local(String series, boolean openOnly, int limit, Predicate<String> visible) {
        if (series != null && !visible.test(series)) return EventJson.mapper().createArrayNode();
        List<SeriesAlertState> states = router.<String, String, List<SeriesAlertState>>readLocal(StoreNames.ALERTS, store -> {
            List<SeriesAlertState> out = new ArrayList<>();
            if (series != null) {
                String json = store.get(series);
                if (json != null) out.add(SeriesAlertState.fromJson(json));
                return out;
            }
            try (KeyValueIterator<String, String> it = store.all()) {
                it.forEachRemaining(kv -> {
                    if (visible.test(kv.key)) out.add(SeriesAlertState.fromJson(kv.value));
                });
            }
            return out;
        });
        List<JsonNode> events = new ArrayList<>();
        for (SeriesAlertState s : states) {
            for (AlertEvent e : openOnly ? s.open().values() : s.recent()) events.add(EventJson.mapper().valueToTree(e));
        }
        return newest(events, limit);
    }

    private static ArrayNode newest(List<JsonNode> events, int limit) {
        events.sort(NEWEST_FIRST);
        ArrayNode out = EventJson.mapper().createArrayNode();
        events.stream().limit(limit).forEach(out::add);
        return out;
    }
}
