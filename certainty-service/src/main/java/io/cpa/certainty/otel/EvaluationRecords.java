package io.cpa.certainty.otel;

import io.cpa.certainty.CertaintyLevel;
import io.cpa.certainty.ProbabilisticVc;
import io.cpa.certainty.VerbalizedCertainty;
import io.cpa.event.CertaintyEvent;
import io.cpa.report.Misalignment;
import io.cpa.stats.TaxonomyThresholds;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The OpenTelemetry GenAI evaluation events of one certainty (plain code): a {@code gen_ai.evaluation.result} record
 * per signal, following the semantic conventions of that event.
 *
 * <ul>
 *   <li>{@code cpa.internal_confidence}: score IC; no label.</li>
 *   <li>{@code cpa.verbalized_certainty}: score the parsed VC value; label the level ({@code fairly_certain}) or the
 *       number on the 1..100 scale ({@code 85}); {@code cpa.vc.parse_status}.</li>
 *   <li>{@code cpa.alignment_class}: label the misalignment class of the pair by
 *       {@link TaxonomyThresholds#classify(double, double)} ({@code consistent_alignment}, {@code internal_overconfidence},
 *       {@code external_overconfidence}, {@code consistent_discordance}, {@code unclassified}); no score.</li>
 *   <li>{@code cpa.probabilistic_verbalized_certainty}, only when the certainty carries it: score the expectation,
 *       label the mode level, {@code cpa.probabilistic_vc.entropy} (bits) and {@code cpa.probabilistic_vc.covered_mass}.</li>
 * </ul>
 * A signal that is missing still gets its record, without a score, with {@code error.type} saying why (the conventions'
 * {@code error.type} is conditionally required when the evaluation ended in an error): {@code ic_missing} (the answer
 * had no IC), {@code vc_none}, {@code vc_ambiguous}, {@code vc_refused} (the reply's parse status; the VC record's label
 * is then that status), and on the alignment record whichever of the two is missing ({@code ic_missing} first). An
 * absent probabilistic VC is not an error (a numeric scale, logprobs not asked): it has no record.
 *
 * <p>Every record carries {@code gen_ai.request.model} and {@code gen_ai.response.model} (the answering model),
 * {@code cpa.answer.id}, {@code cpa.series}, {@code cpa.variant}, and when known {@code cpa.certainty_by} and
 * {@code cpa.run.id}. {@code gen_ai.response.id} is not set: answers do not carry the provider's response id, and
 * {@code cpa.answer.id} identifies the evaluated answer instead.
 */
public final class EvaluationRecords {
    public static final String EVENT_NAME = "gen_ai.evaluation.result";

    public static final String EVALUATION_NAME = "gen_ai.evaluation.name";
    public static final String SCORE_VALUE = "gen_ai.evaluation.score.value";
    public static final String SCORE_LABEL = "gen_ai.evaluation.score.label";
    public static final String EXPLANATION = "gen_ai.evaluation.explanation";
    public static final String ERROR_TYPE = "error.type";
    public static final String REQUEST_MODEL = "gen_ai.request.model";
    public static final String RESPONSE_MODEL = "gen_ai.response.model";
    public static final String ANSWER_ID = "cpa.answer.id";
    public static final String SERIES = "cpa.series";
    public static final String VARIANT = "cpa.variant";
    public static final String CERTAINTY_BY = "cpa.certainty_by";
    public static final String RUN_ID = "cpa.run.id";
    public static final String IC_AGGREGATOR = "cpa.ic.aggregator";
    public static final String VC_PARSE_STATUS = "cpa.vc.parse_status";
    public static final String PVC_ENTROPY = "cpa.probabilistic_vc.entropy";
    public static final String PVC_COVERED_MASS = "cpa.probabilistic_vc.covered_mass";

    public static final String INTERNAL_CONFIDENCE = "cpa.internal_confidence";
    public static final String VERBALIZED_CERTAINTY = "cpa.verbalized_certainty";
    public static final String ALIGNMENT_CLASS = "cpa.alignment_class";
    public static final String PROBABILISTIC_VC = "cpa.probabilistic_verbalized_certainty";

    public static final String IC_MISSING = "ic_missing";

    /** The raw certainty reply in an explanation is cut to this many characters, with a marker. */
    public static final int MAX_RAW_CHARS = 200;

    private final TaxonomyThresholds thresholds;

    public EvaluationRecords(TaxonomyThresholds thresholds) {
        this.thresholds = Objects.requireNonNull(thresholds, "thresholds");
    }

    /** The records of one certainty: IC, VC, alignment class, and the probabilistic VC when present, in that order. */
    public List<EvaluationRecord> of(CertaintyEvent e) {
        List<EvaluationRecord> out = new ArrayList<>(4);
        out.add(internalConfidence(e));
        out.add(verbalizedCertainty(e));
        out.add(alignmentClass(e));
        if (e.probabilisticVc() != null) out.add(probabilisticVc(e, e.probabilisticVc()));
        return out;
    }

    private EvaluationRecord internalConfidence(CertaintyEvent e) {
        Map<String, Object> a = common(INTERNAL_CONFIDENCE, e);
        if (e.icAggregator() != null) a.put(IC_AGGREGATOR, e.icAggregator());
        if (e.ic() == null) {
            a.put(ERROR_TYPE, IC_MISSING);
            a.put(EXPLANATION, "the answer carried no internal confidence (no usable token logprobs)");
            return new EvaluationRecord(EVENT_NAME, e.certaintyAt(), a, INTERNAL_CONFIDENCE + ": " + IC_MISSING);
        }
        a.put(SCORE_VALUE, e.ic());
        a.put(EXPLANATION, "internal confidence from the answer's token logprobs"
                + (e.icAggregator() == null ? "" : " by " + e.icAggregator()));
        return new EvaluationRecord(EVENT_NAME, e.certaintyAt(), a, INTERNAL_CONFIDENCE + ": " + e.ic());
    }

    private EvaluationRecord verbalizedCertainty(CertaintyEvent e) {
        VerbalizedCertainty vc = e.certainty();
        Map<String, Object> a = common(VERBALIZED_CERTAINTY, e);
        String status = vc.status().name().toLowerCase(Locale.ROOT);
        a.put(VC_PARSE_STATUS, status);
        if (!vc.ok()) {
            a.put(SCORE_LABEL, status);
            a.put(ERROR_TYPE, vcError(vc));
            a.put(EXPLANATION, "the certainty reply was not parsed (" + status + "): " + shown(e));
            return new EvaluationRecord(EVENT_NAME, e.certaintyAt(), a, VERBALIZED_CERTAINTY + ": " + vcError(vc));
        }
        String label = vcLabel(vc);
        a.put(SCORE_VALUE, vc.value());
        a.put(SCORE_LABEL, label);
        a.put(EXPLANATION, "the certainty reply: " + shown(e));
        return new EvaluationRecord(EVENT_NAME, e.certaintyAt(), a, VERBALIZED_CERTAINTY + ": " + label + " (" + vc.value() + ")");
    }

    private EvaluationRecord alignmentClass(CertaintyEvent e) {
        Map<String, Object> a = common(ALIGNMENT_CLASS, e);
        VerbalizedCertainty vc = e.certainty();
        if (e.ic() == null || !vc.ok()) {
            String error = e.ic() == null ? IC_MISSING : vcError(vc);
            a.put(ERROR_TYPE, error);
            a.put(EXPLANATION, "no class without both signals: " + (e.ic() == null ? "no IC" : "VC " + vc.status().name().toLowerCase(Locale.ROOT))
                    + (e.ic() == null && !vc.ok() ? " and VC " + vc.status().name().toLowerCase(Locale.ROOT) : ""));
            return new EvaluationRecord(EVENT_NAME, e.certaintyAt(), a, ALIGNMENT_CLASS + ": " + error);
        }
        String label = Misalignment.classify(e.ic(), vc.value(), thresholds).name().toLowerCase(Locale.ROOT);
        a.put(SCORE_LABEL, label);
        a.put(EXPLANATION, "IC " + e.ic() + " " + band(e.ic(), thresholds.icLow(), thresholds.icHigh())
                + ", VC " + vc.value() + " " + band(vc.value(), thresholds.vcLow(), thresholds.vcHigh())
                + " (IC low/high " + thresholds.icLow() + "/" + thresholds.icHigh() + ", VC low/high " + thresholds.vcLow()
                + "/" + thresholds.vcHigh() + ", discordance gap " + thresholds.discordanceGap() + ")");
        return new EvaluationRecord(EVENT_NAME, e.certaintyAt(), a, ALIGNMENT_CLASS + ": " + label);
    }

    private EvaluationRecord probabilisticVc(CertaintyEvent e, ProbabilisticVc p) {
        Map<String, Object> a = common(PROBABILISTIC_VC, e);
        String mode = levelName(p.mode());
        a.put(SCORE_VALUE, p.expectation());
        a.put(SCORE_LABEL, mode);
        a.put(PVC_ENTROPY, p.entropy());
        a.put(PVC_COVERED_MASS, p.coveredMass());
        a.put(EXPLANATION, "expected level value of the reply's first token over the six levels; mode " + mode
                + ", entropy " + p.entropy() + " bits, covered mass " + p.coveredMass());
        return new EvaluationRecord(EVENT_NAME, e.certaintyAt(), a, PROBABILISTIC_VC + ": " + p.expectation());
    }

    private static Map<String, Object> common(String name, CertaintyEvent e) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put(EVALUATION_NAME, name);
        if (e.model() != null) {
            a.put(REQUEST_MODEL, e.model());
            a.put(RESPONSE_MODEL, e.model());
        }
        a.put(ANSWER_ID, e.answerId());
        a.put(SERIES, e.seriesKey());
        if (e.variant() != null) a.put(VARIANT, e.variant());
        if (e.certaintyBy() != null) a.put(CERTAINTY_BY, e.certaintyBy());
        if (e.runId() != null) a.put(RUN_ID, e.runId());
        return a;
    }

    /** {@code very_certain} ... {@code very_uncertain}. */
    static String levelName(CertaintyLevel level) {
        return level.name().toLowerCase(Locale.ROOT);
    }

    private static String vcLabel(VerbalizedCertainty vc) {
        if (vc.level() != null) return levelName(vc.level());
        if (vc.numeric() != null) return Integer.toString(vc.numeric());
        return CertaintyLevel.ofValue(vc.value()).name().toLowerCase(Locale.ROOT);
    }

    private static String vcError(VerbalizedCertainty vc) {
        return "vc_" + vc.status().name().toLowerCase(Locale.ROOT);
    }

    private static String band(double v, double low, double high) {
        return v >= high ? "high" : v <= low ? "low" : "middling";
    }

    /** The reply as an explanation quotes it: cut, or "text withheld" under the text policy none (the event holds none). */
    private static String shown(CertaintyEvent e) {
        if (e.redaction() != null && e.redaction().withheld()) return io.cpa.privacy.TextRedaction.WITHHELD;
        return cut(e.certainty().raw());
    }

    private static String cut(String raw) {
        if (raw.length() <= MAX_RAW_CHARS) return raw;
        return raw.substring(0, MAX_RAW_CHARS) + "… [cut at " + MAX_RAW_CHARS + " of " + raw.length() + " characters]";
    }
}
