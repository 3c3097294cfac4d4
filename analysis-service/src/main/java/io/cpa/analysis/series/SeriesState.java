package io.cpa.analysis.series;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.cpa.event.CertaintyEvent;
import io.cpa.event.EventJson;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The analysis state of one series: the paired observations of each window, recomputed on demand.
 * Windows hold the observations with the largest sequence numbers, so the state does not depend on the order in
 * which records arrive from several partitions.
 */
public final class SeriesState {
    public record Observation(long sequence, double ic, double vc) {}

    private String seriesKey;
    private long received;
    private long unpaired;
    private List<Observation> all = new ArrayList<>();

    public SeriesState() {}

    public SeriesState(String seriesKey) {
        this.seriesKey = seriesKey;
    }

    public void add(CertaintyEvent event) {
        received++;
        if (!event.paired()) {
            unpaired++;
            return;
        }
        Observation o = new Observation(event.sequence(), event.ic(), event.certainty().value());
        int i = all.size();
        while (i > 0 && all.get(i - 1).sequence() > o.sequence()) i--;
        all.add(i, o);
    }

    public SeriesView view(List<Integer> lastN, int minN) {
        List<WindowView> windows = new ArrayList<>();
        for (int n : lastN) windows.add(window("last-" + n, all.subList(Math.max(0, all.size() - n), all.size()), minN));
        windows.add(window("since-start", all, minN));
        return new SeriesView(seriesKey, received, unpaired, windows);
    }

    private static WindowView window(String name, List<Observation> obs, int minN) {
        int n = obs.size();
        if (n < Math.max(4, minN)) return new WindowView(name, n, "insufficient", null, null, null, null);
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = obs.get(i).ic() == -0.0 ? 0.0 : obs.get(i).ic();
            y[i] = obs.get(i).vc();
        }
        double rho = new SpearmansCorrelation().correlation(x, y);
        if (Double.isNaN(rho)) return new WindowView(name, n, "undefined", null, null, null, null);
        double t = rho * Math.sqrt((n - 2) / Math.max(1e-300, 1 - rho * rho));
        double p = Math.abs(rho) >= 1 ? 0 : 2 * new TDistribution(n - 2).cumulativeProbability(-Math.abs(t));
        double z = 0.5 * Math.log((1 + rho) / (1 - rho));
        double se = 1 / Math.sqrt(n - 3);
        double q = new NormalDistribution().inverseCumulativeProbability(0.975);
        return new WindowView(name, n, "ok", rho, p, Math.tanh(z - q * se), Math.tanh(z + q * se));
    }

    public byte[] toBytes() {
        try {
            return EventJson.mapper().writeValueAsBytes(new Stored(seriesKey, received, unpaired, all));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static SeriesState fromBytes(byte[] bytes) {
        try {
            Stored s = EventJson.mapper().readValue(bytes, Stored.class);
            SeriesState state = new SeriesState(s.seriesKey());
            state.received = s.received();
            state.unpaired = s.unpaired();
            state.all = new ArrayList<>(s.all());
            return state;
        } catch (IOException e) {
            throw new IllegalStateException("unreadable series state", e);
        }
    }

    private record Stored(String seriesKey, long received, long unpaired, List<Observation> all) {}

    public record WindowView(String window, int n, String status, Double rho, Double pValue, Double lower, Double upper) {}

    public record SeriesView(String seriesKey, long received, long unpaired, List<WindowView> windows) {}
}
