package io.cpa.answer.model;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How answers are asked. Where they are asked (base URL, key, timeout per model name) is the routing table,
 * {@code cpa.routes.*} or the single-model {@code cpa.model.base-url / api-key / name / timeout}
 * (env CPA_MODEL_BASE_URL, CPA_MODEL_API_KEY, CPA_MODEL_NAME): see {@link io.cpa.route.ModelRoutes}.
 */
@ConfigMapping(prefix = "cpa.model")
public interface ModelConfig {
    /**
     * The single-model route's settings ({@code base-url}, {@code api-key}, {@code name}, {@code timeout}): read by
     * the routing table, declared here only so that the configuration knows the keys. Nothing else reads them.
     */
    java.util.Optional<String> baseUrl();

    java.util.Optional<String> apiKey();

    java.util.Optional<String> name();

    java.util.Optional<String> timeout();

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
