package io.cpa.report;

import io.cpa.event.CertaintyEvent;

import java.util.List;

/**
 * The two verbalized-certainty signals a report sets beside IC, with the one label each is printed under and the one
 * rule that reads its value from an event. Every rho of the reports goes through {@link #rho}, so both signals share
 * {@link SpearmanEstimates} and differ only in which answers and which value they take.
 */
public enum VcSignal {
    /** The level or number parsed from the certainty reply: {@code certainty.value()} when the parse is OK. */
    PARSED("VC (parsed)"),
    /**
     * The expectation of the certainty reply's first-token distribution over the six levels
     * ({@code probabilisticVc.expectation()}), when the event carries one. Continuous, so it has few of the six-way
     * ties of the parsed level.
     */
    PROBABILISTIC("VC (probabilistic, first-token expectation)");

    private final String label;

    VcSignal(String label) {
        this.label = label;
    }

    /** How every output names the signal. */
    public String label() { return label; }

    /** The signal's value in [0, 1], or null when this event does not have it. */
    public Double value(CertaintyEvent e) {
        return switch (this) {
            case PARSED -> e.certainty().ok() ? e.certainty().value() : null;
            case PROBABILISTIC -> e.probabilisticVc() == null ? null : e.probabilisticVc().expectation();
        };
    }

    /** The values of the events that have the signal, in event order. */
    double[] values(List<CertaintyEvent> events) {
        return events.stream().map(this::value).filter(v -> v != null).mapToDouble(Double::doubleValue).toArray();
    }

    /**
     * Spearman rho of IC against this signal over the events that have both (for {@link #PARSED} exactly the
     * {@link CertaintyEvent#paired()} ones), with n, p and the 95% interval.
     */
    RhoEstimate rho(List<CertaintyEvent> events, int minN) {
        List<CertaintyEvent> both = events.stream().filter(e -> e.ic() != null && value(e) != null).toList();
        double[] ic = both.stream().mapToDouble(CertaintyEvent::ic).toArray();
        double[] vc = both.stream().mapToDouble(this::value).toArray();
        return SpearmanEstimates.spearman(ic, vc, minN);
    }
}
