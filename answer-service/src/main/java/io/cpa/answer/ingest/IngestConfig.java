package io.cpa.answer.ingest;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "cpa.ingest")
public interface IngestConfig {
    /** largest request body, single or batch (413 above) */
    @WithDefault("1048576")
    int maxBodySize();

    /** answers in one batch at most (413 above) */
    @WithDefault("100")
    int maxBatch();

    /** source label when an answer names none */
    @WithDefault("ingest")
    String defaultSource();

    /** how long a request waits for the broker before answering 503 */
    @WithDefault("10s")
    Duration publishTimeout();
}
