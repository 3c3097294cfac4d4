package io.cpa.report;

import io.cpa.certainty.CertaintyLevel;
import io.cpa.certainty.ParseStatus;
import io.cpa.dataset.DatasetFormat;
import io.cpa.event.CertaintyEvent;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Builds a {@link StudyReport} from the certainty events of one study.
 *
 * <p>Dimensions: model = {@link CertaintyEvent#model()}, dataset = {@link CertaintyEvent#source()}, variant =
 * {@link CertaintyEvent#variant()}, temperature = {@link CertaintyEvent#temperature()} (of the certainty call). A pair
 * counts for alignment when IC is present and VC parsed OK ({@link CertaintyEvent#paired()}); the probabilistic VC's
 * pairs are those with IC and a probabilistic VC, counted separately ({@link VcSignal}). A repeat of an answer id
 * and variant (a redelivered record) is counted once, the first one kept. Events are ordered by sequence, then answer
 * id, so examples and every output are the same whatever order the events came in.
 */
public final class StudyReports {
    private static final List<String> PAPER_DATASET_ORDER = Arrays.stream(DatasetFormat.values()).map(DatasetFormat::datasetName).toList();
    private static final int IC_BINS = 10;

    private StudyReports() {}

    public static StudyReport build(String studyId, List<CertaintyEvent> events, ReportOptions options) {
        Objects.requireNonNull(studyId, "studyId");
        Objects.requireNonNull(options, "options");
        List<CertaintyEvent> all = distinct(events);
        List<String> models = sorted(all, CertaintyEvent::model, Comparator.naturalOrder());
        List<String> datasets = sorted(all, CertaintyEvent::source, StudyReports::compareDatasets);
        List<String> variants = sorted(all, CertaintyEvent::variant, Comparator.naturalOrder());
        List<Double> temperatures = new ArrayList<>(new TreeSet<>(all.stream().map(CertaintyEvent::temperature).toList()));
        int answers = (int) all.stream().map(CertaintyEvent::answerId).distinct().count();

        List<AlignmentTable> alignment = new ArrayList<>();
        List<CorrectnessTable> correctness = new ArrayList<>();
        List<TaxonomyTable> taxonomy = new ArrayList<>();
        for (String variant : variants) {
            for (double t : temperatures) {
                List<CertaintyEvent> cell = filter(all, e -> e.variant().equals(variant) && e.temperature() == t);
                if (cell.isEmpty()) continue;
                List<AlignmentTable.Row> rows = new ArrayList<>();
                for (String model : models) {
                    List<RhoEstimate> cells = new ArrayList<>();
                    List<ProbabilisticVcCell> probabilistic = new ArrayList<>();
                    for (String dataset : datasets) {
                        List<CertaintyEvent> md = filter(cell, e -> e.model().equals(model) && e.source().equals(dataset));
                        cells.add(VcSignal.PARSED.rho(md, options.minN()));
                        probabilistic.add(ProbabilisticVcCell.of(md, options.minN()));
                    }
                    rows.add(AlignmentTable.Row.of(model, cells, probabilistic));
                }
                alignment.add(new AlignmentTable(variant, t, datasets, rows));
                for (String model : models) {
                    List<CertaintyEvent> mine = filter(cell, e -> e.model().equals(model));
                    if (mine.isEmpty()) continue;
                    correctness.add(vcCorrectness(model, variant, t, mine));
                    correctness.add(icCorrectness(model, variant, t, mine));
                    taxonomy.add(taxonomy(model, variant, t, mine, options));
                }
            }
        }

        List<TemperatureStudy> temperatureStudy = new ArrayList<>();
        List<ParseOutcomes> parseOutcomes = new ArrayList<>();
        for (String model : models) {
            for (String variant : variants) {
                List<CertaintyEvent> mv = filter(all, e -> e.model().equals(model) && e.variant().equals(variant));
                if (mv.isEmpty()) continue;
                parseOutcomes.add(parseOutcomes(model, variant, mv));
                List<TemperatureStudy.Row> rows = new ArrayList<>();
                for (String dataset : datasets) {
                    List<TemperatureStudy.Spread> cells = new ArrayList<>();
                    List<RhoEstimate> rho = new ArrayList<>();
                    List<ProbabilisticVcCell> probabilistic = new ArrayList<>();
                    for (double t : temperatures) {
                        List<CertaintyEvent> dt = filter(mv, e -> e.source().equals(dataset) && e.temperature() == t);
                        cells.add(TemperatureStudy.Spread.of(VcSignal.PARSED.values(dt)));
                        rho.add(VcSignal.PARSED.rho(dt, options.minN()));
                        probabilistic.add(ProbabilisticVcCell.of(dt, options.minN()));
                    }
                    rows.add(new TemperatureStudy.Row(dataset, cells, rho, probabilistic));
                }
                temperatureStudy.add(new TemperatureStudy(model, variant, temperatures, rows));
            }
        }

        return new StudyReport(studyId, options, all.size(), answers, models, datasets, variants, temperatures, alignment,
                temperatureStudy, correctness, taxonomy, parseOutcomes, charts(all, models, datasets, variants));
    }

    private static List<CertaintyEvent> distinct(List<CertaintyEvent> events) {
        Set<String> seen = new HashSet<>();
        List<CertaintyEvent> out = new ArrayList<>();
        for (CertaintyEvent e : events) {
            if (seen.add(e.answerId() + '\u0000' + e.variant())) out.add(e);
        }
        out.sort(Comparator.comparingLong(CertaintyEvent::sequence).thenComparing(CertaintyEvent::answerId)
                .thenComparing(CertaintyEvent::variant));
        return out;
    }

    private static List<String> sorted(List<CertaintyEvent> events, java.util.function.Function<CertaintyEvent, String> key,
                                       Comparator<String> order) {
        TreeSet<String> set = new TreeSet<>(order);
        for (CertaintyEvent e : events) set.add(key.apply(e));
        return new ArrayList<>(set);
    }

    /** The paper's column order (CSQA, QASC, RiddleSense, OpenBookQA, ARC), then any other source alphabetically. */
    static int compareDatasets(String a, String b) {
        int ia = PAPER_DATASET_ORDER.indexOf(a), ib = PAPER_DATASET_ORDER.indexOf(b);
        if (ia >= 0 && ib >= 0) return Integer.compare(ia, ib);
        if (ia >= 0) return -1;
        if (ib >= 0) return 1;
        return a.compareTo(b);
    }

    private static List<CertaintyEvent> filter(List<CertaintyEvent> events, Predicate<CertaintyEvent> p) {
        return events.stream().filter(p).toList();
    }

    private static boolean vcHigh(CertaintyEvent e) {
        return CertaintyLevel.ofValue(e.certainty().value()).rank() >= CertaintyLevel.FAIRLY_CERTAIN.rank();
    }

    private static CorrectnessTable vcCorrectness(String model, String variant, double t, List<CertaintyEvent> events) {
        long[] c = new long[4];
        for (CertaintyEvent e : events) {
            if (e.correct() == null || !e.certainty().ok()) continue;
            c[(vcHigh(e) ? 0 : 2) + (e.correct() ? 0 : 1)]++;
        }
        return new CorrectnessTable(model, variant, t, CorrectnessTable.Signal.VC, null, c[0], c[1], c[2], c[3]);
    }

    private static CorrectnessTable icCorrectness(String model, String variant, double t, List<CertaintyEvent> events) {
        List<CertaintyEvent> known = filter(events, e -> e.correct() != null && e.ic() != null);
        if (known.isEmpty()) return new CorrectnessTable(model, variant, t, CorrectnessTable.Signal.IC, null, 0, 0, 0, 0);
        double median = median(known.stream().mapToDouble(CertaintyEvent::ic).toArray());
        long[] c = new long[4];
        for (CertaintyEvent e : known) c[(e.ic() > median ? 0 : 2) + (e.correct() ? 0 : 1)]++;
        return new CorrectnessTable(model, variant, t, CorrectnessTable.Signal.IC, median, c[0], c[1], c[2], c[3]);
    }

    /** The middle value, or the mean of the two middle values for an even count. */
    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    private static TaxonomyTable taxonomy(String model, String variant, double t, List<CertaintyEvent> events, ReportOptions options) {
        Map<Misalignment, long[]> counts = new LinkedHashMap<>();
        Map<Misalignment, List<TaxonomyTable.Example>> examples = new LinkedHashMap<>();
        for (Misalignment m : Misalignment.values()) {
            counts.put(m, new long[1]);
            examples.put(m, new ArrayList<>());
        }
        long total = 0;
        for (CertaintyEvent e : events) {
            if (!e.paired()) continue;
            total++;
            double vc = e.certainty().value();
            Misalignment kind = Misalignment.classify(e.ic(), vc, options.thresholds());
            counts.get(kind)[0]++;
            List<TaxonomyTable.Example> list = examples.get(kind);
            if (list.size() < options.examplesPerClass()) {
                list.add(new TaxonomyTable.Example(e.answerId(), e.questionId(), e.source(), e.ic(), vc, e.certainty().raw()));
            }
        }
        List<TaxonomyTable.ClassCount> classes = new ArrayList<>();
        for (Misalignment m : Misalignment.values()) classes.add(new TaxonomyTable.ClassCount(m, counts.get(m)[0], examples.get(m)));
        return new TaxonomyTable(model, variant, t, total, classes);
    }

    private static ParseOutcomes parseOutcomes(String model, String variant, List<CertaintyEvent> events) {
        long[] c = new long[ParseStatus.values().length];
        for (CertaintyEvent e : events) c[e.certainty().status().ordinal()]++;
        return new ParseOutcomes(model, variant, c[ParseStatus.OK.ordinal()], c[ParseStatus.AMBIGUOUS.ordinal()],
                c[ParseStatus.NONE.ordinal()], c[ParseStatus.REFUSED.ordinal()]);
    }

    private static List<BarChart> charts(List<CertaintyEvent> all, List<String> models, List<String> datasets, List<String> variants) {
        List<BarChart> charts = new ArrayList<>();
        List<String> levels = new ArrayList<>();
        for (CertaintyLevel l : CertaintyLevel.values()) levels.add(l.phrase().toLowerCase(Locale.ROOT));
        for (String model : models) {
            for (String dataset : datasets) {
                List<CertaintyEvent> md = filter(all, e -> e.model().equals(model) && e.source().equals(dataset));
                if (md.isEmpty()) continue;
                for (String variant : variants) {
                    List<CertaintyEvent> parsed = filter(md, e -> e.variant().equals(variant) && e.certainty().ok());
                    List<CertaintyEvent> withPvc = filter(md, e -> e.variant().equals(variant) && e.probabilisticVc() != null);
                    if (parsed.isEmpty() && withPvc.isEmpty()) continue;
                    long[] counts = new long[CertaintyLevel.values().length];
                    for (CertaintyEvent e : parsed) counts[CertaintyLevel.ofValue(e.certainty().value()).ordinal()]++;
                    String name = chartName("vc-levels", model, dataset, variant);
                    String title = "VC levels: " + model + ", " + dataset + ", " + variant + " (n = " + parsed.size() + ")";
                    List<Long> parsedCounts = Arrays.stream(counts).boxed().toList();
                    charts.add(withPvc.isEmpty()
                            ? new BarChart(name, title, "verbalized certainty", "answers", levels, parsedCounts)
                            : new BarChart(name, title, "verbalized certainty", "answers", levels, parsedCounts,
                                    VcSignal.PARSED.label() + ": answers per level (n = " + parsed.size() + ")",
                                    expectedLevelCounts(withPvc)));
                }
                Map<String, Double> icByAnswer = new LinkedHashMap<>();
                for (CertaintyEvent e : md) if (e.ic() != null) icByAnswer.putIfAbsent(e.answerId(), e.ic());
                if (icByAnswer.isEmpty()) continue;
                long[] bins = new long[IC_BINS];
                for (double ic : icByAnswer.values()) bins[icBin(ic)]++;
                List<String> labels = new ArrayList<>();
                for (int b = 0; b < IC_BINS; b++) labels.add(String.format(Locale.ROOT, "%.1f", b / (double) IC_BINS));
                charts.add(new BarChart(chartName("ic-histogram", model, dataset),
                        "IC distribution: " + model + ", " + dataset + " (n = " + icByAnswer.size() + " answers)",
                        "internal confidence (bin lower edge, width 0.1)", "answers", labels, Arrays.stream(bins).boxed().toList()));
            }
        }
        return charts;
    }

    /**
     * The probabilistic VC's series of a level chart: per level (in the chart's order, very certain first) the sum of
     * the answers' first-token probabilities of that level, i.e. the expected number of answers at each level, which
     * adds up to the answers with a probabilistic VC.
     */
    private static BarChart.Series expectedLevelCounts(List<CertaintyEvent> withPvc) {
        double[] sums = new double[CertaintyLevel.values().length];
        for (CertaintyEvent e : withPvc) {
            List<Double> p = e.probabilisticVc().distribution();
            for (int rank = 0; rank < p.size(); rank++) sums[CertaintyLevel.ofRank(rank).ordinal()] += p.get(rank);
        }
        return new BarChart.Series(VcSignal.PROBABILISTIC.label() + ": expected answers per level (n = " + withPvc.size() + ")",
                Arrays.stream(sums).boxed().toList());
    }

    /** Bin b holds [b/10, (b+1)/10); IC = 1 falls in the last bin. */
    static int icBin(double ic) {
        return Math.min(IC_BINS - 1, (int) Math.floor(ic * IC_BINS));
    }

    /** A file name from the parts: lower case, anything outside [a-z0-9.-] becomes '-', parts joined by '_'. */
    static String chartName(String... parts) {
        List<String> clean = new ArrayList<>();
        for (String p : parts) clean.add(p.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]+", "-"));
        return String.join("_", clean);
    }
}
