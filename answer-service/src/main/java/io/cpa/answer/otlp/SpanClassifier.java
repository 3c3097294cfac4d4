package io.cpa.answer.otlp;

import java.util.Locale;
import java.util.Set;

/**
 * Which spans are LLM calls cpa makes answers of. Plain functions.
 * <ul>
 *   <li><b>OpenInference</b>: {@code openinference.span.kind = LLM}; other kinds (CHAIN, TOOL, AGENT, RETRIEVER,
 *       EMBEDDING, ...) are ignored as {@code openinference-not-llm}.</li>
 *   <li><b>GenAI semantic conventions</b>: {@code gen_ai.operation.name} one of {@code chat}, {@code text_completion},
 *       {@code generate_content}; other operations (embeddings, tools, agents) are ignored as
 *       {@code gen-ai-not-completion}. Without {@code gen_ai.operation.name}, OpenLLMetry's older
 *       {@code llm.request.type} ({@code chat}, {@code completion}) beside a {@code gen_ai.*} model counts too.</li>
 *   <li>A span of both conventions is read as OpenInference (its {@code output.value} can carry logprobs).</li>
 *   <li>Anything else is ignored as {@code not-llm}; an LLM call whose status is ERROR as {@code error-status} (the
 *       call failed: no answer, as the proxy publishes nothing for an upstream error); an LLM call without any
 *       output attribute (outputs hidden by the instrumentation) as {@code no-output}.</li>
 * </ul>
 */
public final class SpanClassifier {
    public enum Convention {
        OPENINFERENCE("openinference"), GEN_AI("gen-ai");

        public final String tag;

        Convention(String tag) {
            this.tag = tag;
        }
    }

    /** Every reason a span is ignored: the values of the metric's {@code reason} tag. */
    public static final Set<String> IGNORE_REASONS = Set.of("openinference-not-llm", "gen-ai-not-completion", "not-llm",
            "error-status", "no-output");
    static final Set<String> GEN_AI_OPERATIONS = Set.of("chat", "text_completion", "generate_content");

    public sealed interface Verdict {}

    public record Llm(Convention convention) implements Verdict {}

    public record Ignored(String reason) implements Verdict {}

    private SpanClassifier() {}

    public static Verdict classify(OtlpSpan span) {
        String kind = span.string("openinference.span.kind");
        Convention convention;
        if (kind != null) {
            if (!kind.strip().toUpperCase(Locale.ROOT).equals("LLM")) return new Ignored("openinference-not-llm");
            convention = Convention.OPENINFERENCE;
        } else {
            String op = span.string("gen_ai.operation.name");
            if (op != null) {
                if (!GEN_AI_OPERATIONS.contains(op.strip().toLowerCase(Locale.ROOT))) return new Ignored("gen-ai-not-completion");
                convention = Convention.GEN_AI;
            } else {
                String legacy = span.string("llm.request.type");
                boolean model = span.string("gen_ai.request.model") != null || span.string("gen_ai.response.model") != null;
                if (!model || legacy == null) return new Ignored("not-llm");
                if (!Set.of("chat", "completion").contains(legacy.strip().toLowerCase(Locale.ROOT))) return new Ignored("gen-ai-not-completion");
                convention = Convention.GEN_AI;
            }
        }
        if (span.statusCode() == OtlpSpan.STATUS_ERROR) return new Ignored("error-status");
        boolean output = convention == Convention.OPENINFERENCE
                ? span.attributes().get("output.value") != null || hasPrefix(span, "llm.output_messages.")
                : span.attributes().get("gen_ai.output.messages") != null || hasPrefix(span, "gen_ai.completion.");
        return output ? new Llm(convention) : new Ignored("no-output");
    }

    static boolean hasPrefix(OtlpSpan span, String prefix) {
        for (String key : span.attributes().keySet()) if (key.startsWith(prefix)) return true;
        return false;
    }
}
