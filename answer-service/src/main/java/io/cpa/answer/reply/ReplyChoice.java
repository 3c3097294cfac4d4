package io.cpa.answer.reply;

import io.cpa.logprob.TokenLogprobs;

/**
 * One answer a reply holds: a choice of a chat reply (several with {@code n > 1}), or the whole Responses reply.
 *
 * @param index            the choice index, null for a reply that has no choices (Responses)
 * @param text             the answer text, possibly empty, never null
 * @param noTextReason     {@code tool-calls}, {@code refusal}, {@code empty}, {@code filtered}, or null when there is text
 * @param finishReason     {@code stop}, {@code length}, {@code content_filter}, {@code tool_calls} ... as the reply said, else null
 * @param logprobs         the token logprobs of this answer, or null when they could not be read
 * @param noLogprobsReason why there are none, when {@code logprobs} is null or empty
 */
public record ReplyChoice(Integer index, String text, String noTextReason, String finishReason, TokenLogprobs logprobs,
                          String noLogprobsReason) {
}
