package io.cpa.certainty.service;

import io.cpa.certainty.plan.CertaintyPlan;
import io.cpa.client.ChatRequest;
import io.cpa.client.ModelCallException;
import io.cpa.client.RetryPolicy;
import io.cpa.route.CertaintyTarget;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Whether a certainty call asks for logprobs (for the probabilistic VC), and which targets are known to refuse them.
 * Plain code: the elicitor asks it for the request to send and tells it about a refusal.
 *
 * <p>A call asks for logprobs when asking is turned on, the variant has level tokens (not {@code numeric}) and the
 * target (route and model) has not refused them. A refusal is what the answer side treats as one
 * ({@link ModelCallException#refusesLogprobs()}: 400 or 403 naming logprobs, such as OpenAI's
 * {@code unsupported_parameter}); the target is then remembered and asked without logprobs from then on. The memory is
 * an LRU of at most {@code maxRefusals} targets: a target pushed out is probed once more, which costs one refused call.
 * Calls already in flight when the first refusal arrives each take their own refused attempt.
 */
final class LogprobAsking {
    private final boolean enabled;
    private final int topLogprobs;
    private final Map<String, Boolean> refusing;
    private final AtomicLong refusals = new AtomicLong();

    LogprobAsking(boolean enabled, int topLogprobs, int maxRefusals) {
        if (topLogprobs < 1 || topLogprobs > 20) {
            throw new IllegalArgumentException("cpa.certainty.logprobs.top-logprobs must be 1..20 (0 gives no alternatives to read): " + topLogprobs);
        }
        if (maxRefusals < 1) throw new IllegalArgumentException("cpa.certainty.logprobs.max-refusals must be at least 1: " + maxRefusals);
        this.enabled = enabled;
        this.topLogprobs = topLogprobs;
        this.refusing = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > maxRefusals;
            }
        };
    }

    /** The request to send: the planned one unchanged, or the same with logprobs. The prompt text never changes. */
    ChatRequest request(CertaintyTarget target, CertaintyPlan.Question question) {
        ChatRequest planned = question.request();
        if (!enabled || question.variant().numericScale() || refuses(target)) return planned;
        return planned.withLogprobs(topLogprobs);
    }

    boolean refuses(CertaintyTarget target) {
        synchronized (refusing) {
            // get, not containsKey: a hit counts as a use, so a refusing target still asked stays remembered
            return refusing.get(key(target)) != null;
        }
    }

    /**
     * Remembers the target when {@code error} is its refusal of logprobs it was asked for; true when it was, and the
     * call should be made again without them.
     */
    boolean refused(CertaintyTarget target, ChatRequest sent, Throwable error) {
        if (!sent.logprobs()) return false;
        if (!(RetryPolicy.unwrap(error) instanceof ModelCallException mce) || !mce.refusesLogprobs()) return false;
        synchronized (refusing) {
            refusing.put(key(target), Boolean.TRUE);
        }
        refusals.incrementAndGet();
        return true;
    }

    /** Targets remembered as refusing now (a metric). */
    int remembered() {
        synchronized (refusing) {
            return refusing.size();
        }
    }

    /** Refusals received so far (a metric). */
    long refusals() {
        return refusals.get();
    }

    // one model name may be served by different servers on different routes, so the route is part of the key
    private static String key(CertaintyTarget target) {
        return target.route().name() + '\n' + target.model();
    }
}
