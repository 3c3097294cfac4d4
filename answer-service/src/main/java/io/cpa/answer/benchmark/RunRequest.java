package io.cpa.answer.benchmark;

/**
 * How to run a benchmark. All fields optional.
 *
 * @param dataset       dataset format name ({@code commonsense_qa} ...); null for the bundled sample set
 * @param path          JSONL file of that dataset; required with dataset
 * @param limit         number of answers to produce; null = one pass over the questions, or forever when cycling
 * @param cycle         go round the questions again and again (the demo's steady traffic)
 * @param ratePerSecond answers started per second; null or 0 = as fast as the concurrency allows
 * @param source        the series source label; defaults to the dataset name
 * @param seed          sampling seed: questions are shuffled with it (and the first {@code sample} taken); null keeps the file order
 * @param sample        number of questions sampled from the dataset (seeded), null = all
 * @param variants      certainty prompt variants to ask for these answers; null = the certainty-service's default
 * @param certaintyTemperature temperature of the certainty calls; null = the certainty-service's default
 * @param temperature   temperature of the answer calls; null = the configured one
 * @param model         the model asked, by the routing table; null = the default route's model
 * @param labels        gold labels late instead of with the answers ({@link LateLabels.Plan}); null = the configured
 *                      {@code cpa.benchmark.late-labels.*}, which by default keeps them with the answers
 */
public record RunRequest(String dataset, String path, Long limit, Boolean cycle, Double ratePerSecond, String source, Long seed,
                         Integer sample, java.util.List<String> variants, Double certaintyTemperature, Double temperature,
                         String model, LateLabels.Plan labels) {
    public RunRequest(String dataset, String path, Long limit, Boolean cycle, Double ratePerSecond, String source, Long seed,
                      Integer sample, java.util.List<String> variants, Double certaintyTemperature, Double temperature,
                      String model) {
        this(dataset, path, limit, cycle, ratePerSecond, source, seed, sample, variants, certaintyTemperature, temperature, model, null);
    }

    public RunRequest(String dataset, String path, Long limit, Boolean cycle, Double ratePerSecond, String source, Long seed,
                      Integer sample, java.util.List<String> variants, Double certaintyTemperature, Double temperature) {
        this(dataset, path, limit, cycle, ratePerSecond, source, seed, sample, variants, certaintyTemperature, temperature, null, null);
    }

    /** This request with late labels as planned, unless it names its own. */
    public RunRequest withDefaultLabels(LateLabels.Plan plan) {
        return labels != null || plan == null ? this : new RunRequest(dataset, path, limit, cycle, ratePerSecond, source, seed,
                sample, variants, certaintyTemperature, temperature, model, plan);
    }

    public static RunRequest defaults() {
        return new RunRequest(null, null, null, false, null, null, null, null, null, null, null, null, null);
    }
}
