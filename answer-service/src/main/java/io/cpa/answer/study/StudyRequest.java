package io.cpa.answer.study;

import java.util.List;

/**
 * A study: every model x dataset x certainty temperature as one benchmark run, each answer asking every variant.
 *
 * @param models        models to ask; null or empty = the configured model. API keys come from configuration only
 * @param datasets      at least one
 * @param variants      certainty prompt variants asked for every answer; null or empty = {@code cqp}
 * @param temperatures  temperatures of the certainty call (the paper's temperature study); null or empty = {@code 0.2}
 * @param ratePerSecond answers started per second in each cell; null or 0 = as fast as the concurrency allows
 */
public record StudyRequest(List<ModelRef> models, List<DatasetRef> datasets, List<String> variants, List<Double> temperatures,
                           Double ratePerSecond) {

    /**
     * @param name    the model name sent in requests and used as the series' model
     * @param baseUrl OpenAI-compatible base URL ending in {@code /v1}; null = the configured one
     * @param apiKey  never accepted: a request carrying it is refused, keys come from configuration
     */
    public record ModelRef(String name, String baseUrl, String apiKey) {}

    /**
     * @param name   dataset format ({@code commonsense_qa}, {@code qasc}, {@code riddle_sense}, {@code openbookqa},
     *               {@code ai2_arc}), or {@code sample} for the bundled sample set (no path); also the series' source
     * @param path   JSONL file of that dataset, readable by the answer-service
     * @param sample number of questions sampled (seeded, without replacement), at most the file's size; null = all
     * @param seed   sampling seed; null = 0
     * @param limit  answers per cell; null = one pass over the sampled questions, more cycles through them again
     */
    public record DatasetRef(String name, String path, Integer sample, Long seed, Long limit) {}
}
