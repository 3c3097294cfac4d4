package io.cpa.answer.model;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** The model under test, reached through the OpenAI-compatible API. Env: CPA_MODEL_BASE_URL, CPA_MODEL_API_KEY, CPA_MODEL_NAME. */
@ConfigMapping(prefix = "cpa.model")
public interface ModelConfig {
    @WithDefault("http://127.0.0.1:8089/v1")
    String baseUrl();

    Optional<String> apiKey();

    @WithDefault("cpa-simulator")
    String name();

    @WithDefault("30s")
    Duration timeout();

    /** top-k alternatives asked per token; the paper used 5, OpenAI allows up to 20 */
    @WithDefault("5")
    int topLogprobs();

    /** temperature of the answer call; the paper used 0.2 */
    @WithDefault("0.2")
    double temperature();

    /** max tokens of the answer call: Algorithm 1 reads only the first token */
    @WithDefault("4")
    int maxTokens();
}
