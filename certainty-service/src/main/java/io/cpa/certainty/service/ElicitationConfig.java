package io.cpa.certainty.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How certainty is elicited. The model asked is the answering model by default (CPA_MODEL_*); a judge model can be
 * set instead with cpa.certainty.judge.* (env CPA_CERTAINTY_JUDGE_BASE_URL, ..._API_KEY, ..._NAME).
 */
@ConfigMapping(prefix = "cpa")
public interface ElicitationConfig {
    Model model();

    Certainty certainty();

    interface Model {
        @WithDefault("http://127.0.0.1:8089/v1")
        String baseUrl();

        Optional<String> apiKey();

        @WithDefault("cpa-simulator")
        String name();

        @WithDefault("30s")
        Duration timeout();
    }

    interface Certainty {
        /** prompt variants asked per answer: numeric, lsu, ttp-lsu, oc-lsu, cqp */
        @WithDefault("cqp")
        List<String> variants();

        /** temperature of the certainty call; the paper used 0.2 */
        @WithDefault("0.2")
        double temperature();

        @WithDefault("64")
        int maxTokens();

        @WithDefault("4")
        int maxAttempts();

        @WithDefault("200ms")
        Duration backoff();

        @WithDefault("10s")
        Duration maxBackoff();

        Optional<String> judgeBaseUrl();

        Optional<String> judgeApiKey();

        Optional<String> judgeName();
    }
}
