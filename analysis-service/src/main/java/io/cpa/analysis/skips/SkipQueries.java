package io.cpa.analysis.skips;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.cpa.analysis.query.StateRouter;
import io.cpa.analysis.stores.StoreNames;
import io.cpa.event.EventJson;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.streams.state.KeyValueIterator;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The skip counts of every series, merged over every instance's part of {@code series-skips}, by series key. */
@ApplicationScoped
public class SkipQueries {
    private final StateRouter router;

    SkipQueries(StateRouter router) {
        this.router = router;
    }

    public ArrayNode all() {
        List<JsonNode> rows = new ArrayList<>();
        for (JsonNode part : router.fromAll("/api/skips", this::local)) part.forEach(rows::add);
        rows.sort(Comparator.comparing(n -> n.path("seriesKey").asText()));
        ArrayNode out = EventJson.mapper().createArrayNode();
        rows.forEach(out::add);
        return out;
    }

    public ArrayNode local() {
        return router.<String, String, ArrayNode>readLocal(StoreNames.SKIPS, store -> {
            ArrayNode out = EventJson.mapper().createArrayNode();
            try (KeyValueIterator<String, String> it = store.all()) {
                it.forEachRemaining(kv -> out.add(SkipCounts.fromJson(kv.value).toNode()));
            }
            return out;
        });
    }
}
