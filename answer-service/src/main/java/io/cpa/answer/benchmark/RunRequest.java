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
 * @param seed          sampling seed for the question order; null keeps the file order
 */
public record RunRequest(String dataset, String path, Long limit, Boolean cycle, Double ratePerSecond, String source, Long seed) {
    public static RunRequest defaults() {
        return new RunRequest(null, null, null, false, null, null, null);
    }
}
