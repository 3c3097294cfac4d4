package io.cpa.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cpa.dataset.DatasetFormat;
import io.cpa.dataset.DatasetLoader;
import io.cpa.event.CertaintyEvent;
import io.cpa.event.EventJson;
import io.cpa.event.LabelEvent;
import io.cpa.event.Topics;
import io.cpa.kafka.TopicClient;
import io.cpa.label.LabelKind;
import io.cpa.prompt.AnswerPrompt;
import io.cpa.question.Question;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Late labels on proxied traffic, end to end: answers through the proxy without labels (multiple choice and
 * free-form, each asked for two certainty variants, so two series per answer and three series in all), then labels for a random 40% with
 * labelledAt 0-30 minutes after the answer, by a human and by a judge, some replaced by a second verdict of the same
 * labeller; the analysis-service is killed (SIGKILL) between the answers and the labels and restarted while labels
 * wait. The final calibration of the windows and of a range, headline and per labeller kind, equals a reference
 * computed independently with the final labels attached up front, to 1e-9. Bad labels end where they should, and
 * nothing else is lost.
 */
class LabelsEndToEndTest {
    static final int MULTIPLE_CHOICE = 160;
    static final int FREE_FORM = 90;
    /** the analysis-service's min n: below it a calibration says INSUFFICIENT instead of a number */
    static final int MIN_N = 30;
    static final List<String> VARIANTS = List.of("cqp", "numeric");
    static final String MODEL = "cpa-simulator";
    static final List<LabelKind> PRECEDENCE = LabelKind.DEFAULT_PRECEDENCE;

    /** The final verdict of each labeller on each labelled answer, what the reference attaches up front. */
    private final Map<String, Map<String, Boolean>> verdicts = new HashMap<>();

    @Test
    void lateLabelsEqualLabelsUpFrontAcrossAKill() throws Exception {
        try (Pipeline pipeline = new Pipeline("labels")) {
            Path dataset = FaultSuiteTest.writeDataset(pipeline.runDir.resolve("questions.jsonl"), MULTIPLE_CHOICE);
            pipeline.startSimulator("--seed=23", "--questionBank=" + dataset);
            pipeline.startService("analysis-service", Map.of("CPA_LABELS_PENDING_GRACE", "5s",
                    "CPA_LABELS_PENDING_CHECK_INTERVAL", "1s"));
            pipeline.startService("certainty-service", Map.of("CPA_CERTAINTY_VARIANTS", String.join(",", VARIANTS)));
            pipeline.startService("answer-service", Map.of());
            for (String s : List.of("answer-service", "certainty-service", "analysis-service")) {
                pipeline.awaitReady(s, Duration.ofSeconds(180));
            }

            List<Question> bank = DatasetLoader.load(dataset, DatasetFormat.COMMONSENSE_QA);
            for (int i = 0; i < MULTIPLE_CHOICE + FREE_FORM; i++) {
                String content = i < MULTIPLE_CHOICE ? AnswerPrompt.render(bank.get(i).text(), bank.get(i).options())
                        : "In one sentence, what is remarkable about drill number " + i + "?";
                ObjectNode body = EventJson.mapper().createObjectNode().put("model", MODEL).put("temperature", 0.2);
                body.putArray("messages").addObject().put("role", "user").put("content", content);
                HttpResponse<String> r = pipeline.postJson("answer-service", "/v1/chat/completions", body.toString());
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            }
            int answers = MULTIPLE_CHOICE + FREE_FORM;
            Map<String, List<CertaintyEvent>> bySeries = new LinkedHashMap<>();
            Map<String, CertaintyEvent> byAnswer = new LinkedHashMap<>();
            try (TopicClient kafka = new TopicClient(pipeline.broker.bootstrapServers())) {
                List<ConsumerRecord<String, String>> certainties = kafka.readUntil(Topics.CERTAINTIES,
                        rs -> rs.size() >= answers * VARIANTS.size(), Duration.ofMinutes(3));
                for (ConsumerRecord<String, String> r : certainties) {
                    CertaintyEvent c = EventJson.readCertainty(r.value());
                    assertThat(c.correct()).as("proxied answers carry no label").isNull();
                    bySeries.computeIfAbsent(c.seriesKey(), k -> new ArrayList<>()).add(c);
                    byAnswer.putIfAbsent(c.answerId(), c);
                }
            }
            // multiple choice is asked cqp and numeric, free-form ttp-lsu (cqp's counterpart without options) and numeric
            assertThat(bySeries.keySet()).containsExactlyInAnyOrder(MODEL + "|proxy|cqp", MODEL + "|proxy|numeric", MODEL + "|proxy|ttp-lsu");
            assertThat(bySeries.get(MODEL + "|proxy|numeric")).hasSize(answers);
            assertThat(byAnswer).hasSize(answers);
            for (Map.Entry<String, List<CertaintyEvent>> e : bySeries.entrySet()) {
                pipeline.awaitReceived(e.getKey(), e.getValue().size(), Duration.ofMinutes(2));
            }

            List<LabelEvent> labels = labels(new ArrayList<>(byAnswer.values()), new SplittableRandom(40));
            try (TopicClient kafka = new TopicClient(pipeline.broker.bootstrapServers())) {
                int half = labels.size() / 2;
                for (LabelEvent l : labels.subList(0, half)) kafka.sendAsync(Topics.LABELS, l.answerId(), EventJson.write(l));
                kafka.flush();
                pipeline.kill("analysis-service"); // while it works through the first half
                for (LabelEvent l : labels.subList(half, labels.size())) kafka.sendAsync(Topics.LABELS, l.answerId(), EventJson.write(l));
                // bad labels: one for an answer nobody gave, one with a score outside [0, 1], a repeat
                kafka.sendAsync(Topics.LABELS, "no-such-answer", EventJson.write(label("no-such-answer", "human", true, null, Instant.now())));
                kafka.sendAsync(Topics.LABELS, "x", "{\"schemaVersion\":1,\"labelId\":\"bad\",\"answerId\":\"" + byAnswer.keySet().iterator().next()
                        + "\",\"labeller\":\"human\",\"score\":1.5,\"labelledAt\":\"2026-01-01T00:00:00Z\",\"receivedAt\":\"2026-01-01T00:00:00Z\"}");
                LabelEvent last = labels.get(labels.size() - 1);
                kafka.sendAsync(Topics.LABELS, last.answerId(), EventJson.write(last));
                kafka.flush();
            }
            pipeline.restart("analysis-service");
            pipeline.awaitReady("analysis-service", Duration.ofSeconds(180));

            for (Map.Entry<String, List<CertaintyEvent>> e : bySeries.entrySet()) {
                List<CertaintyEvent> events = e.getValue();
                long labelled = events.stream().filter(c -> headline(c.answerId()) != null).count();
                JsonNode windows = awaitLabelled(pipeline, e.getKey(), labelled);
                for (String window : List.of("last-1000", "1h")) {
                    check(windows.path(window), events, false, e.getKey() + " " + window);
                }
                check(windows.path("since-start"), events, true, e.getKey() + " since-start");
                HttpResponse<String> range = pipeline.get("analysis-service", "/api/series/"
                        + URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "/range?last=1d");
                assertThat(range.statusCode()).as(range.body()).isEqualTo(200);
                check(EventJson.mapper().readTree(range.body()).path("window"), events, true, e.getKey() + " range");
            }

            try (TopicClient kafka = new TopicClient(pipeline.broker.bootstrapServers())) {
                List<ConsumerRecord<String, String>> dead = kafka.readUntil(Topics.dlq(Topics.LABELS), rs -> rs.size() >= 2, Duration.ofMinutes(1));
                List<String> reasons = dead.stream().map(r -> TopicClient.header(r, "dead-letter-reason")).toList();
                assertThat(reasons).hasSize(2);
                assertThat(reasons).anySatisfy(r -> assertThat(r).startsWith("unknown-answer"));
                assertThat(reasons).anySatisfy(r -> assertThat(r).contains("score outside [0,1]"));
            }
            String metrics = pipeline.get("analysis-service", "/q/metrics").body();
            assertThat(metrics).contains("cpa_labels_total{outcome=\"duplicate\"");
        }
    }

    /**
     * Labels for a random 40% of the answers, labelledAt 0-30 minutes after each answer: a human for some, a judge for
     * some, both for some; a gold option for multiple choice, a verdict or a score for free-form; 15% of them followed
     * by a second, different verdict of the same labeller. Records each labeller's final verdict.
     */
    private List<LabelEvent> labels(List<CertaintyEvent> answers, SplittableRandom random) {
        List<LabelEvent> out = new ArrayList<>();
        for (CertaintyEvent a : answers) {
            if (random.nextInt(100) >= 40) continue;
            int who = random.nextInt(3);
            List<String> labellers = who == 0 ? List.of("human") : who == 1 ? List.of("judge:grader") : List.of("judge:grader", "human");
            for (String labeller : labellers) {
                Instant at = a.answeredAt().plusMillis(random.nextLong(30 * 60_000L));
                LabelEvent first = a.chosenOption() != null && random.nextBoolean()
                        ? new LabelEvent(LabelEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), a.answerId(), labeller,
                        String.valueOf((char) ('A' + random.nextInt(5))), null, null, null, at, Instant.now())
                        : random.nextBoolean() ? label(a.answerId(), labeller, random.nextBoolean(), null, at)
                        : label(a.answerId(), labeller, null, random.nextInt(101) / 100.0, at);
                out.add(first);
                LabelEvent last = first;
                if (random.nextInt(100) < 15) {
                    last = label(a.answerId(), labeller, !first.correctFor(a.chosenOption()), null, at.plusSeconds(60));
                    out.add(last);
                }
                verdicts.computeIfAbsent(a.answerId(), k -> new HashMap<>()).put(LabelKind.ofLabeller(labeller).id(),
                        last.correctFor(a.chosenOption()));
            }
        }
        // in the order they were given: a labeller's replacement comes after its first label
        out.sort(java.util.Comparator.comparing(LabelEvent::labelledAt));
        return out;
    }

    private static LabelEvent label(String answerId, String labeller, Boolean correct, Double score, Instant at) {
        return new LabelEvent(LabelEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), answerId, labeller, null, correct,
                score, score == null ? null : 0.5, at, Instant.now());
    }

    /** The headline verdict of an answer under the default precedence (no gold on proxied answers), or null. */
    private Boolean headline(String answerId) {
        return kindVerdict(answerId, PRECEDENCE);
    }

    private Boolean kindVerdict(String answerId, List<LabelKind> kinds) {
        Map<String, Boolean> v = verdicts.get(answerId);
        if (v == null) return null;
        for (LabelKind k : kinds) if (v.containsKey(k.id())) return v.get(k.id());
        return null;
    }

    private JsonNode awaitLabelled(Pipeline pipeline, String series, long labelled) throws Exception {
        String path = "/api/series/" + URLEncoder.encode(series, StandardCharsets.UTF_8);
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        JsonNode windows = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = pipeline.get("analysis-service", path);
            if (r.statusCode() == 200) {
                windows = EventJson.mapper().readTree(r.body()).path("windows");
                long inWindow = windows.path("last-1000").path("icCalibration").path("n").asLong();
                long sinceStart = windows.path("since-start").path("icCalibration").path("n").asLong();
                if (inWindow >= labelled && sinceStart >= labelled) return windows;
            }
            Pipeline.sleep(500);
        }
        throw new AssertionError(series + ": labelled answers did not reach " + labelled + ": " + windows);
    }

    /** IC and VC calibration of a window (or range) against the reference with the final labels up front. */
    private void check(JsonNode window, List<CertaintyEvent> events, boolean buckets, String what) {
        calibration(window.path("icCalibration"), events, buckets, true, PRECEDENCE, what + " IC");
        calibration(window.path("vcCalibration"), events, buckets, false, PRECEDENCE, what + " VC");
        JsonNode perKind = window.path("calibrationByKind");
        if (perKind.isMissingNode()) return;
        for (LabelKind k : List.of(LabelKind.HUMAN, LabelKind.JUDGE)) {
            calibration(perKind.path(k.id()).path("ic"), events, buckets, true, List.of(k), what + " IC " + k.id());
            calibration(perKind.path(k.id()).path("vc"), events, buckets, false, List.of(k), what + " VC " + k.id());
        }
    }

    private void calibration(JsonNode c, List<CertaintyEvent> events, boolean buckets, boolean ic, List<LabelKind> kinds, String what) {
        List<double[]> pairs = new ArrayList<>();
        for (CertaintyEvent e : events) {
            Boolean y = kindVerdict(e.answerId(), kinds);
            if (y == null) continue;
            Double x = ic ? e.ic() : e.certainty().value();
            if (x == null) continue;
            double value = buckets ? (ic ? ReferenceCalibration.bucketIc(x) : ReferenceCalibration.bucketVc(x)) : x;
            pairs.add(new double[]{value, y ? 1 : 0});
        }
        ReferenceCalibration ref = ReferenceCalibration.of(pairs, 10);
        System.out.printf("labels: %s n=%d accuracy=%.6f ece=%.6f brier=%.6f auroc=%.6f%n", what, ref.n(), ref.accuracy(),
                ref.ece(), ref.brier(), ref.auroc());
        assertThat(c.path("n").asLong()).as(what + " n").isEqualTo(ref.n()).isPositive();
        assertThat(c.path("correct").asLong()).as(what + " correct").isEqualTo(ref.correct());
        if (ref.n() < MIN_N) {
            assertThat(c.path("accuracy").path("status").asText()).as(what + " below min n").isEqualTo("INSUFFICIENT");
            return;
        }
        assertThat(c.path("accuracy").path("value").asDouble()).as(what + " accuracy").isCloseTo(ref.accuracy(), within(1e-9));
        assertThat(c.path("ece").path("value").asDouble()).as(what + " ECE").isCloseTo(ref.ece(), within(1e-9));
        assertThat(c.path("brier").path("value").asDouble()).as(what + " Brier").isCloseTo(ref.brier(), within(1e-9));
        assertThat(c.path("auroc").path("value").asDouble()).as(what + " AUROC").isCloseTo(ref.auroc(), within(1e-9));
    }
}
