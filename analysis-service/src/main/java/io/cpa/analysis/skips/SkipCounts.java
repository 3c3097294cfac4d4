package io.cpa.analysis.skips;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cpa.event.EventJson;
import io.cpa.event.SeriesKey;
import io.cpa.event.SkipEvent;

import java.util.Map;
import java.util.TreeMap;

/**
 * How many answers of one series were not asked about, by reason: the answers the certainty-service skipped
 * ({@code cpa.skips}). Bounded: one count per reason, and the reasons are a fixed set. Plain code with its JSON codec.
 */
public record SkipCounts(String seriesKey, long total, Map<String, Long> byReason, long lastAtMs) {
    public SkipCounts {
        byReason = Map.copyOf(byReason);
    }

    public static SkipCounts none(String seriesKey) {
        return new SkipCounts(seriesKey, 0, Map.of(), 0);
    }

    public SkipCounts add(SkipEvent skip) {
        Map<String, Long> next = new TreeMap<>(byReason);
        // one skip record may stand for many answers
        next.merge(skip.reason(), (long) skip.count(), Long::sum);
        long at = skip.skippedAt() == null ? lastAtMs : Math.max(lastAtMs, skip.skippedAt().toEpochMilli());
        return new SkipCounts(seriesKey, total + skip.count(), next, at);
    }

    public String toJson() {
        return EventJson.write(toNode());
    }

    /** {@code {"seriesKey","model","source","variant","total","byReason":{reason:n},"lastAtMs"}} */
    public ObjectNode toNode() {
        ObjectNode n = EventJson.mapper().createObjectNode().put("seriesKey", seriesKey);
        SeriesKey k = SeriesKey.parse(seriesKey);
        n.put("model", k.model()).put("source", k.source()).put("variant", k.variant()).put("total", total);
        ObjectNode reasons = n.putObject("byReason");
        new TreeMap<>(byReason).forEach(reasons::put);
        return n.put("lastAtMs", lastAtMs);
    }

    public static SkipCounts fromJson(String json) {
        try {
            JsonNode n = EventJson.mapper().readTree(json);
            Map<String, Long> reasons = new TreeMap<>();
            n.path("byReason").fields().forEachRemaining(e -> reasons.put(e.getKey(), e.getValue().asLong()));
            return new SkipCounts(n.path("seriesKey").asText(), n.path("total").asLong(), reasons, n.path("lastAtMs").asLong());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("unreadable skip counts in the store: " + e.getMessage(), e);
        }
    }
}
