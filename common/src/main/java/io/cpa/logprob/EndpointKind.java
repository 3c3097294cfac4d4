package io.cpa.logprob;

/** The response shapes the product reads logprobs from (see docs/endpoints.md). */
public enum EndpointKind {
    OPENAI_CHAT,
    OPENAI_CHAT_STREAM,
    OPENAI_COMPLETIONS,
    /** OpenAI Responses API, {@code POST /v1/responses}: {@code object = "response"} */
    OPENAI_RESPONSES,
    /** one server-sent event of a streamed Responses reply: {@code type = "response.*"} */
    OPENAI_RESPONSES_STREAM,
    LLAMACPP_COMPLETION,
    OLLAMA_NATIVE,
    UNKNOWN
}
