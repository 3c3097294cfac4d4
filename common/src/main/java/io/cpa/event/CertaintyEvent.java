package io.cpa.event;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

import io.cpa.certainty.ProbabilisticVc;
import io.cpa.certainty.VerbalizedCertainty;

import java.time.Instant;
import java.util.Objects;

/**
 * One answer with both confidence signals: the value of {@code cpa.certainties}, keyed by {@link #seriesKey()}.
 *
 * @param answerId        the answer this certainty belongs to (one certainty per answer and variant)
 * @param seriesKey       model|source|variant
 * @param sequence        the answer's producer sequence, for ordering windows independent of arrival
 * @param answeredAt      when the answer was received
 * @param certaintyAt     when the certainty reply was received
 * @param ic              internal confidence, or null when the answer had none
 * @param icAggregator    the aggregator that produced ic, with its version, e.g. {@code option-ratio@1}
 * @param certainty       the parsed verbalized certainty with the raw reply
 * @param correct         correctness when a label exists, else null
 * @param temperature     temperature of the certainty call
 * @param latencyMs       duration of the certainty call
 * @param promptTokens    usage of the certainty call, when reported
 * @param completionTokens usage of the certainty call, when reported
 * @param runId           the benchmark run or study of the answer, else null
 * @param questionId      the dataset id of the question, when known
 * @param route           the route the answer came through, when known
 * @param certaintyModel  the model that gave the certainty (the answering model itself, or a judge)
 * @param certaintyBy     {@code self} or {@code judge:<model>}
 * @param quoteCut        true when the quoted answer was longer than the limit and cut with a marker
 * @param probabilisticVc the certainty reply's first-token distribution over the six levels, when the call returned
 *                        logprobs that name a level; a second VC signal beside {@code certainty}, never a replacement
 * @param probabilisticVcAbsent why {@code probabilisticVc} is null (one of the {@code ProbabilisticVc.ABSENT_*}
 *                        reasons); null when it is present, and on events written before the signal existed
 * @param redaction       what was done to the certainty reply ({@code certainty.raw}) under its answer's text policy;
 *                        null when it is as it came
 */
public record CertaintyEvent(
        @JsonDeserialize(using = EventJson.SchemaVersion.class) int schemaVersion,
        String answerId,
        String seriesKey,
        String model,
        String source,
        String variant,
        long sequence,
        Instant answeredAt,
        Instant certaintyAt,
        Double ic,
        String icAggregator,
        String chosenOption,
        String goldLabel,
        Boolean correct,
        VerbalizedCertainty certainty,
        double temperature,
        long latencyMs,
        Integer promptTokens,
        Integer completionTokens,
        String runId,
        String questionId,
        String route,
        String certaintyModel,
        String certaintyBy,
        Boolean quoteCut,
        ProbabilisticVc probabilisticVc,
        String probabilisticVcAbsent,
        io.cpa.privacy.TextRedaction redaction) {

    public static final int SCHEMA_VERSION = 1;

    /** A certainty whose reply is as it came. */
    public CertaintyEvent(int schemaVersion, String answerId, String seriesKey, String model, String source, String variant,
                          long sequence, Instant answeredAt, Instant certaintyAt, Double ic, String icAggregator,
                          String chosenOption, String goldLabel, Boolean correct, VerbalizedCertainty certainty,
                          double temperature, long latencyMs, Integer promptTokens, Integer completionTokens, String runId,
                          String questionId, String route, String certaintyModel, String certaintyBy, Boolean quoteCut,
                          ProbabilisticVc probabilisticVc, String probabilisticVcAbsent) {
        this(schemaVersion, answerId, seriesKey, model, source, variant, sequence, answeredAt, certaintyAt, ic, icAggregator,
                chosenOption, goldLabel, correct, certainty, temperature, latencyMs, promptTokens, completionTokens, runId,
                questionId, route, certaintyModel, certaintyBy, quoteCut, probabilisticVc, probabilisticVcAbsent, null);
    }

    /** A certainty without the probabilistic VC (as written before the signal existed). */
    public CertaintyEvent(int schemaVersion, String answerId, String seriesKey, String model, String source, String variant,
                          long sequence, Instant answeredAt, Instant certaintyAt, Double ic, String icAggregator,
                          String chosenOption, String goldLabel, Boolean correct, VerbalizedCertainty certainty,
                          double temperature, long latencyMs, Integer promptTokens, Integer completionTokens, String runId,
                          String questionId, String route, String certaintyModel, String certaintyBy, Boolean quoteCut) {
        this(schemaVersion, answerId, seriesKey, model, source, variant, sequence, answeredAt, certaintyAt, ic, icAggregator,
                chosenOption, goldLabel, correct, certainty, temperature, latencyMs, promptTokens, completionTokens, runId,
                questionId, route, certaintyModel, certaintyBy, quoteCut, null, null);
    }

    /** A certainty as the fields of schema version 1 before routes: who was asked is not recorded. */
    public CertaintyEvent(int schemaVersion, String answerId, String seriesKey, String model, String source, String variant,
                          long sequence, Instant answeredAt, Instant certaintyAt, Double ic, String icAggregator,
                          String chosenOption, String goldLabel, Boolean correct, VerbalizedCertainty certainty,
                          double temperature, long latencyMs, Integer promptTokens, Integer completionTokens, String runId,
                          String questionId) {
        this(schemaVersion, answerId, seriesKey, model, source, variant, sequence, answeredAt, certaintyAt, ic, icAggregator,
                chosenOption, goldLabel, correct, certainty, temperature, latencyMs, promptTokens, completionTokens, runId,
                questionId, null, null, null, null);
    }

    /** A certainty outside any run. */
    public CertaintyEvent(int schemaVersion, String answerId, String seriesKey, String model, String source, String variant,
                          long sequence, Instant answeredAt, Instant certaintyAt, Double ic, String icAggregator,
                          String chosenOption, String goldLabel, Boolean correct, VerbalizedCertainty certainty,
                          double temperature, long latencyMs, Integer promptTokens, Integer completionTokens) {
        this(schemaVersion, answerId, seriesKey, model, source, variant, sequence, answeredAt, certaintyAt, ic, icAggregator,
                chosenOption, goldLabel, correct, certainty, temperature, latencyMs, promptTokens, completionTokens, null, null);
    }

    public CertaintyEvent {
        Objects.requireNonNull(answerId, "answerId");
        Objects.requireNonNull(seriesKey, "seriesKey");
        Objects.requireNonNull(certainty, "certainty");
        if (ic != null && (Double.isNaN(ic) || ic < 0 || ic > 1)) throw new IllegalArgumentException("ic outside [0,1]: " + ic);
        if (certaintyBy != null && !certaintyBy.equals("self") && !certaintyBy.startsWith("judge:")) {
            throw new IllegalArgumentException("certaintyBy is neither self nor judge:<model>: " + certaintyBy);
        }
        if (probabilisticVc != null && probabilisticVcAbsent != null) {
            throw new IllegalArgumentException("probabilisticVcAbsent must be null when probabilisticVc is present: " + probabilisticVcAbsent);
        }
        if (redaction != null) redaction.requireReply(certainty.raw());
    }

    /** This certainty with another reply text (the same parse) and what was done to it. */
    public CertaintyEvent withReply(String raw, io.cpa.privacy.TextRedaction redaction) {
        VerbalizedCertainty c = new VerbalizedCertainty(certainty.status(), certainty.level(), certainty.value(), certainty.numeric(), raw);
        return new CertaintyEvent(schemaVersion, answerId, seriesKey, model, source, variant, sequence, answeredAt, certaintyAt,
                ic, icAggregator, chosenOption, goldLabel, correct, c, temperature, latencyMs, promptTokens, completionTokens,
                runId, questionId, route, certaintyModel, certaintyBy, quoteCut, probabilisticVc, probabilisticVcAbsent, redaction);
    }

    /** The tenant of the answer, from the series key (which carries it, see {@link SeriesKey}). */
    public String tenantOrDefault() { return SeriesKey.tenantOf(seriesKey); }

    /** True when both signals exist, i.e. the pair counts for alignment. */
    public boolean paired() {
        return ic != null && certainty.ok();
    }
}
