package io.cpa.analysis.feed;

import com.fasterxml.jackson.databind.JsonNode;
import io.cpa.event.AlertEvent;
import io.cpa.event.AlignmentSnapshot;
import io.cpa.event.EventJson;
import io.cpa.event.InvalidEventException;
import io.cpa.event.SeriesKey;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Fans the snapshots of cpa.alignment and the events of cpa.alerts out to Server-Sent Events clients and to Prometheus gauges. Every instance reads
 * every snapshot (its own consumer group), so each serves the whole picture whatever partitions it owns.
 * Gauges: one family per numeric field of a window, {@code cpa_alignment_<field>} (nested fields joined with _),
 * labelled by series, model, source, variant, tenant and window; beside them {@code cpa_alignment_labelled_ratio} per window
 * and {@code cpa_alignment_label_delay_seconds{quantile="0.5"|"0.95"}} per series (the snapshot's label delays); the
 * series' latest accuracy check as {@code cpa_alignment_accuracy_check_<field>} and
 * {@code cpa_alignment_accuracy_estimate_diverged} (1 when BELOW or ABOVE, else 0, also before any check), without a
 * window label. One gauge per series and window or quantile: the gauges grow with the series, as the snapshots do.
 * The gauges follow the paced snapshots; a fresh one ({@link AlignmentSnapshot#FRESH_HEADER}) goes to the live feed only.
 */
@ApplicationScoped
public class AlignmentFeed {
    private static final Logger LOG = Logger.getLogger(AlignmentFeed.class);

    /**
     * One Server-Sent Event: {@code name} null for a snapshot (EventSource's default {@code message}), "alert" for an
     * alert; {@code seriesKey} the series it is about, by which each connection keeps its tenant's events only.
     */
    public record FeedEvent(String name, String json, String seriesKey) {}

    public static final String ALERT_EVENT = "alert";

    private final BroadcastProcessor<FeedEvent> events = BroadcastProcessor.create();
    private final MeterRegistry registry;
    private final Map<GaugeId, AtomicReference<Double>> gauges = new ConcurrentHashMap<>();

    /** A gauge's identity: its name and tags (a record, so that finding it costs no string building per update). */
    private record GaugeId(String name, Tags tags) {}

    /**
     * Field name to gauge name part: the fields are the snapshot schema's, a few dozen; the bound only guards against
     * a stranger's record on the topic.
     */
    private static final Map<String, String> SNAKE = new ConcurrentHashMap<>();
    private static final int SNAKE_BOUND = 1024;

    AlignmentFeed(MeterRegistry registry) {
        this.registry = registry;
    }

    @Incoming("alignment")
    public void onSnapshot(ConsumerRecord<String, String> record) {
        String json = record.value();
        String key = record.key();
        // a fresh snapshot (between paced ones) goes to the live feed only: the gauges, which a scrape reads every few
        // seconds, follow the paced snapshots, at most a snapshot interval behind, and are not rebuilt five times a second
        if (AlignmentSnapshot.isFresh(record.headers()) && key != null) {
            publish(new FeedEvent(null, json, key));
            return;
        }
        try {
            JsonNode snapshot = EventJson.mapper().readTree(json);
            key = snapshot.path("seriesKey").asText(null);
            updateGauges(snapshot);
        } catch (Exception e) {
            // a snapshot we cannot read must not stop the feed; the next one replaces it
            LOG.warnf("unreadable alignment snapshot skipped: %s", e.getMessage());
            return;
        }
        publish(new FeedEvent(null, json, key));
    }

    @Incoming("alerts")
    public void onAlert(String json) {
        AlertEvent alert;
        try {
            alert = AlertEvent.read(json);
        } catch (InvalidEventException e) {
            LOG.warnf("unreadable alert event skipped: %s", e.getMessage());
            return;
        }
        publish(new FeedEvent(ALERT_EVENT, json, alert.seriesKey()));
    }

    /** Snapshots and alerts arrive on two consumer threads; a processor's onNext must not be called concurrently. */
    private synchronized void publish(FeedEvent event) {
        events.onNext(event);
    }

    /**
     * Hot stream of snapshots and alerts as JSON, from the moment of subscription. An SSE connection asks for one event
     * at a time, as each write completes, while snapshots come in bursts (one per series at every punctuation): without
     * a buffer per subscriber the broadcast processor fails a subscriber that has no demand at that instant and the
     * client loses its stream. A client that falls {@value #SUBSCRIBER_BUFFER} events behind is cut off and reconnects.
     */
    public Multi<FeedEvent> stream() {
        return events.onOverflow().buffer(SUBSCRIBER_BUFFER);
    }

    static final int SUBSCRIBER_BUFFER = 4096;

    private void updateGauges(JsonNode snapshot) {
        String key = snapshot.path("seriesKey").asText(null);
        if (key == null) return;
        SeriesKey series = SeriesKey.parse(key);
        Tags base = Tags.of(Tag.of("series", key), Tag.of("model", series.model()), Tag.of("source", series.source()),
                Tag.of("variant", series.variant()), Tag.of("tenant", series.tenant()));
        for (Iterator<Map.Entry<String, JsonNode>> it = snapshot.path("windows").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> window = it.next();
            Tags tags = base.and("window", window.getKey());
            flatten("cpa_alignment", window.getValue(), tags, false);
            set("cpa_alignment_labelled_ratio", tags, labelledRatio(window.getValue()));
        }
        JsonNode delays = snapshot.path("labelDelays");
        set("cpa_alignment_label_delay_seconds", base.and("quantile", "0.5"), seconds(delays.path("medianMs")));
        set("cpa_alignment_label_delay_seconds", base.and("quantile", "0.95"), seconds(delays.path("p95Ms")));
        // diverged is there for every series (0 before any check), so that the alert rule on it always has a series
        JsonNode check = snapshot.path("accuracyCheck");
        if (check.isObject()) flatten("cpa_alignment_accuracy_check", check, base, false);
        String verdict = check.path("verdict").asText("");
        set("cpa_alignment_accuracy_estimate_diverged", base, verdict.equals("BELOW") || verdict.equals("ABOVE") ? 1 : 0);
    }

    /** Labelled answers (headline correctness) over the window's n; NaN for an empty window. */
    static double labelledRatio(JsonNode window) {
        long n = window.path("n").asLong(0);
        JsonNode labelled = window.path("labels").path("labelled");
        return n > 0 && labelled.isNumber() ? labelled.asDouble() / n : Double.NaN;
    }

    /** A delay metric of the snapshot in seconds; NaN when it has no number (no labels in the days it covers). */
    static double seconds(JsonNode metric) {
        return "OK".equals(metric.path("status").asText()) && metric.path("value").isNumber()
                ? metric.path("value").asDouble() / 1000 : Double.NaN;
    }

    /**
     * Numbers become gauges; a statistic whose status is not OK (insufficient n, undefined) shows NaN rather than
     * the zeros it carries, so that no dashboard plots a value that does not exist. Sample sizes stay numbers.
     */
    private void flatten(String prefix, JsonNode node, Tags tags, boolean notOk) {
        boolean hidden = notOk || (node.path("status").isTextual() && !"OK".equals(node.path("status").asText()));
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = prefix + "_" + snake(field.getKey());
            JsonNode v = field.getValue();
            boolean isCount = field.getKey().equals("n") || field.getKey().equals("correct");
            if (v.isNumber()) set(name, tags, hidden && !isCount ? Double.NaN : v.asDouble());
            else if (v.isNull()) set(name, tags, Double.NaN);
            else if (v.isObject()) flatten(name, v, tags, hidden);
        }
    }

    private void set(String name, Tags tags, double value) {
        GaugeId id = new GaugeId(name, tags);
        AtomicReference<Double> known = gauges.get(id);
        if (known != null) {
            known.set(value);
            return;
        }
        gauges.computeIfAbsent(id, k -> {
            AtomicReference<Double> holder = new AtomicReference<>(Double.NaN);
            registry.gauge(name, tags, holder, h -> h.get());
            return holder;
        }).set(value);
    }

    private static String snake(String camel) {
        String known = SNAKE.get(camel);
        if (known != null) return known;
        String snake = toSnake(camel);
        if (SNAKE.size() < SNAKE_BOUND) SNAKE.put(camel, snake);
        return snake;
    }

    private static String toSnake(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").replace('-', '_').toLowerCase(java.util.Locale.ROOT);
    }
}
