package io.cpa.answer.model;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which models refuse logprobs. OpenAI's reasoning models and the gpt-5 family answer 400/403 to a logprobs request;
 * once one has, it is asked without logprobs from then on and its answers are published with
 * {@code confidenceSource = NONE} instead of failing or carrying a made-up IC. Shared by every entrance.
 */
@ApplicationScoped
public class LogprobCapability {
    private final Set<String> refusing = ConcurrentHashMap.newKeySet();

    public boolean refuses(String model) {
        return refusing.contains(model);
    }

    public void rememberRefusal(String model) {
        refusing.add(model);
    }

    public Set<String> refusingModels() {
        return Set.copyOf(refusing);
    }
}
