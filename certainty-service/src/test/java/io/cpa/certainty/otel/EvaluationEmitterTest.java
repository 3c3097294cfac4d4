package io.cpa.certainty.otel;

import io.cpa.certainty.CertaintyLevel;
import io.cpa.certainty.VerbalizedCertainty;
import io.cpa.event.CertaintyEvent;
import io.cpa.stats.TaxonomyThresholds;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.logs.LogRecordProcessor;
import io.opentelemetry.sdk.logs.ReadWriteLogRecord;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** The shell around the mapping, against the OpenTelemetry SDK with a processor that takes or refuses records. */
class EvaluationEmitterTest {
    static final AttributeKey<String> NAME = AttributeKey.stringKey(EvaluationRecords.EVALUATION_NAME);

    final List<LogRecordData> taken = new CopyOnWriteArrayList<>();
    final List<String> outcomes = new CopyOnWriteArrayList<>();
    final List<LogRecord> warnings = new CopyOnWriteArrayList<>();
    volatile String refuse = "";
    SdkLoggerProvider provider;
    java.util.logging.Logger jul = java.util.logging.Logger.getLogger(EvaluationEmitter.class.getName());
    Handler handler = new Handler() {
        @Override
        public void publish(LogRecord r) {
            if (r.getLevel().intValue() >= Level.WARNING.intValue()) warnings.add(r);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeEach
    void setUp() {
        provider = SdkLoggerProvider.builder().addLogRecordProcessor(new LogRecordProcessor() {
            @Override
            public void onEmit(Context context, ReadWriteLogRecord r) {
                LogRecordData d = r.toLogRecordData();
                if (refuse.equals(d.getAttributes().get(NAME))) throw new IllegalStateException("exporter queue refused");
                taken.add(d);
            }
        }).build();
        jul.addHandler(handler);
    }

    @AfterEach
    void tearDown() {
        jul.removeHandler(handler);
        provider.close();
    }

    EvaluationEmitter emitter(boolean enabled) {
        return new EvaluationEmitter(enabled, new EvaluationRecords(TaxonomyThresholds.DEFAULT),
                provider.loggerBuilder(EvaluationEmitter.SCOPE).build(), outcomes::add);
    }

    static CertaintyEvent certainty(String answerId) {
        return EvaluationRecordsTest.event(answerId, 0.9, VerbalizedCertainty.ofLevel(CertaintyLevel.FAIRLY_CERTAIN, "b"), null,
                "self", null);
    }

    @Test
    void eachRecordBecomesAnEventOfTheSdkWithItsNameTimestampSeverityBodyAndTypedAttributes() {
        emitter(true).emit(certainty("a1"));

        assertThat(taken).hasSize(3);
        assertThat(outcomes).containsExactly("emitted", "emitted", "emitted");
        LogRecordData ic = taken.get(0);
        assertThat(ic.getEventName()).isEqualTo("gen_ai.evaluation.result");
        assertThat(ic.getInstrumentationScopeInfo().getName()).isEqualTo("io.cpa.certainty");
        assertThat(ic.getTimestampEpochNanos()).isEqualTo(EvaluationRecordsTest.AT.getEpochSecond() * 1_000_000_000L);
        assertThat(ic.getSeverity()).isEqualTo(io.opentelemetry.api.logs.Severity.INFO);
        assertThat(ic.getBodyValue().asString()).isEqualTo("cpa.internal_confidence: 0.9");
        assertThat(ic.getAttributes().get(AttributeKey.doubleKey(EvaluationRecords.SCORE_VALUE))).isEqualTo(0.9);
        assertThat(ic.getAttributes().get(AttributeKey.stringKey(EvaluationRecords.ANSWER_ID))).isEqualTo("a1");
        assertThat(ic.getAttributes().size()).isEqualTo(new EvaluationRecords(TaxonomyThresholds.DEFAULT)
                .of(certainty("a1")).get(0).attributes().size());
        assertThat(taken).extracting(d -> d.getAttributes().get(NAME))
                .containsExactly("cpa.internal_confidence", "cpa.verbalized_certainty", "cpa.alignment_class");
    }

    @Test
    void aRefusedRecordIsCountedAndLoggedOnceAndTheOtherRecordsStillGo() {
        refuse = EvaluationRecords.VERBALIZED_CERTAINTY;
        EvaluationEmitter emitter = emitter(true);

        assertThatCode(() -> emitter.emit(certainty("a1"))).doesNotThrowAnyException();
        assertThatCode(() -> emitter.emit(certainty("a2"))).doesNotThrowAnyException();

        assertThat(taken).extracting(d -> d.getAttributes().get(NAME) + " " + d.getAttributes().get(AttributeKey.stringKey(EvaluationRecords.ANSWER_ID)))
                .containsExactly("cpa.internal_confidence a1", "cpa.alignment_class a1", "cpa.internal_confidence a2", "cpa.alignment_class a2");
        assertThat(outcomes).containsExactly("emitted", "failed", "emitted", "emitted", "failed", "emitted");
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0).getThrown()).hasMessage("exporter queue refused");
    }

    @Test
    void offItMapsAndEmitsNothing() {
        emitter(false).emit(certainty("a1"));

        assertThat(taken).isEmpty();
        assertThat(outcomes).isEmpty();
    }
}
