package io.cpa.report;

import java.util.List;
import java.util.Optional;

/**
 * Every analysis of one study. Built by {@link StudyReports#build}; rendered by {@link MarkdownReport},
 * {@link CsvReport} and {@link SvgCharts}.
 *
 * @param certainties certainty events read (after removing repeats of one answer and variant)
 * @param answers     distinct answers among them
 */
public record StudyReport(String studyId, ReportOptions options, int certainties, int answers, List<String> models,
                          List<String> datasets, List<String> variants, List<Double> temperatures,
                          List<AlignmentTable> alignment, List<TemperatureStudy> temperatureStudy,
                          List<CorrectnessTable> correctness, List<TaxonomyTable> taxonomy,
                          List<ParseOutcomes> parseOutcomes, List<BarChart> charts) {
    public StudyReport {
        models = List.copyOf(models);
        datasets = List.copyOf(datasets);
        variants = List.copyOf(variants);
        temperatures = List.copyOf(temperatures);
        alignment = List.copyOf(alignment);
        temperatureStudy = List.copyOf(temperatureStudy);
        correctness = List.copyOf(correctness);
        taxonomy = List.copyOf(taxonomy);
        parseOutcomes = List.copyOf(parseOutcomes);
        charts = List.copyOf(charts);
    }

    public Optional<BarChart> chart(String name) {
        return charts.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    public Optional<AlignmentTable> alignment(String variant, double temperature) {
        return alignment.stream().filter(t -> t.variant().equals(variant) && t.temperature() == temperature).findFirst();
    }
}
