package io.cpa.answer.otlp;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "cpa.otlp")
public interface OtlpConfig {
    /** largest request body as sent, compressed or not (413 above) */
    @WithDefault("4194304")
    int maxBodySize();

    /** largest request body once a gzip body is inflated (413 above; never inflated further) */
    @WithDefault("16777216")
    int maxDecodedSize();

    /**
     * export requests read at once at most (429 with Retry-After beyond, before the body is read): with
     * {@code max-decoded-size} it bounds the memory of the endpoint
     */
    @WithDefault("2")
    int maxInFlight();

    /** source label when the resource names no service, or {@code source-from-service-name} is off */
    @WithDefault("otel")
    String defaultSource();

    /** the resource's {@code service.name} is the series source */
    @WithDefault("true")
    boolean sourceFromServiceName();

    /** how long a request waits for the broker before answering 503 (the exporter retries) */
    @WithDefault("10s")
    Duration publishTimeout();
}
