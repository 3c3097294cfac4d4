package io.cpa.certainty.otel;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The OpenTelemetry output ({@code cpa.otel.*}). {@code enabled} also starts the OpenTelemetry SDK
 * ({@code quarkus.otel.sdk.disabled} follows it, see application.properties); where the records go is the Quarkus
 * OTLP exporter's configuration ({@code quarkus.otel.exporter.otlp.*}).
 */
@ConfigMapping(prefix = "cpa.otel")
public interface OtelConfig {
    /** emit gen_ai.evaluation.result log records for every certainty published (env CPA_OTEL_ENABLED) */
    @WithDefault("false")
    boolean enabled();

    /**
     * thresholds of the misalignment class on the {@code cpa.alignment_class} records; by default the analysis-service's
     * keys ({@code cpa.analysis.taxonomy.*}) when set here too, else the taxonomy's defaults
     */
    Taxonomy taxonomy();

    interface Taxonomy {
        @WithDefault("${cpa.analysis.taxonomy.ic-low:0.3}")
        double icLow();

        @WithDefault("${cpa.analysis.taxonomy.ic-high:0.7}")
        double icHigh();

        @WithDefault("${cpa.analysis.taxonomy.vc-low:0.3}")
        double vcLow();

        @WithDefault("${cpa.analysis.taxonomy.vc-high:0.7}")
        double vcHigh();

        @WithDefault("${cpa.analysis.taxonomy.discordance-gap:0.2}")
        double discordanceGap();
    }
}
