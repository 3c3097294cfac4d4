package io.cpa.e2e;

import io.cpa.certainty.CertaintyLevel;
import io.cpa.certainty.ParseStatus;
import io.cpa.certainty.VerbalizedCertainty;
import io.cpa.event.CertaintyEvent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** A fixed, seeded stream of certainty events over several series, with ties, parse failures and labels. */
final class CertaintyStream {
    private CertaintyStream() {}

    static List<CertaintyEvent> generate(long seed, List<String> series, int perSeries) {
        SplittableRandom random = new SplittableRandom(seed);
        List<CertaintyEvent> out = new ArrayList<>();
        Instant t0 = Instant.parse("2026-11-01T00:00:00Z");
        for (int i = 0; i < perSeries; i++) {
            for (String key : series) {
                String[] p = key.split("\\|");
                double latent = random.nextDouble();
                double ic = Math.round((0.2 + 0.8 * latent) * 1000) / 1000.0; // three decimals: many ties
                int rank = (int) Math.max(0, Math.min(5, Math.round(latent * 5 + random.nextGaussian() * 1.2)));
                VerbalizedCertainty vc = random.nextDouble() < 0.03
                        ? VerbalizedCertainty.failed(ParseStatus.AMBIGUOUS, "a or b")
                        : VerbalizedCertainty.ofLevel(CertaintyLevel.ofRank(rank), CertaintyLevel.ofRank(rank).phrase());
                boolean correct = random.nextDouble() < ic;
                long seq = 1_000_000L + i;
                Instant at = t0.plusMillis(i * 50L);
                out.add(new CertaintyEvent(CertaintyEvent.SCHEMA_VERSION, key + "#" + i, key, p[0], p[1], p[2], seq, at, at,
                        ic, "option-ratio@1", "A", correct ? "A" : "B", correct, vc, 0.2, 3, 70, 3));
            }
        }
        return out;
    }
}
