package io.cpa.certainty.service;

import io.cpa.certainty.CertaintyParser;
import io.cpa.certainty.ProbabilisticVcReader;
import io.cpa.certainty.VerbalizedCertainty;
import io.cpa.certainty.plan.CertaintyPlan;
import io.cpa.client.ChatResponse;
import io.cpa.event.AnswerEvent;
import io.cpa.event.CertaintyEvent;
import io.cpa.event.SeriesKey;
import io.cpa.event.SkipEvent;
import io.cpa.prompt.CertaintyPromptVariant;
import io.cpa.route.CertaintyTarget;

import java.time.Instant;

/** The events an answer's outcome becomes: a certainty per variant asked, or a skip per variant. Plain functions. */
public final class CertaintyPrompts {
    private CertaintyPrompts() {}

    /**
     * The certainty of one reply: the parsed VC from its text, and beside it the probabilistic VC from its logprobs
     * (or why there is none; {@link ProbabilisticVcReader}).
     *
     * @param logprobsAsked whether the call that got this reply asked for logprobs
     */
    public static CertaintyEvent event(AnswerEvent answer, CertaintyTarget target, CertaintyPlan.Question question,
                                       ChatResponse reply, boolean logprobsAsked, double temperature, Instant receivedAt) {
        CertaintyPromptVariant variant = question.variant();
        VerbalizedCertainty vc = CertaintyParser.parse(reply.content(), variant);
        ProbabilisticVcReader.Reading pvc = ProbabilisticVcReader.read(variant, logprobsAsked, reply.body());
        String aggregator = answer.confidence().aggregator() + "@" + answer.confidence().version();
        return new CertaintyEvent(CertaintyEvent.SCHEMA_VERSION, answer.answerId(), seriesKey(answer, variant), answer.model(),
                answer.source(), variant.promptName(), answer.sequence(), answer.createdAt(), receivedAt,
                answer.confidence().value(), aggregator, answer.chosenOption(), answer.goldLabel(), answer.correct(), vc,
                temperature, reply.latencyMs(), reply.promptTokens(), reply.completionTokens(), answer.runId(),
                answer.questionId(), target.route().name(), target.model(), target.by(), question.quoteCut() ? Boolean.TRUE : null,
                pvc.pvc(), pvc.absent());
    }

    public static SkipEvent skip(AnswerEvent answer, CertaintyPromptVariant variant, String reason, Instant at) {
        return new SkipEvent(SkipEvent.SCHEMA_VERSION, answer.answerId(), seriesKey(answer, variant), answer.model(),
                answer.source(), variant.promptName(), answer.route(), reason, answer.createdAt(), at);
    }

    static String seriesKey(AnswerEvent answer, CertaintyPromptVariant variant) {
        return new SeriesKey(answer.model(), answer.source(), variant.promptName(), answer.tenant()).key();
    }
}
