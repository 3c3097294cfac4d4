package io.cpa.logprob;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/** Reads endpoint responses into the canonical {@link TokenLogprobs}. */
public final class LogprobParsers {
    private LogprobParsers() {}

    /** OpenAI chat completions: {@code choices[0].logprobs.content[]}. */
    public static TokenLogprobs openAiChat(JsonNode response) {
        JsonNode content = response.path("choices").path(0).path("logprobs").path("content");
        List<TokenLogprob> tokens = new ArrayList<>();
        int sentinels = 0;
        int topK = 0;
        for (JsonNode t : content) {
            Double lp = logprob(t.path("logprob"));
            if (lp == null) sentinels++;
            List<TopLogprob> tops = new ArrayList<>();
            for (JsonNode alt : t.path("top_logprobs")) {
                Double alp = logprob(alt.path("logprob"));
                if (alp == null) sentinels++;
                tops.add(new TopLogprob(alt.path("token").asText(), null, null, alp));
            }
            topK = Math.max(topK, tops.size());
            tokens.add(new TokenLogprob(t.path("token").asText(), null, null, lp, tops));
        }
        return new TokenLogprobs(EndpointKind.OPENAI_CHAT, ValueMode.UNKNOWN, tokens, sentinels, topK);
    }

    private static Double logprob(JsonNode n) {
        if (!n.isNumber()) return null;
        double v = n.asDouble();
        return v <= -9999.0 ? null : v;
    }
}
