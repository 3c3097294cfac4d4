package io.cpa.logprob;

/** The response shapes the product reads logprobs from (see docs: endpoints). */
public enum EndpointKind {
    OPENAI_CHAT,
    OPENAI_CHAT_STREAM,
    OPENAI_COMPLETIONS,
    LLAMACPP_COMPLETION,
    OLLAMA_NATIVE,
    UNKNOWN
}
