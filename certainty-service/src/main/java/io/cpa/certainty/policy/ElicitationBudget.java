package io.cpa.certainty.policy;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Requests and tokens per minute per model, as two token buckets each. Labelled answers may spend the whole
 * bucket; unlabelled ones only what lies above a reserve ({@code labelledReserve} of the capacity), so labelled
 * answers get the budget first when it runs short. Tokens are estimated before the call and settled with the
 * reported usage after it. A limit of 0 means unlimited.
 */
public final class ElicitationBudget {
    private final long requestsPerMinute;
    private final long tokensPerMinute;
    private final double labelledReserve;
    private final LongSupplier nanoClock;
    private final Map<String, TokenBucket> requests = new ConcurrentHashMap<>();
    private final Map<String, TokenBucket> tokens = new ConcurrentHashMap<>();

    public ElicitationBudget(long requestsPerMinute, long tokensPerMinute, double labelledReserve, LongSupplier nanoClock) {
        if (requestsPerMinute < 0 || tokensPerMinute < 0) throw new IllegalArgumentException("budgets must not be negative");
        if (!(labelledReserve >= 0 && labelledReserve < 1)) {
            throw new IllegalArgumentException("labelled-reserve must be in [0, 1): " + labelledReserve);
        }
        this.requestsPerMinute = requestsPerMinute;
        this.tokensPerMinute = tokensPerMinute;
        this.labelledReserve = labelledReserve;
        this.nanoClock = nanoClock;
    }

    /**
     * Reserves one request and {@code estimatedTokens} for a call to {@code model}, or says which budget is short.
     * Nothing is taken when the answer is refused.
     */
    public Decision reserve(String model, boolean labelled, double estimatedTokens) {
        TokenBucket req = requestsPerMinute == 0 ? null
                : requests.computeIfAbsent(model, m -> new TokenBucket(requestsPerMinute, nanoClock));
        TokenBucket tok = tokensPerMinute == 0 ? null
                : tokens.computeIfAbsent(model, m -> new TokenBucket(tokensPerMinute, nanoClock));
        if (req != null && !req.tryTake(1, labelled ? 0 : labelledReserve * req.capacity())) {
            return Decision.skip(Decision.REQUEST_BUDGET);
        }
        if (tok != null && !tok.tryTake(estimatedTokens, labelled ? 0 : labelledReserve * tok.capacity())) {
            if (req != null) req.adjust(-1);
            return Decision.skip(Decision.TOKEN_BUDGET);
        }
        return Decision.elicit(tok == null ? 0 : estimatedTokens);
    }

    /** Whether tokens are budgeted at all (else no estimate is needed). */
    public boolean limitsTokens() {
        return tokensPerMinute > 0;
    }

    /** After the call: charges the difference between the tokens used and the tokens reserved. */
    public void settle(String model, double reservedTokens, double usedTokens) {
        if (tokensPerMinute == 0) return;
        TokenBucket tok = tokens.get(model);
        if (tok != null) tok.adjust(usedTokens - reservedTokens);
    }

    /** Gives a reservation back (the call was never made). */
    public void cancel(String model, double reservedTokens) {
        if (requestsPerMinute > 0 && requests.containsKey(model)) requests.get(model).adjust(-1);
        if (tokensPerMinute > 0 && tokens.containsKey(model)) tokens.get(model).adjust(-reservedTokens);
    }
}
