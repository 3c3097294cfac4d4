package io.cpa.answer.study;

import io.cpa.answer.benchmark.RunRequest;
import io.cpa.dataset.DatasetFormat;
import io.cpa.prompt.CertaintyPromptVariant;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * A validated study request as its cells, in the order they run: model, then dataset, then temperature. Every problem
 * is an {@link IllegalArgumentException} whose message starts with the field, e.g. {@code datasets[1].path: ...}.
 */
public record StudyPlan(List<Model> models, List<String> datasets, List<String> variants, List<Double> temperatures,
                        List<Cell> cells) {
    public static final String SAMPLE = "sample";
    public static final double DEFAULT_TEMPERATURE = 0.2;

    /** A model to ask; baseUrl null means the configured endpoint. */
    public record Model(String name, String baseUrl) {}

    /** One benchmark run of the study. */
    public record Cell(Model model, String dataset, double temperature, RunRequest run) {
        public String label() {
            return model.name() + " / " + dataset + " / T=" + temperature;
        }
    }

    public static StudyPlan of(StudyRequest request, String configuredModel) {
        if (request == null) throw new IllegalArgumentException("body: a study needs at least {\"datasets\": [...]}");
        List<Model> models = models(request.models(), configuredModel);
        List<String> variants = variants(request.variants());
        List<Double> temperatures = temperatures(request.temperatures());
        Double rate = request.ratePerSecond();
        if (rate != null && (rate.isNaN() || rate < 0)) throw new IllegalArgumentException("ratePerSecond: must not be negative, was " + rate);
        if (request.datasets() == null || request.datasets().isEmpty()) {
            throw new IllegalArgumentException("datasets: at least one dataset is required, e.g. {\"name\": \"sample\"}");
        }
        List<String> names = new ArrayList<>();
        List<StudyRequest.DatasetRef> datasets = request.datasets();
        for (int i = 0; i < datasets.size(); i++) {
            StudyRequest.DatasetRef d = datasets.get(i);
            String at = "datasets[" + i + "]";
            validate(d, at);
            if (names.contains(d.name())) throw new IllegalArgumentException(at + ".name: dataset " + d.name() + " appears twice");
            names.add(d.name());
        }
        List<Cell> cells = new ArrayList<>();
        for (Model m : models) {
            for (StudyRequest.DatasetRef d : datasets) {
                for (double t : temperatures) {
                    boolean sample = d.name().equals(SAMPLE);
                    cells.add(new Cell(m, d.name(), t, new RunRequest(sample ? null : d.name(), sample ? null : d.path(),
                            d.limit(), false, rate, d.name(), d.seed(), d.sample(), variants, t, null)));
                }
            }
        }
        return new StudyPlan(models, names, variants, temperatures, cells);
    }

    private static List<Model> models(List<StudyRequest.ModelRef> refs, String configuredModel) {
        if (refs == null || refs.isEmpty()) return List.of(new Model(configuredModel, null));
        List<Model> out = new ArrayList<>();
        for (int i = 0; i < refs.size(); i++) {
            StudyRequest.ModelRef r = refs.get(i);
            String at = "models[" + i + "]";
            if (r == null) throw new IllegalArgumentException(at + ": null");
            if (r.apiKey() != null) {
                throw new IllegalArgumentException(at + ".apiKey: API keys are never accepted in requests; configure the route's key (cpa.routes.<name>.api-key, or CPA_MODEL_API_KEY)");
            }
            if (r.name() == null || r.name().isBlank()) throw new IllegalArgumentException(at + ".name: required");
            if (r.name().indexOf('|') >= 0) throw new IllegalArgumentException(at + ".name: must not contain '|'");
            if (r.baseUrl() != null && !r.baseUrl().matches("https?://\\S+")) {
                throw new IllegalArgumentException(at + ".baseUrl: not an http(s) URL: " + r.baseUrl());
            }
            Model m = new Model(r.name(), r.baseUrl());
            if (out.stream().anyMatch(o -> o.name().equals(m.name()))) throw new IllegalArgumentException(at + ".name: model " + m.name() + " appears twice");
            out.add(m);
        }
        return out;
    }

    private static List<String> variants(List<String> names) {
        if (names == null || names.isEmpty()) return List.of(CertaintyPromptVariant.CQP.promptName());
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (int i = 0; i < names.size(); i++) {
            try {
                out.add(CertaintyPromptVariant.byName(names.get(i)).promptName());
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("variants[" + i + "]: " + e.getMessage(), e);
            }
        }
        return List.copyOf(out);
    }

    private static List<Double> temperatures(List<Double> values) {
        if (values == null || values.isEmpty()) return List.of(DEFAULT_TEMPERATURE);
        LinkedHashSet<Double> out = new LinkedHashSet<>();
        for (int i = 0; i < values.size(); i++) {
            Double t = values.get(i);
            if (t == null || t.isNaN() || t < 0 || t > 2) throw new IllegalArgumentException("temperatures[" + i + "]: must be in [0, 2], was " + t);
            out.add(t);
        }
        return List.copyOf(out);
    }

    private static void validate(StudyRequest.DatasetRef d, String at) {
        if (d == null) throw new IllegalArgumentException(at + ": null");
        if (d.name() == null || d.name().isBlank()) throw new IllegalArgumentException(at + ".name: required");
        if (d.name().equals(SAMPLE)) {
            if (d.path() != null) throw new IllegalArgumentException(at + ".path: the bundled sample set takes no path");
        } else {
            try {
                DatasetFormat.byName(d.name());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(at + ".name: " + e.getMessage() + ", or sample", e);
            }
            if (d.path() == null || d.path().isBlank()) throw new IllegalArgumentException(at + ".path: required for " + d.name());
            if (!Files.isReadable(Path.of(d.path()))) throw new IllegalArgumentException(at + ".path: not a readable file: " + d.path());
        }
        if (d.sample() != null && d.sample() < 1) throw new IllegalArgumentException(at + ".sample: must be positive, was " + d.sample());
        if (d.limit() != null && d.limit() < 1) throw new IllegalArgumentException(at + ".limit: must be positive, was " + d.limit());
    }
}
