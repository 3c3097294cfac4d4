package io.cpa.confidence;

/** Where an answer's IC came from. {@code NONE}: the endpoint gave no logprobs (refused or not asked), so no IC exists. */
public enum ConfidenceSource { LOGPROBS, NONE }
