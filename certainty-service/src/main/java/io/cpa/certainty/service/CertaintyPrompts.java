package io.cpa.certainty.service;

import io.cpa.certainty.CertaintyParser;
import io.cpa.certainty.VerbalizedCertainty;
import io.cpa.client.ChatRequest;
import io.cpa.client.ChatResponse;
import io.cpa.event.AnswerEvent;
import io.cpa.event.CertaintyEvent;
import io.cpa.event.SeriesKey;
import io.cpa.prompt.CertaintyPromptVariant;
import io.cpa.question.ChoiceOption;

import java.time.Instant;

/** The certainty call for one answer and variant, and the event its reply becomes. Plain functions, no I/O. */
public final class CertaintyPrompts {
    private CertaintyPrompts() {}

    /** The model's answer as the certainty prompt quotes it: {@code B. a library}, or the free text. */
    static String quotedAnswer(AnswerEvent answer) {
        if (answer.chosenOption() != null) {
            for (ChoiceOption o : answer.options()) {
                if (o.label().equals(answer.chosenOption())) return o.label() + ". " + o.text();
            }
        }
        return answer.answerText() == null ? "" : answer.answerText().strip();
    }

    public static ChatRequest request(AnswerEvent answer, CertaintyPromptVariant variant, double temperature, int maxTokens) {
        String prompt = variant.render(answer.question(), answer.options(), quotedAnswer(answer));
        // a fresh conversation: the model must not see its own answer turn, only the quoted answer
        return ChatRequest.user(prompt, temperature, false, null, maxTokens);
    }

    public static CertaintyEvent event(AnswerEvent answer, CertaintyPromptVariant variant, ChatResponse reply,
                                       double temperature, Instant receivedAt) {
        VerbalizedCertainty vc = CertaintyParser.parse(reply.content(), variant);
        SeriesKey series = new SeriesKey(answer.model(), answer.source(), variant.promptName());
        String aggregator = answer.confidence().aggregator() + "@" + answer.confidence().version();
        return new CertaintyEvent(CertaintyEvent.SCHEMA_VERSION, answer.answerId(), series.key(), answer.model(),
                answer.source(), variant.promptName(), answer.sequence(), answer.createdAt(), receivedAt,
                answer.confidence().value(), aggregator, answer.chosenOption(), answer.goldLabel(), answer.correct(), vc,
                temperature, reply.latencyMs(), reply.promptTokens(), reply.completionTokens(), answer.runId(),
                answer.questionId());
    }
}
