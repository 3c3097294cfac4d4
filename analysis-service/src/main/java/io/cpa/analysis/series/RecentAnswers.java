package io.cpa.analysis.series;

import io.cpa.event.CertaintyEvent;
import io.cpa.privacy.TextRedaction;
import io.cpa.report.Misalignment;
import io.cpa.stats.TaxonomyThresholds;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest answers of each series this instance owns, in memory, for the dashboard's scatter, reliability diagram
 * and taxonomy examples. Deliberately not fault-tolerant: after a restart it fills again from new traffic.
 */
@ApplicationScoped
public class RecentAnswers {
    /**
     * One answer as the dashboard shows it; ic, vc, level, correct and taxonomy may be null. taxonomy is the
     * misalignment class (as the windows count it) of an answer with both IC and VC, so that the dashboard can show
     * example answers per class without a rule of its own. certaintyModel and certaintyBy say who gave the certainty
     * ({@code self} or {@code judge:<model>}); null for certainties written before they were recorded. rawText is
     * null when the reply is as it came, else what its text policy left ({@code truncate}, or {@code none}: raw then
     * says {@value io.cpa.privacy.TextRedaction#WITHHELD} and rawDigest is the reply's digest).
     */
    public record Recent(String answerId, String questionId, long sequence, Double ic, Double vc, Integer level,
                         String status, Boolean correct, String raw, String taxonomy, String certaintyModel,
                         String certaintyBy, String rawText, String rawDigest) {}

    private final Map<String, Deque<Recent>> bySeries = new ConcurrentHashMap<>();
    private final int capacity;
    private final TaxonomyThresholds thresholds;

    public RecentAnswers(AnalysisConfig config) {
        this.capacity = config.recentAnswers();
        AnalysisConfig.Taxonomy t = config.taxonomy();
        this.thresholds = new TaxonomyThresholds(t.icLow(), t.icHigh(), t.vcLow(), t.vcHigh(), t.discordanceGap());
    }

    public void add(CertaintyEvent e) {
        Double vc = e.certainty().value();
        TextRedaction redaction = e.redaction();
        Recent r = new Recent(e.answerId(), e.questionId(), e.sequence(), e.ic(), vc,
                vc == null ? null : (int) Math.round(5 * vc), e.certainty().status().name(), e.correct(), shownReply(e),
                e.ic() == null || vc == null ? null : Misalignment.classify(e.ic(), vc, thresholds).name(),
                e.certaintyModel(), e.certaintyBy(), redaction == null ? null : redaction.text(),
                redaction == null ? null : redaction.replyDigest());
        Deque<Recent> ring = bySeries.computeIfAbsent(e.seriesKey(), k -> new ArrayDeque<>());
        synchronized (ring) {
            ring.addLast(r);
            while (ring.size() > capacity) ring.removeFirst();
        }
    }

    /** The reply as the dashboard shows it: at most 300 characters, or "text withheld" when its policy kept none. */
    static String shownReply(CertaintyEvent e) {
        if (e.redaction() != null && e.redaction().withheld()) return TextRedaction.WITHHELD;
        String raw = e.certainty().raw();
        return raw.length() > 300 ? raw.substring(0, 300) + "..." : raw;
    }

    /** Newest first. */
    public List<Recent> latest(String seriesKey, int limit) {
        Deque<Recent> ring = bySeries.get(seriesKey);
        if (ring == null) return List.of();
        synchronized (ring) {
            List<Recent> out = new ArrayList<>(Math.min(limit, ring.size()));
            var it = ring.descendingIterator();
            while (it.hasNext() && out.size() < limit) out.add(it.next());
            return out;
        }
    }

    public boolean knows(String seriesKey) {
        return bySeries.containsKey(seriesKey);
    }
}
