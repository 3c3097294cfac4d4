package io.cpa.certainty.otel;

import io.cpa.certainty.CertaintyLevel;
import io.cpa.certainty.ParseStatus;
import io.cpa.certainty.ProbabilisticVc;
import io.cpa.certainty.VerbalizedCertainty;
import io.cpa.event.CertaintyEvent;
import io.cpa.stats.TaxonomyThresholds;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.cpa.certainty.otel.EvaluationRecords.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class EvaluationRecordsTest {
    static final Instant AT = Instant.parse("2026-12-05T08:00:00Z");
    static final EvaluationRecords DEFAULT = new EvaluationRecords(TaxonomyThresholds.DEFAULT);

    static CertaintyEvent event(Double ic, VerbalizedCertainty vc, ProbabilisticVc pvc, String certaintyBy, String runId) {
        return event("ans-1", ic, vc, pvc, certaintyBy, runId);
    }

    static CertaintyEvent event(String answerId, Double ic, VerbalizedCertainty vc, ProbabilisticVc pvc, String certaintyBy,
                                String runId) {
        String variant = vc.numeric() != null ? "numeric" : "cqp";
        return new CertaintyEvent(CertaintyEvent.SCHEMA_VERSION, answerId, "gpt-x|chat|" + variant, "gpt-x", "chat", variant,
                7L, AT.minusSeconds(2), AT, ic, ic == null ? null : "option-ratio@1", "B", "B", true, vc, 0.2, 120L, 80, 3,
                runId, "q1", "a", certaintyBy == null || certaintyBy.equals("self") ? "gpt-x" : certaintyBy.substring(6),
                certaintyBy, false, pvc, pvc == null ? ProbabilisticVc.ABSENT_NOT_ASKED : null);
    }

    static Map<String, Object> common(String name) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(EVALUATION_NAME, name);
        m.put(REQUEST_MODEL, "gpt-x");
        m.put(RESPONSE_MODEL, "gpt-x");
        m.put(ANSWER_ID, "ans-1");
        m.put(SERIES, "gpt-x|chat|cqp");
        m.put(VARIANT, "cqp");
        m.put(CERTAINTY_BY, "self");
        return m;
    }

    @Test
    void aPairedSixLevelCertaintyWithItsDistributionGivesFourRecordsWithEveryAttribute() {
        ProbabilisticVc pvc = ProbabilisticVc.ofMasses(new double[]{0, 0, 0, 0.2, 0.7, 0.05});
        CertaintyEvent e = event(0.9, VerbalizedCertainty.ofLevel(CertaintyLevel.FAIRLY_CERTAIN, "b. Fairly Certain"), pvc, "self", null);

        List<EvaluationRecord> records = DEFAULT.of(e);

        assertThat(records).extracting(EvaluationRecord::evaluationName)
                .containsExactly(INTERNAL_CONFIDENCE, VERBALIZED_CERTAINTY, ALIGNMENT_CLASS, PROBABILISTIC_VC);
        assertThat(records).allSatisfy(r -> {
            assertThat(r.eventName()).isEqualTo("gen_ai.evaluation.result");
            assertThat(r.timestamp()).isEqualTo(AT);
        });

        Map<String, Object> ic = common(INTERNAL_CONFIDENCE);
        ic.put(IC_AGGREGATOR, "option-ratio@1");
        ic.put(SCORE_VALUE, 0.9);
        ic.put(EXPLANATION, "internal confidence from the answer's token logprobs by option-ratio@1");
        assertThat(records.get(0).attributes()).containsExactlyEntriesOf(ic);
        assertThat(records.get(0).body()).isEqualTo("cpa.internal_confidence: 0.9");

        Map<String, Object> vc = common(VERBALIZED_CERTAINTY);
        vc.put(VC_PARSE_STATUS, "ok");
        vc.put(SCORE_VALUE, 0.8);
        vc.put(SCORE_LABEL, "fairly_certain");
        vc.put(EXPLANATION, "the certainty reply: b. Fairly Certain");
        assertThat(records.get(1).attributes()).containsExactlyEntriesOf(vc);
        assertThat(records.get(1).body()).isEqualTo("cpa.verbalized_certainty: fairly_certain (0.8)");

        Map<String, Object> cls = common(ALIGNMENT_CLASS);
        cls.put(SCORE_LABEL, "consistent_alignment");
        cls.put(EXPLANATION, "IC 0.9 high, VC 0.8 high (IC low/high 0.3/0.7, VC low/high 0.3/0.7, discordance gap 0.2)");
        assertThat(records.get(2).attributes()).containsExactlyEntriesOf(cls);
        assertThat(records.get(2).body()).isEqualTo("cpa.alignment_class: consistent_alignment");

        Map<String, Object> p = common(PROBABILISTIC_VC);
        p.put(SCORE_VALUE, pvc.expectation());
        p.put(SCORE_LABEL, "fairly_certain");
        p.put(PVC_ENTROPY, pvc.entropy());
        p.put(PVC_COVERED_MASS, pvc.coveredMass());
        p.put(EXPLANATION, "expected level value of the reply's first token over the six levels; mode fairly_certain, entropy "
                + pvc.entropy() + " bits, covered mass " + pvc.coveredMass());
        assertThat(records.get(3).attributes()).containsExactlyEntriesOf(p);
        assertThat(pvc.expectation()).isEqualTo(3.65 / 4.75, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(records.get(3).body()).isEqualTo("cpa.probabilistic_verbalized_certainty: " + pvc.expectation());
    }

    @Test
    void aNumericCertaintyIsLabelledWithItsNumberAndWithoutADistributionHasNoFourthRecord() {
        CertaintyEvent e = event(0.2, VerbalizedCertainty.ofNumber(85, "85"), null, "judge:judge-model", "run-9");

        List<EvaluationRecord> records = DEFAULT.of(e);

        assertThat(records).extracting(EvaluationRecord::evaluationName)
                .containsExactly(INTERNAL_CONFIDENCE, VERBALIZED_CERTAINTY, ALIGNMENT_CLASS);
        assertThat(records).allSatisfy(r -> assertThat(r.attributes()).contains(
                entry(SERIES, "gpt-x|chat|numeric"), entry(VARIANT, "numeric"),
                entry(CERTAINTY_BY, "judge:judge-model"), entry(RUN_ID, "run-9")).doesNotContainKey(ERROR_TYPE));
        assertThat(records.get(1).attributes()).contains(entry(SCORE_VALUE, 84 / 99.0), entry(SCORE_LABEL, "85"),
                entry(VC_PARSE_STATUS, "ok"));
        // IC 0.2 low, VC 0.848 high: the words are sure, the probabilities are not
        assertThat(records.get(2).attributes()).containsEntry(SCORE_LABEL, "external_overconfidence")
                .doesNotContainKey(SCORE_VALUE);
    }

    @Test
    void aMissingIcIsAnErrorOfItsRecordAndOfTheClassNotASilentGap() {
        CertaintyEvent e = event(null, VerbalizedCertainty.ofLevel(CertaintyLevel.NOT_CERTAIN, "e"), null, null, null);

        List<EvaluationRecord> records = DEFAULT.of(e);

        assertThat(records).hasSize(3);
        assertThat(records.get(0).attributes()).containsEntry(ERROR_TYPE, IC_MISSING)
                .doesNotContainKeys(SCORE_VALUE, SCORE_LABEL, IC_AGGREGATOR, CERTAINTY_BY)
                .containsEntry(EXPLANATION, "the answer carried no internal confidence (no usable token logprobs)");
        assertThat(records.get(0).body()).isEqualTo("cpa.internal_confidence: ic_missing");
        assertThat(records.get(1).attributes()).containsEntry(SCORE_VALUE, 0.2).containsEntry(SCORE_LABEL, "not_certain")
                .doesNotContainKey(ERROR_TYPE);
        assertThat(records.get(2).attributes()).containsEntry(ERROR_TYPE, IC_MISSING)
                .containsEntry(EXPLANATION, "no class without both signals: no IC").doesNotContainKeys(SCORE_VALUE, SCORE_LABEL);
    }

    @Test
    void anUnparsedVcIsLabelledWithItsParseStatusAndCarriesItAsTheErrorType() {
        for (ParseStatus status : List.of(ParseStatus.NONE, ParseStatus.AMBIGUOUS, ParseStatus.REFUSED)) {
            String s = status.name().toLowerCase(java.util.Locale.ROOT);
            CertaintyEvent e = event(0.5, VerbalizedCertainty.failed(status, "I would rather not say"), null, "self", null);

            List<EvaluationRecord> records = DEFAULT.of(e);

            assertThat(records.get(0).attributes()).containsEntry(SCORE_VALUE, 0.5).doesNotContainKey(ERROR_TYPE);
            assertThat(records.get(1).attributes()).containsEntry(VC_PARSE_STATUS, s).containsEntry(SCORE_LABEL, s)
                    .containsEntry(ERROR_TYPE, "vc_" + s).doesNotContainKey(SCORE_VALUE)
                    .containsEntry(EXPLANATION, "the certainty reply was not parsed (" + s + "): I would rather not say");
            assertThat(records.get(1).body()).isEqualTo("cpa.verbalized_certainty: vc_" + s);
            assertThat(records.get(2).attributes()).containsEntry(ERROR_TYPE, "vc_" + s)
                    .containsEntry(EXPLANATION, "no class without both signals: VC " + s).doesNotContainKeys(SCORE_LABEL, SCORE_VALUE);
        }
    }

    @Test
    void withBothSignalsMissingTheClassNamesTheMissingIcFirstAndExplainsBoth() {
        CertaintyEvent e = event(null, VerbalizedCertainty.failed(ParseStatus.NONE, "?"), null, "self", null);

        EvaluationRecord cls = DEFAULT.of(e).get(2);

        assertThat(cls.attributes()).containsEntry(ERROR_TYPE, IC_MISSING)
                .containsEntry(EXPLANATION, "no class without both signals: no IC and VC none");
    }

    @Test
    void theClassIsTheTaxonomysOneDefinitionWithTheDefaultOrTheConfiguredThresholds() {
        Object[][] cases = {
                {0.9, CertaintyLevel.VERY_CERTAIN, "consistent_alignment"},
                {0.9, CertaintyLevel.NOT_CERTAIN, "internal_overconfidence"},
                {0.1, CertaintyLevel.FAIRLY_CERTAIN, "external_overconfidence"},
                {0.65, CertaintyLevel.SOMEWHAT_CERTAIN, "consistent_discordance"},
                {0.1, CertaintyLevel.VERY_UNCERTAIN, "unclassified"},
        };
        for (Object[] c : cases) {
            CertaintyEvent e = event((Double) c[0], VerbalizedCertainty.ofLevel((CertaintyLevel) c[1], "x"), null, "self", null);
            assertThat(DEFAULT.of(e).get(2).attributes()).as("%s", java.util.Arrays.toString(c)).containsEntry(SCORE_LABEL, c[2]);
        }
        // IC 0.65 is middling by default; with a high IC cut of 0.6 it is high, and VC 0.8 makes the pair aligned
        CertaintyEvent e = event(0.65, VerbalizedCertainty.ofLevel(CertaintyLevel.FAIRLY_CERTAIN, "b"), null, "self", null);
        assertThat(DEFAULT.of(e).get(2).attributes()).containsEntry(SCORE_LABEL, "unclassified");
        EvaluationRecord configured = new EvaluationRecords(new TaxonomyThresholds(0.3, 0.6, 0.3, 0.7, 0.2)).of(e).get(2);
        assertThat(configured.attributes()).containsEntry(SCORE_LABEL, "consistent_alignment")
                .containsEntry(EXPLANATION, "IC 0.65 high, VC 0.8 high (IC low/high 0.3/0.6, VC low/high 0.3/0.7, discordance gap 0.2)");
    }

    @Test
    void aLongRawReplyIsCutInTheExplanation() {
        String raw = "b".repeat(MAX_RAW_CHARS + 50);
        CertaintyEvent e = event(0.9, VerbalizedCertainty.ofLevel(CertaintyLevel.FAIRLY_CERTAIN, raw), null, "self", null);

        assertThat(DEFAULT.of(e).get(1).attributes().get(EXPLANATION)).isEqualTo("the certainty reply: "
                + "b".repeat(MAX_RAW_CHARS) + "… [cut at " + MAX_RAW_CHARS + " of " + (MAX_RAW_CHARS + 50) + " characters]");
    }

    @Test
    void aWithheldReplyIsExplainedAsSuch() {
        CertaintyEvent e = event(0.9, VerbalizedCertainty.ofLevel(CertaintyLevel.FAIRLY_CERTAIN, "b. Fairly Certain"), null, "self", null)
                .withReply("", io.cpa.privacy.TextRedaction.withheldReply("sha256:00"));
        assertThat(DEFAULT.of(e).get(1).attributes().get(EXPLANATION)).isEqualTo("the certainty reply: text withheld");
        assertThat(DEFAULT.of(e).get(1).attributes().get(SCORE_VALUE)).isEqualTo(CertaintyLevel.FAIRLY_CERTAIN.value());
    }

    @Test
    void aRecordRefusesAttributeValuesOpenTelemetryCannotCarry() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new EvaluationRecord(EVENT_NAME, AT,
                        Map.of("x", List.of(1)), "b"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("x");
    }
}
