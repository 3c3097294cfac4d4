package io.cpa.report;

import io.cpa.certainty.ProbabilisticVc;
import io.cpa.event.CertaintyEvent;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the probabilistic VC ({@link VcSignal#PROBABILISTIC}) of one group of answers says: a Table 1 cell (model x
 * dataset at one variant and temperature) or a temperature study cell (dataset x temperature of one model and variant).
 * The parsed VC of the same group is reported beside it, never replaced by it.
 *
 * @param answers             answers in the group
 * @param withPvc             answers that carry a probabilistic VC (with or without IC)
 * @param rho                 Spearman rho of IC against the expectation over the answers with both, with n, p and the
 *                            interval; null when no answer carries a probabilistic VC, so such a cell never shows a 0
 * @param spread              sample standard deviation of the expectation over the {@code withPvc} answers
 * @param meanEntropy         mean entropy in bits over the {@code withPvc} answers, null when there are none
 * @param modeCompared        answers with both a probabilistic VC and a parsed level (numeric replies have no level)
 * @param modeDisagreements   of those, how many have a mode other than the parsed level
 * @param modeDisagreementShare {@code modeDisagreements / modeCompared}, null when nothing was compared
 * @param absentReason        the most common reason among the answers without a probabilistic VC (ties: the first
 *                            alphabetically), {@link #NOT_RECORDED} for events that name none, {@link #NO_ANSWERS} for
 *                            an empty group; null when every answer has one
 * @param absentCount         how many answers gave {@code absentReason}
 */
public record ProbabilisticVcCell(int answers, int withPvc, RhoEstimate rho, TemperatureStudy.Spread spread,
                                  Double meanEntropy, long modeCompared, long modeDisagreements,
                                  Double modeDisagreementShare, String absentReason, long absentCount) {
    /** The reason of an event without a probabilistic VC that gives none (written before the signal existed). */
    public static final String NOT_RECORDED = "not-recorded";
    /** The reason of a group without any answer (e.g. a model never asked on a dataset). */
    public static final String NO_ANSWERS = "no-answers";

    /** Whether any answer of the group carries a probabilistic VC; when not, the outputs print "—" and the reason. */
    public boolean present() {
        return withPvc > 0;
    }

    static ProbabilisticVcCell of(List<CertaintyEvent> events, int minN) {
        List<ProbabilisticVc> pvcs = events.stream().map(CertaintyEvent::probabilisticVc).filter(p -> p != null).toList();
        long compared = 0;
        long disagreements = 0;
        for (CertaintyEvent e : events) {
            if (e.probabilisticVc() == null || e.certainty().level() == null) continue;
            compared++;
            if (e.probabilisticVc().mode() != e.certainty().level()) disagreements++;
        }
        Double meanEntropy = pvcs.isEmpty() ? null : pvcs.stream().mapToDouble(ProbabilisticVc::entropy).sum() / pvcs.size();
        Map.Entry<String, Long> absent = mostCommonAbsence(events);
        return new ProbabilisticVcCell(events.size(), pvcs.size(),
                pvcs.isEmpty() ? null : VcSignal.PROBABILISTIC.rho(events, minN),
                TemperatureStudy.Spread.of(VcSignal.PROBABILISTIC.values(events)), meanEntropy, compared, disagreements,
                compared == 0 ? null : (double) disagreements / compared,
                absent == null ? null : absent.getKey(), absent == null ? 0 : absent.getValue());
    }

    private static Map.Entry<String, Long> mostCommonAbsence(List<CertaintyEvent> events) {
        if (events.isEmpty()) return Map.entry(NO_ANSWERS, 0L);
        Map<String, Long> counts = new TreeMap<>();
        for (CertaintyEvent e : events) {
            if (e.probabilisticVc() != null) continue;
            counts.merge(e.probabilisticVcAbsent() == null ? NOT_RECORDED : e.probabilisticVcAbsent(), 1L, Long::sum);
        }
        // of equally common reasons the alphabetically first wins, so the output does not depend on event order
        return counts.entrySet().stream().max(Comparator.<Map.Entry<String, Long>>comparingLong(Map.Entry::getValue)
                .thenComparing(Map.Entry::getKey, Comparator.reverseOrder())).orElse(null);
    }
}
