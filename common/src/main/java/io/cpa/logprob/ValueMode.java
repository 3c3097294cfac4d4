package io.cpa.logprob;

/** Which distribution the values come from, when the endpoint says or is known to use one. */
public enum ValueMode {
    /** the model's own distribution before temperature and truncation (vLLM default, llama.cpp) */
    RAW,
    /** after temperature / penalties */
    PROCESSED,
    /** after sampling truncation (llama.cpp {@code post_sampling_probs}) */
    POST_SAMPLING,
    UNKNOWN
}
