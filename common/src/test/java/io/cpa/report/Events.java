package io.cpa.report;

import io.cpa.certainty.CertaintyLevel;
import io.cpa.certainty.ParseStatus;
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

    static CertaintyEvent event(String model, String dataset, String variant, double temperature, String answerId, Double ic,
                                VerbalizedCertainty vc, Boolean correct) {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        return new CertaintyEvent(CertaintyEvent.SCHEMA_VERSION, answerId, new SeriesKey(model, dataset, variant).key(), model,
                dataset, variant, ++sequence, t, t, ic, "option-ratio@1", "A", correct == null ? null : "A", correct, vc,
                temperature, 5, null, null, "study-1", "q-" + answerId);
    }
}
