package io.cpa.route;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The API an upstream speaks, as named in configuration ({@code cpa.routes.<name>.kind}). */
public enum ApiKind {
    /** {@code POST /chat/completions}: OpenAI, vLLM, llama.cpp server, Ollama's {@code /v1}. */
    OPENAI_CHAT("openai-chat"),
    /** OpenAI's Responses API, {@code POST /responses}; chat completions also served. */
    OPENAI_RESPONSES("openai-responses"),
    /** Ollama, reached through its OpenAI-compatible {@code /v1}. */
    OLLAMA("ollama"),
    /** llama.cpp server, reached through its OpenAI-compatible {@code /v1}. */
    LLAMACPP("llamacpp");

    private final String configName;

    ApiKind(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    public static ApiKind byName(String name) {
        String n = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        for (ApiKind k : values()) {
            if (k.configName.equals(n)) return k;
        }
        throw new IllegalArgumentException("unknown API kind '" + name + "', valid: "
                + Arrays.stream(values()).map(ApiKind::configName).collect(Collectors.joining(", ")));
    }
}
