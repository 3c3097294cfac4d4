package io.cpa.certainty.otel;

import io.cpa.certainty.service.CertaintyMetrics;
import io.cpa.event.CertaintyEvent;
import io.cpa.stats.TaxonomyThresholds;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.logs.LogRecordBuilder;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.logs.Severity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Emits the {@link EvaluationRecords} of each published certainty as OpenTelemetry log records, through the Logs API
 * of the {@link OpenTelemetry} Quarkus configures (its batch processor and OTLP exporter). Off unless
 * {@code cpa.otel.enabled}: then nothing is mapped and the SDK is not started.
 * <p>
 * It never fails or blocks the publication: emitting only puts the record on the batch processor's bounded queue
 * ({@code quarkus.otel.blrp.max.queue.size}; a full queue drops records, the SDK's own behaviour), and any exception
 * while mapping or emitting is caught, counted ({@code cpa_certainty_otel_records_total{outcome="failed"}}) and logged
 * once (later ones at debug), and does not stop the other records of the certainty or later certainties. Records the
 * exporter then fails to send are logged by the exporter.
 */
@ApplicationScoped
public class EvaluationEmitter {
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(EvaluationEmitter.class);
    /** the instrumentation scope of the records */
    public static final String SCOPE = "io.cpa.certainty";

    private final boolean enabled;
    private final EvaluationRecords records;
    private final Logger logger;
    private final Consumer<String> outcomes;
    private final AtomicBoolean failureLogged = new AtomicBoolean();

    @Inject
    EvaluationEmitter(OtelConfig config, Instance<OpenTelemetry> openTelemetry, CertaintyMetrics metrics) {
        // the logger is looked up only when on; off, the SDK Quarkus builds is disabled (no processor, no exporter)
        this(config.enabled(), new EvaluationRecords(thresholds(config.taxonomy())),
                config.enabled() ? openTelemetry.get().getLogsBridge().loggerBuilder(SCOPE).build() : null,
                metrics::otelRecords);
    }

    /**
     * @param logger   where records go; may be null when not enabled
     * @param outcomes told {@code emitted} or {@code failed} once per record
     */
    EvaluationEmitter(boolean enabled, EvaluationRecords records, Logger logger, Consumer<String> outcomes) {
        this.enabled = enabled;
        this.records = records;
        this.logger = logger;
        this.outcomes = outcomes;
    }

    private static TaxonomyThresholds thresholds(OtelConfig.Taxonomy t) {
        return new TaxonomyThresholds(t.icLow(), t.icHigh(), t.vcLow(), t.vcHigh(), t.discordanceGap());
    }

    public boolean enabled() {
        return enabled;
    }

    /** The records of one published certainty, emitted; never throws. */
    public void emit(CertaintyEvent event) {
        if (!enabled) return;
        List<EvaluationRecord> out;
        try {
            out = records.of(event);
        } catch (RuntimeException e) {
            failed(e, event);
            return;
        }
        for (EvaluationRecord r : out) {
            try {
                emit(r);
                outcomes.accept("emitted");
            } catch (RuntimeException | LinkageError e) {
                failed(e, event);
            }
        }
    }

    private void emit(EvaluationRecord r) {
        LogRecordBuilder b = logger.logRecordBuilder().setEventName(r.eventName()).setSeverity(Severity.INFO)
                .setSeverityText("INFO").setBody(r.body());
        if (r.timestamp() != null) b.setTimestamp(r.timestamp());
        for (Map.Entry<String, Object> a : r.attributes().entrySet()) {
            Object v = a.getValue();
            if (v instanceof String s) b.setAttribute(AttributeKey.stringKey(a.getKey()), s);
            else if (v instanceof Double d) b.setAttribute(AttributeKey.doubleKey(a.getKey()), d);
            else if (v instanceof Long l) b.setAttribute(AttributeKey.longKey(a.getKey()), l);
            else if (v instanceof Boolean x) b.setAttribute(AttributeKey.booleanKey(a.getKey()), x);
        }
        b.emit();
    }

    private void failed(Throwable e, CertaintyEvent event) {
        outcomes.accept("failed");
        if (failureLogged.compareAndSet(false, true)) {
            LOG.warnf(e, "could not emit an OpenTelemetry evaluation record (answer %s); later failures are counted in "
                    + "cpa_certainty_otel_records_total{outcome=\"failed\"} and logged at debug", event.answerId());
        } else {
            LOG.debugf(e, "could not emit an OpenTelemetry evaluation record (answer %s)", event.answerId());
        }
    }
}
