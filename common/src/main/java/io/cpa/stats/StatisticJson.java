package io.cpa.stats;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

import java.io.IOException;

/**
 * The JSON of {@link Estimate} and {@link Metric}: a statistic that is not OK carries {@code null} in every number
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

    private static void number(JsonGenerator g, String field, boolean ok, double v) throws IOException {
        if (ok) g.writeNumberField(field, v);
        else g.writeNullField(field);
    }
}
