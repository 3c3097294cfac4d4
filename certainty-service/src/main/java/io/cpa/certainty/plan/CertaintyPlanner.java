package io.cpa.certainty.plan;

import io.cpa.client.ChatRequest;
import io.cpa.event.AnswerEvent;
import io.cpa.event.SkipEvent;
import io.cpa.prompt.AnswerQuote;
import io.cpa.prompt.CertaintyPromptVariant;
import io.cpa.question.ChoiceOption;
import io.cpa.route.CertaintyTarget;
import io.cpa.route.ModelRoutes;

import java.util.List;
import java.util.Optional;

/**
 * The rules that decide, for one answer, which certainty prompts are asked of whom (the method's rules for
 * production traffic), as a plain function:
 *
 * <ol>
 *   <li>The variants are the answer's own (a study names them) or the configured ones; an answer without options is
 *       asked each variant's counterpart without options ({@code cqp} -> {@code ttp-lsu}, {@code oc-lsu} ->
 *       {@code lsu}), and its series is labelled with the variant asked.</li>
 *   <li>A reply without answer text (only tool calls, a refusal, empty or filtered content) is skipped with that
 *       reason; so is an answer with no question to quote, and one whose text was withheld ({@code none}) and
 *       not opened here ({@code text-withheld}).</li>
 *   <li>The certainty is asked of the answer's own model on its route, or of the judge the table names; a model
 *       without a route is skipped ({@code no-route}), and so is one whose route carries only its callers' own
 *       credentials ({@code no-credentials}): it is never asked of another model instead.</li>
 *   <li>The answer is quoted up to {@code maxQuotedChars}, then cut with a marker.</li>
 * </ol>
 *
 * An unknown variant name on the answer is an {@link IllegalArgumentException} naming the field (a dead letter).
 */
public final class CertaintyPlanner {
    private final ModelRoutes routes;
    private final List<CertaintyPromptVariant> configured;
    private final double temperature;
    private final int maxTokens;
    private final int maxQuotedChars;

    public CertaintyPlanner(ModelRoutes routes, List<CertaintyPromptVariant> configured, double temperature, int maxTokens,
                            int maxQuotedChars) {
        if (configured.isEmpty()) throw new IllegalArgumentException("cpa.certainty.variants: no variant configured");
        this.routes = routes;
        this.configured = List.copyOf(configured);
        this.temperature = temperature;
        this.maxTokens = maxTokens;
        this.maxQuotedChars = maxQuotedChars;
    }

    public int maxTokens() {
        return maxTokens;
    }

    public CertaintyPlan plan(AnswerEvent answer) {
        List<CertaintyPromptVariant> variants = variantsFor(answer);
        // text withheld (policy none) and not opened here: nothing to quote (a reply that had no text says so first)
        if (answer.noTextReason() == null && answer.redaction() != null && answer.redaction().withheld()) {
            return new CertaintyPlan.Skip(SkipEvent.TEXT_WITHHELD, variants);
        }
        String noText = noTextReason(answer);
        if (noText != null) return new CertaintyPlan.Skip(noText, variants);
        if (answer.question().isBlank()) return new CertaintyPlan.Skip(SkipEvent.NO_QUESTION, variants);
        Optional<CertaintyTarget> target = routes.certaintyTarget(answer.model(), answer.route());
        if (target.isEmpty()) return new CertaintyPlan.Skip(SkipEvent.NO_ROUTE, variants);
        if (!target.get().route().hasOwnCredentials()) return new CertaintyPlan.Skip(SkipEvent.NO_CREDENTIALS, variants);
        AnswerQuote quote = AnswerQuote.of(quotedAnswer(answer), maxQuotedChars);
        double t = temperatureFor(answer);
        List<CertaintyPlan.Question> questions = variants.stream().map(v -> new CertaintyPlan.Question(v,
                // a fresh conversation: the model must not see its own answer turn, only the quoted answer
                ChatRequest.user(v.render(answer.question(), answer.options(), quote.text()), t, false, null, maxTokens),
                quote.cut())).toList();
        return new CertaintyPlan.Ask(target.get(), questions);
    }

    /** The temperature the certainty calls of this answer use. */
    public double temperatureFor(AnswerEvent answer) {
        return answer.certaintyTemperature() == null ? temperature : answer.certaintyTemperature();
    }

    /** The variants asked for this answer, after the no-options rule, in order and without repeats. */
    public List<CertaintyPromptVariant> variantsFor(AnswerEvent answer) {
        List<CertaintyPromptVariant> named;
        if (answer.certaintyVariants() == null) {
            named = configured;
        } else {
            try {
                named = answer.certaintyVariants().stream().map(String::strip).map(CertaintyPromptVariant::byName).toList();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("field certaintyVariants: " + e.getMessage(), e);
            }
            if (named.isEmpty()) throw new IllegalArgumentException("field certaintyVariants: empty");
        }
        return answer.multipleChoice() ? named.stream().distinct().toList()
                : named.stream().map(CertaintyPromptVariant::withoutOptions).distinct().toList();
    }

    /** Why the answer has nothing to be certain about, or null when it has. */
    static String noTextReason(AnswerEvent answer) {
        if (answer.noTextReason() != null) return answer.noTextReason();
        boolean noText = answer.answerText() == null || answer.answerText().isBlank();
        return noText && answer.chosenOption() == null ? SkipEvent.EMPTY : null;
    }

    /** The model's answer as the prompt quotes it: {@code B. a library} for a chosen option, else the free text. */
    static String quotedAnswer(AnswerEvent answer) {
        if (answer.chosenOption() != null) {
            for (ChoiceOption o : answer.options()) {
                if (o.label().equals(answer.chosenOption())) return o.label() + ". " + o.text();
            }
        }
        return answer.answerText() == null ? "" : answer.answerText().strip();
    }
}
