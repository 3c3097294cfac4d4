package io.cpa.stats;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

import java.io.IOException;

/**
 * The JSON of {@link Estimate}, {@link Metric} and {@link AccuracyEstimate}: a statistic that is not OK carries {@code null} in every number
 * (never the 0.0 the records hold so that no NaN exists in Java), so that no reader can take it for a value.
 */
final class StatisticJson {
    private StatisticJson() {}

    static final class EstimateSerializer extends StdSerializer<Estimate> {
        EstimateSerializer() {
            super(Estimate.class);
        }

        @Override
        public void serialize(Estimate e, JsonGenerator g, SerializerProvider p) throws IOException {
            g.writeStartObject();
            g.writeStringField("status", e.status().name());
            number(g, "value", e.ok(), e.value());
            g.writeNumberField("n", e.n());
            number(g, "pValue", e.ok(), e.pValue());
            number(g, "lower", e.ok(), e.lower());
            number(g, "upper", e.ok(), e.upper());
            g.writeEndObject();
        }
    }

    static final class MetricSerializer extends StdSerializer<Metric> {
        MetricSerializer() {
            super(Metric.class);
        }

        @Override
        public void serialize(Metric m, JsonGenerator g, SerializerProvider p) throws IOException {
            g.writeStartObject();
            g.writeStringField("status", m.status().name());
            number(g, "value", m.ok(), m.value());
            g.writeEndObject();
        }
    }

    static final class AccuracyEstimateSerializer extends StdSerializer<AccuracyEstimate> {
        AccuracyEstimateSerializer() {
            super(AccuracyEstimate.class);
        }

        @Override
        public void serialize(AccuracyEstimate e, JsonGenerator g, SerializerProvider p) throws IOException {
            g.writeStartObject();
            g.writeStringField("status", e.status().name());
            if (e.reason() == null) g.writeNullField("reason");
            else g.writeStringField("reason", e.reason());
            g.writeStringField("mapVersion", e.mapVersion());
            if (e.method() == null) g.writeNullField("method");
            else g.writeStringField("method", e.method().name());
            g.writeNumberField("n", e.n());
            number(g, "value", e.ok(), e.value());
            number(g, "lower", e.ok(), e.lower());
            number(g, "upper", e.ok(), e.upper());
            number(g, "standardError", e.ok(), e.standardError());
            number(g, "answerVariance", e.ok(), e.answerVariance());
            number(g, "mapVariance", e.ok(), e.mapVariance());
            g.writeEndObject();
        }
    }

    private static void number(JsonGenerator g, String field, boolean ok, double v) throws IOException {
        if (ok) g.writeNumberField(field, v);
        else g.writeNullField(field);
    }
}
