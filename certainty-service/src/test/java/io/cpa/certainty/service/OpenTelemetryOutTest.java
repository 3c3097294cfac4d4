package io.cpa.certainty.service;

import io.cpa.certainty.CertaintyLevel;
import io.cpa.certainty.ProbabilisticVc;
import io.cpa.confidence.ConfidenceSource;
import io.cpa.confidence.InternalConfidence;
import io.cpa.event.AnswerEvent;
import io.cpa.event.CertaintyEvent;
import io.cpa.event.EventJson;
import io.cpa.event.Topics;
import io.cpa.kafka.KafkaTestResource;
import io.cpa.kafka.TopicClient;
import io.cpa.question.ChoiceOption;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * OpenTelemetry on: answers driven through the real broker and the stub model, and the gen_ai.evaluation.result log
 * records read back from a real OTLP/HTTP receiver, every attribute checked.
 */
@QuarkusTest
@TestProfile(OpenTelemetryOutTest.On.class)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = StubModelResource.class, scope = TestResourceScope.GLOBAL)
class OpenTelemetryOutTest {

    public static class On implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("cpa.otel.enabled", "true",
                    "quarkus.otel.blrp.schedule.delay", "50ms",
                    // the analysis-service's key, read as the default of cpa.otel.taxonomy.ic-high
                    "cpa.analysis.taxonomy.ic-high", "0.55");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(OtlpReceiver.class));
        }
    }

    static AnswerEvent answer(String id, InternalConfidence ic, List<String> variants) {
        return new AnswerEvent(AnswerEvent.SCHEMA_VERSION, id, Instant.now(), "stub-model", "otel", "benchmark",
                "openai-chat", 1L, "q1", "Where are books lent? " + id,
                List.of(new ChoiceOption("A", "a river"), new ChoiceOption("B", "a library")),
                "B", "B", "B", true, null, ic, ic.value() == null ? ConfidenceSource.NONE : ConfidenceSource.LOGPROBS, 0.2)
                .forRun("run-" + id, variants, null);
    }

    /** The certainties of an answer, by variant. */
    static Map<String, CertaintyEvent> certainties(TopicClient kafka, String id, int n) {
        List<ConsumerRecord<String, String>> out = kafka.read(Topics.CERTAINTIES, r -> r.value().contains(id), n, Duration.ofSeconds(60));
        assertThat(out).hasSize(n);
        Map<String, CertaintyEvent> byVariant = new LinkedHashMap<>();
        for (ConsumerRecord<String, String> r : out) {
            CertaintyEvent c = EventJson.readCertainty(r.value());
            byVariant.put(c.variant(), c);
        }
        return byVariant;
    }

    /** Waits (up to a minute) until the receiver holds n records of the answer, then returns them. */
    static List<OtlpReceiver.Received> records(String answerId, int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        List<OtlpReceiver.Received> got = OtlpReceiver.withAttribute("cpa.answer.id", answerId);
        while (got.size() < n && System.nanoTime() < deadline) {
            Thread.sleep(50);
            got = OtlpReceiver.withAttribute("cpa.answer.id", answerId);
        }
        return got;
    }

    static OtlpReceiver.Received one(List<OtlpReceiver.Received> records, String variant, String evaluation) {
        List<OtlpReceiver.Received> match = records.stream().filter(r -> variant.equals(r.attributes().get("cpa.variant"))
                && evaluation.equals(r.attributes().get("gen_ai.evaluation.name"))).toList();
        assertThat(match).as("%s %s", variant, evaluation).hasSize(1);
        return match.get(0);
    }

    static Map<String, Object> common(String evaluation, CertaintyEvent c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("gen_ai.evaluation.name", evaluation);
        m.put("gen_ai.request.model", "stub-model");
        m.put("gen_ai.response.model", "stub-model");
        m.put("cpa.answer.id", c.answerId());
        m.put("cpa.series", "stub-model|otel|" + c.variant());
        m.put("cpa.variant", c.variant());
        m.put("cpa.certainty_by", "self");
        m.put("cpa.run.id", "run-" + c.answerId());
        return m;
    }

    static void assertEnvelope(OtlpReceiver.Received r, CertaintyEvent c, String body) {
        assertThat(r.record().getEventName()).isEqualTo("gen_ai.evaluation.result");
        assertThat(r.record().getSeverityNumber()).isEqualTo(SeverityNumber.SEVERITY_NUMBER_INFO);
        assertThat(r.record().getSeverityText()).isEqualTo("INFO");
        assertThat(r.record().getBody().getStringValue()).isEqualTo(body);
        Instant at = c.certaintyAt();
        assertThat(r.record().getTimeUnixNano()).isEqualTo(at.getEpochSecond() * 1_000_000_000L + at.getNano());
        assertThat(r.scope()).isEqualTo("io.cpa.certainty");
        assertThat(r.resource()).containsEntry("service.name", "certainty-service");
    }

    @Test
    void everySignalOfEachCertaintyArrivesAtTheCollectorAsAnEvaluationEvent() throws InterruptedException {
        String id = UUID.randomUUID().toString();
        double failedBefore = Metrics.value("cpa_certainty_otel_records_total", "outcome=\"failed\"");
        Map<String, CertaintyEvent> c;
        try (TopicClient kafka = new TopicClient(KafkaTestResource.bootstrapServers())) {
            kafka.send(Topics.ANSWERS, id, EventJson.write(answer(id, new InternalConfidence(0.9, "option-ratio", 1, "B", null),
                    List.of("cqp", "numeric"))));
            c = certainties(kafka, id, 2);
        }
        // cqp: IC, VC, class and the probabilistic VC; numeric: no probabilistic VC
        List<OtlpReceiver.Received> got = records(id, 7);
        assertThat(got).hasSize(7);
        CertaintyEvent cqp = c.get("cqp");
        CertaintyEvent numeric = c.get("numeric");
        assertThat(cqp.certainty().level()).isEqualTo(CertaintyLevel.FAIRLY_CERTAIN);
        assertThat(numeric.probabilisticVcAbsent()).isEqualTo(ProbabilisticVc.ABSENT_NUMERIC_SCALE);

        for (CertaintyEvent e : List.of(cqp, numeric)) {
            OtlpReceiver.Received ic = one(got, e.variant(), "cpa.internal_confidence");
            Map<String, Object> want = common("cpa.internal_confidence", e);
            want.put("cpa.ic.aggregator", "option-ratio@1");
            want.put("gen_ai.evaluation.score.value", 0.9);
            want.put("gen_ai.evaluation.explanation", "internal confidence from the answer's token logprobs by option-ratio@1");
            assertThat(ic.attributes()).containsExactlyInAnyOrderEntriesOf(want);
            assertEnvelope(ic, e, "cpa.internal_confidence: 0.9");
        }

        OtlpReceiver.Received vc = one(got, "cqp", "cpa.verbalized_certainty");
        Map<String, Object> want = common("cpa.verbalized_certainty", cqp);
        want.put("cpa.vc.parse_status", "ok");
        want.put("gen_ai.evaluation.score.value", 0.8);
        want.put("gen_ai.evaluation.score.label", "fairly_certain");
        want.put("gen_ai.evaluation.explanation", "the certainty reply: b. Fairly Certain");
        assertThat(vc.attributes()).containsExactlyInAnyOrderEntriesOf(want);
        assertEnvelope(vc, cqp, "cpa.verbalized_certainty: fairly_certain (0.8)");

        OtlpReceiver.Received number = one(got, "numeric", "cpa.verbalized_certainty");
        want = common("cpa.verbalized_certainty", numeric);
        want.put("cpa.vc.parse_status", "ok");
        want.put("gen_ai.evaluation.score.value", 84 / 99.0);
        want.put("gen_ai.evaluation.score.label", "85");
        want.put("gen_ai.evaluation.explanation", "the certainty reply: 85");
        assertThat(number.attributes()).containsExactlyInAnyOrderEntriesOf(want);
        assertEnvelope(number, numeric, "cpa.verbalized_certainty: 85 (" + 84 / 99.0 + ")");

        OtlpReceiver.Received cls = one(got, "cqp", "cpa.alignment_class");
        want = common("cpa.alignment_class", cqp);
        want.put("gen_ai.evaluation.score.label", "consistent_alignment");
        want.put("gen_ai.evaluation.explanation",
                "IC 0.9 high, VC 0.8 high (IC low/high 0.3/0.55, VC low/high 0.3/0.7, discordance gap 0.2)");
        assertThat(cls.attributes()).containsExactlyInAnyOrderEntriesOf(want);
        assertEnvelope(cls, cqp, "cpa.alignment_class: consistent_alignment");
        assertThat(one(got, "numeric", "cpa.alignment_class").attributes())
                .containsEntry("gen_ai.evaluation.score.label", "consistent_alignment");

        // the stub's first token: a 0.05, b 0.7, c 0.2 of 0.95
        OtlpReceiver.Received p = one(got, "cqp", "cpa.probabilistic_verbalized_certainty");
        ProbabilisticVc pvc = cqp.probabilisticVc();
        assertThat(pvc.expectation()).isCloseTo(3.65 / 4.75, org.assertj.core.api.Assertions.within(1e-9));
        want = common("cpa.probabilistic_verbalized_certainty", cqp);
        want.put("gen_ai.evaluation.score.value", pvc.expectation());
        want.put("gen_ai.evaluation.score.label", "fairly_certain");
        want.put("cpa.probabilistic_vc.entropy", pvc.entropy());
        want.put("cpa.probabilistic_vc.covered_mass", pvc.coveredMass());
        want.put("gen_ai.evaluation.explanation", "expected level value of the reply's first token over the six levels; mode "
                + "fairly_certain, entropy " + pvc.entropy() + " bits, covered mass " + pvc.coveredMass());
        assertThat(p.attributes()).containsExactlyInAnyOrderEntriesOf(want);
        assertEnvelope(p, cqp, "cpa.probabilistic_verbalized_certainty: " + pvc.expectation());

        assertThat(Metrics.value("cpa_certainty_otel_records_total", "outcome=\"emitted\"")).isGreaterThanOrEqualTo(7.0);
        assertThat(Metrics.value("cpa_certainty_otel_records_total", "outcome=\"failed\"")).isEqualTo(failedBefore);
        // only this service's evaluation events, only logs: no application log lines, no spans, no metrics
        assertThat(OtlpReceiver.LOGS).allSatisfy(r -> assertThat(r.record().getEventName()).isEqualTo("gen_ai.evaluation.result"));
        assertThat(OtlpReceiver.OTHER).isEmpty();
        assertThat(OtlpReceiver.REJECTED).isEmpty();
    }

    @Test
    void anAnswerWithoutIcGetsItsRecordsWithTheErrorTypeAndAMiddlingIcIsClassedByTheConfiguredThresholds()
            throws InterruptedException {
        String missing = UUID.randomUUID().toString();
        String middling = UUID.randomUUID().toString();
        Map<String, CertaintyEvent> m;
        Map<String, CertaintyEvent> mid;
        try (TopicClient kafka = new TopicClient(KafkaTestResource.bootstrapServers())) {
            kafka.send(Topics.ANSWERS, missing, EventJson.write(answer(missing,
                    new InternalConfidence(null, "option-ratio", 1, null, "no logprobs"), List.of("cqp"))));
            // IC 0.6: middling with the default high cut 0.7, high with the configured 0.55
            kafka.send(Topics.ANSWERS, middling, EventJson.write(answer(middling,
                    new InternalConfidence(0.6, "option-ratio", 1, "B", null), List.of("cqp"))));
            m = certainties(kafka, missing, 1);
            mid = certainties(kafka, middling, 1);
        }
        CertaintyEvent c = m.get("cqp");
        assertThat(c.ic()).isNull();
        List<OtlpReceiver.Received> got = records(missing, 4);
        assertThat(got).hasSize(4);

        OtlpReceiver.Received ic = one(got, "cqp", "cpa.internal_confidence");
        Map<String, Object> want = common("cpa.internal_confidence", c);
        // the aggregator that found no IC is still named
        want.put("cpa.ic.aggregator", "option-ratio@1");
        want.put("error.type", "ic_missing");
        want.put("gen_ai.evaluation.explanation", "the answer carried no internal confidence (no usable token logprobs)");
        assertThat(ic.attributes()).containsExactlyInAnyOrderEntriesOf(want);
        assertEnvelope(ic, c, "cpa.internal_confidence: ic_missing");

        OtlpReceiver.Received cls = one(got, "cqp", "cpa.alignment_class");
        want = common("cpa.alignment_class", c);
        want.put("error.type", "ic_missing");
        want.put("gen_ai.evaluation.explanation", "no class without both signals: no IC");
        assertThat(cls.attributes()).containsExactlyInAnyOrderEntriesOf(want);
        assertEnvelope(cls, c, "cpa.alignment_class: ic_missing");

        // the VC is there all the same, with no error
        assertThat(one(got, "cqp", "cpa.verbalized_certainty").attributes())
                .containsEntry("gen_ai.evaluation.score.label", "fairly_certain").doesNotContainKey("error.type");
        assertThat(one(got, "cqp", "cpa.probabilistic_verbalized_certainty").attributes()).doesNotContainKey("error.type");

        List<OtlpReceiver.Received> midRecords = records(middling, 4);
        assertThat(midRecords).hasSize(4);
        assertThat(mid.get("cqp").ic()).isEqualTo(0.6);
        assertThat(one(midRecords, "cqp", "cpa.alignment_class").attributes())
                .containsEntry("gen_ai.evaluation.score.label", "consistent_alignment")
                .containsEntry("gen_ai.evaluation.explanation",
                        "IC 0.6 high, VC 0.8 high (IC low/high 0.3/0.55, VC low/high 0.3/0.7, discordance gap 0.2)");
        List<Object> names = new ArrayList<>();
        for (OtlpReceiver.Received r : midRecords) names.add(r.attributes().get("gen_ai.evaluation.name"));
        assertThat(names).containsExactlyInAnyOrder("cpa.internal_confidence", "cpa.verbalized_certainty",
                "cpa.alignment_class", "cpa.probabilistic_verbalized_certainty");
    }
}
