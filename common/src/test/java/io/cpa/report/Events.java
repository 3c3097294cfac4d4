package io.cpa.report;

import io.cpa.certainty.CertaintyLevel;
import io.cpa.certainty.ParseStatus;
import io.cpa.certainty.ProbabilisticVc;
import io.cpa.certainty.VerbalizedCertainty;
import io.cpa.event.CertaintyEvent;
import io.cpa.event.SeriesKey;

import java.time.Instant;

/** Builds certainty events for report tests; the sequence number orders them. */
final class Events {
    private static long sequence;

    private Events() {}

    static CertaintyEvent ok(String model, String dataset, String variant, double temperature, String answerId,
                             Double ic, double vc, Boolean correct) {
        return event(model, dataset, variant, temperature, answerId, ic,
                VerbalizedCertainty.ofLevel(CertaintyLevel.ofValue(vc), CertaintyLevel.ofValue(vc).letter() + ". "
                        + CertaintyLevel.ofValue(vc).phrase()), correct);
    }

    static CertaintyEvent failed(String model, String dataset, String variant, double temperature, String answerId,
                                 Double ic, ParseStatus status, String raw) {
        return event(model, dataset, variant, temperature, answerId, ic, VerbalizedCertainty.failed(status, raw), null);
    }

    /** The same event carrying a probabilistic VC of these level masses (by rank, 0 very uncertain ... 5 very certain). */
    static CertaintyEvent withPvc(CertaintyEvent e, double... massByRank) {
        return copy(e, ProbabilisticVc.ofMasses(massByRank), null);
    }

    /** The same event without a probabilistic VC, for this reason (null: as written before the signal existed). */
    static CertaintyEvent withoutPvc(CertaintyEvent e, String reason) {
        return copy(e, null, reason);
    }

    private static CertaintyEvent copy(CertaintyEvent e, ProbabilisticVc pvc, String absent) {
        return new CertaintyEvent(e.schemaVersion(), e.answerId(), e.seriesKey(), e.model(), e.source(), e.variant(), e.sequence(),
                e.answeredAt(), e.certaintyAt(), e.ic(), e.icAggregator(), e.chosenOption(), e.goldLabel(), e.correct(),
                e.certainty(), e.temperature(), e.latencyMs(), e.promptTokens(), e.completionTokens(), e.runId(),
                e.questionId(), e.route(), e.certaintyModel(), e.certaintyBy(), e.quoteCut(), pvc, absent);
    }

    static CertaintyEvent event(String model, String dataset, String variant, double temperature, String answerId, Double ic,
                                VerbalizedCertainty vc, Boolean correct) {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        return new CertaintyEvent(CertaintyEvent.SCHEMA_VERSION, answerId, new SeriesKey(model, dataset, variant).key(), model,
                dataset, variant, ++sequence, t, t, ic, "option-ratio@1", "A", correct == null ? null : "A", correct, vc,
                temperature, 5, null, null, "study-1", "q-" + answerId);
    }
}
