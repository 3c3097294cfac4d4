/**
 * The prompts of the method: {@link io.cpa.prompt.AnswerPrompt} (the multiple-choice answer prompt whose first
 * generated token Algorithm 1 reads) and {@link io.cpa.prompt.CertaintyPromptVariant} (the certainty prompts: the
 * paper's CQP and its ablations {@code numeric}, {@code lsu}, {@code ttp-lsu}, {@code oc-lsu}; the exact texts are
 * in the enum's documentation and constants).
 */
package io.cpa.prompt;
