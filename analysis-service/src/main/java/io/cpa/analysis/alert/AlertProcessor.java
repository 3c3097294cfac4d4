package io.cpa.analysis.alert;

import io.cpa.alert.AlertEngine;
import io.cpa.alert.SeriesAlertState;
import io.cpa.analysis.stores.StoreNames;
import io.cpa.event.AlertEvent;
import io.cpa.event.AlignmentSnapshot;
import io.cpa.event.EventJson;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jboss.logging.Logger;

/**
 * Runs each snapshot through the {@link AlertEngine} with the series' alert state from the {@code series-alerts} store
 * and forwards the alert events (JSON, keyed by series) to cpa.alerts. The state and the events commit in the same
 * exactly-once transaction as the snapshot, so a crash neither loses an alert nor opens one twice. The state is only
 * written when it changed: most snapshots change nothing.
 */
final class AlertProcessor implements Processor<String, AlignmentSnapshot, String, String> {
    private static final Logger LOG = Logger.getLogger(AlertProcessor.class);
    private final AlertEngine engine;
    private ProcessorContext<String, String> context;
    private KeyValueStore<String, String> store;

    AlertProcessor(AlertEngine engine) {
        this.engine = engine;
    }

    @Override
    public void init(ProcessorContext<String, String> context) {
        this.context = context;
        this.store = context.getStateStore(StoreNames.ALERTS);
    }

    @Override
    public void process(Record<String, AlignmentSnapshot> record) {
        // the rules judge the paced snapshots only: their cadence, and so the alerts, do not depend on the publish interval
        if (AlignmentSnapshot.isFresh(record.headers())) return;
        String key = record.key();
        SeriesAlertState previous = read(key);
        AlertEngine.Outcome outcome;
        try {
            outcome = engine.evaluate(previous, record.value());
        } catch (RuntimeException e) {
            // one snapshot the rules cannot judge must not stop the topology; the next one is judged again
            LOG.errorf(e, "alert rules failed on the snapshot of %s at %d answers", key, record.value().received());
            return;
        }
        if (!outcome.state().equals(previous)) store.put(key, outcome.state().toJson());
        for (AlertEvent e : outcome.events()) {
            context.forward(new Record<>(key, EventJson.write(e), record.timestamp()));
        }
    }

    private SeriesAlertState read(String key) {
        String json = store.get(key);
        if (json == null) return null;
        try {
            return SeriesAlertState.fromJson(json);
        } catch (IllegalArgumentException e) {
            LOG.errorf("alert state of %s is unreadable, starting it again: %s", key, e.getMessage());
            return null;
        }
    }
}
