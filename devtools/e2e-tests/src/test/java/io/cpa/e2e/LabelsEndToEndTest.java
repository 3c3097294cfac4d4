package io.cpa.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Late labels on proxied traffic, end to end and through the labels API: answers through the proxy without labels
 * (multiple choice and free-form, each asked for two certainty variants, so two series per answer and three series in
 * all), named by the ids the proxy returned in {@code X-CPA-Answer-Id}; then labels posted to the answer-service's
 * {@code POST /api/labels/batch} for a random 40% with labelledAt 0-30 minutes after the answer, by a human and by a
 * judge, some replaced by a second verdict of the same labeller; the analysis-service is killed (SIGKILL) once the
 * first half is posted, while it works through them, and restarted after the second half. The final calibration of the windows and of a range,
 * headline and per labeller kind, equals a reference computed independently with the final labels attached up front,
 * to 1e-9. Bad labels get their precise status and field (404, 400, the duplicate's 200) or, written past the API
 * straight to cpa.labels, their dead letter; and every accepted label is counted applied or replaced once per series
 * of its answer, nothing else.
 */
class LabelsEndToEndTest {
    static final int MULTIPLE_CHOICE = 160;
    static final int FREE_FORM = 90;
    /** the analysis-service's min n: below it a calibration says INSUFFICIENT instead of a number */
    static final int MIN_N = 30;
    static final List<String> VARIANTS = List.of("cqp", "numeric");
    static final String MODEL = "cpa-simulator";
    static final List<LabelKind> PRECEDENCE = LabelKind.DEFAULT_PRECEDENCE;
    static final String FEEDBACK = "user-feedback:thumbs";
    static final List<String> OUTCOMES = List.of("applied", "replaced", "duplicate", "expired", "waiting");

    /** The final verdict of each labeller kind on each labelled answer, what the reference attaches up front. */
    private final Map<String, Map<String, Boolean>> verdicts = new HashMap<>();
    private final long started = System.nanoTime();

    @Test
    void lateLabelsEqualLabelsUpFrontAcrossAKill() throws Exception {
        try (Pipeline pipeline = new Pipeline("labels")) {
            Path dataset = FaultSuiteTest.writeDataset(pipeline.runDir.resolve("questions.jsonl"), MULTIPLE_CHOICE);
            pipeline.startSimulator("--seed=23", "--questionBank=" + dataset);
            pipeline.startService("analysis-service", Map.of("CPA_LABELS_PENDING_GRACE", "5s",
                    "CPA_LABELS_PENDING_CHECK_INTERVAL", "1s"));
            pipeline.startService("certainty-service", Map.of("CPA_CERTAINTY_VARIANTS", String.join(",", VARIANTS)));
            pipeline.startService("answer-service", Map.of(
                    // The test plays the 0-30 minutes of event time between an answer and its label in seconds of wall
                    // time, so a labelledAt lies up to 31 minutes ahead of the clock: beyond the default skew (1 minute)
                    // the API would refuse it as a label from the future.
                    "CPA_LABELS_MAX_FUTURE_SKEW", "1h",
                    // how long a label of an answer nobody gave waits before its 404
                    "CPA_LABELS_GRACE", "2s"));
            for (String s : List.of("answer-service", "certainty-service", "analysis-service")) {
                pipeline.awaitReady(s, Duration.ofSeconds(180));
            }

            phase("services ready");
            List<Question> bank = DatasetLoader.load(dataset, DatasetFormat.COMMONSENSE_QA);
            List<String> proxied = new ArrayList<>();
            for (int i = 0; i < MULTIPLE_CHOICE + FREE_FORM; i++) {
                String content = i < MULTIPLE_CHOICE ? AnswerPrompt.render(bank.get(i).text(), bank.get(i).options())
                        : "In one sentence, what is remarkable about drill number " + i + "?";
                ObjectNode body = EventJson.mapper().createObjectNode().put("model", MODEL).put("temperature", 0.2);
                body.putArray("messages").addObject().put("role", "user").put("content", content);
                HttpResponse<String> r = pipeline.postJson("answer-service", "/v1/chat/completions", body.toString());
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                proxied.add(r.headers().firstValue("X-CPA-Answer-Id").orElseThrow(() -> new AssertionError("no answer id: " + r.headers())));
            }
            int answers = MULTIPLE_CHOICE + FREE_FORM;
            assertThat(new HashSet<>(proxied)).as("one id per answer").hasSize(answers);
            Map<String, List<CertaintyEvent>> bySeries = new LinkedHashMap<>();
            Map<String, CertaintyEvent> byAnswer = new LinkedHashMap<>();
            Map<String, Integer> seriesOfAnswer = new HashMap<>();
            try (TopicClient kafka = new TopicClient(pipeline.broker.bootstrapServers())) {
                List<ConsumerRecord<String, String>> certainties = kafka.readUntil(Topics.CERTAINTIES,
                        rs -> rs.size() >= answers * VARIANTS.size(), Duration.ofMinutes(3));
                for (ConsumerRecord<String, String> r : certainties) {
                    CertaintyEvent c = EventJson.readCertainty(r.value());
                    assertThat(c.correct()).as("proxied answers carry no label").isNull();
                    bySeries.computeIfAbsent(c.seriesKey(), k -> new ArrayList<>()).add(c);
                    byAnswer.putIfAbsent(c.answerId(), c);
                    seriesOfAnswer.merge(c.answerId(), 1, Integer::sum);
                }
            }
            // the cross-check of the ids the caller was given: the certainties are of exactly these answers
            assertThat(byAnswer.keySet()).containsExactlyInAnyOrderElementsOf(proxied);
            // multiple choice is asked cqp and numeric, free-form ttp-lsu (cqp's counterpart without options) and numeric
            assertThat(bySeries.keySet()).containsExactlyInAnyOrder(MODEL + "|proxy|cqp", MODEL + "|proxy|numeric", MODEL + "|proxy|ttp-lsu");
            assertThat(bySeries.get(MODEL + "|proxy|numeric")).hasSize(answers);
            for (Map.Entry<String, List<CertaintyEvent>> e : bySeries.entrySet()) {
                pipeline.awaitReceived(e.getKey(), e.getValue().size(), Duration.ofMinutes(2));
            }

            phase("answers counted");
            SplittableRandom random = new SplittableRandom(40);
            List<CertaintyEvent> inOrder = proxied.stream().map(byAnswer::get).toList();
            List<LabelEvent> labels = labels(inOrder, random);
            int half = labels.size() / 2;
            postAccepted(pipeline, labels.subList(0, half));
            pipeline.kill("analysis-service"); // while it works through the first half
            postAccepted(pipeline, labels.subList(half, labels.size()));
            pipeline.restart("analysis-service");
            pipeline.awaitReady("analysis-service", Duration.ofSeconds(180));
            phase(labels.size() + " labels posted, analysis-service killed and restarted");
            checkAll(pipeline, bySeries, List.of(LabelKind.HUMAN, LabelKind.JUDGE));
            phase("calibration equals the reference");

            // Bad labels through the API, each at its precise status, naming its field; and nothing else lost: the
            // counters of the restarted analysis-service move by exactly the labels accepted from here on.
            Map<String, Double> before = labelOutcomes(pipeline);
            CertaintyEvent multipleChoice = inOrder.get(0);
            CertaintyEvent freeForm = inOrder.get(answers - 1);
            Instant at = multipleChoice.answeredAt().plusSeconds(60);
            rejected(pipeline, request(label("no-such-answer", "human", true, null, at)), 404, "answerId", "'no-such-answer' is unknown");
            rejected(pipeline, request(gold(multipleChoice.answerId(), "human", "Z", at)), 400, "goldOption", "'Z' is not one of the answer's options");
            rejected(pipeline, request(gold(freeForm.answerId(), "human", "A", at)), 400, "goldOption", "no options");
            rejected(pipeline, request(label(multipleChoice.answerId(), "human", null, 0.5, at)).put("score", 1.5), 400, "score", "score outside [0,1]");
            LabelEvent last = labels.get(labels.size() - 1);
            HttpResponse<String> repeat = pipeline.postJson("answer-service", "/api/labels", request(last).toString());
            assertThat(repeat.statusCode()).as(repeat.body()).isEqualTo(200);
            assertThat(EventJson.mapper().readTree(repeat.body()).path("status").asText()).as(repeat.body()).isEqualTo("duplicate");

            // user feedback on some labelled answers, some changed; one bad item in the batch harms none of the others
            List<LabelEvent> feedback = feedback(inOrder, random);
            ArrayNode batch = EventJson.mapper().createArrayNode();
            batch.add(request(label(freeForm.answerId(), FEEDBACK, null, 0.5, at)).put("score", -0.1));
            for (LabelEvent l : feedback) batch.add(request(l));
            JsonNode reply = postBatch(pipeline, batch);
            assertThat(reply.path("results").get(0).path("code").asInt()).as(reply.toString()).isEqualTo(400);
            assertThat(reply.path("results").get(0).path("field").asText()).isEqualTo("[0].score");
            assertAccepted(reply, feedback, 1);
            // records written past the API, straight to cpa.labels: the analysis-service dead-letters them itself
            try (TopicClient kafka = new TopicClient(pipeline.broker.bootstrapServers())) {
                kafka.send(Topics.LABELS, "no-such-answer", EventJson.write(label("no-such-answer", "human", true, null, Instant.now())));
                kafka.send(Topics.LABELS, multipleChoice.answerId(), "{\"schemaVersion\":1,\"labelId\":\"bad\",\"answerId\":\""
                        + multipleChoice.answerId() + "\",\"labeller\":\"human\",\"score\":1.5,\"labelledAt\":\"2026-01-01T00:00:00Z\","
                        + "\"receivedAt\":\"2026-01-01T00:00:00Z\"}");
            }

            // each label is counted once per series of its answer: a labeller's first verdict applied, its change replaced
            Map<String, Double> expected = new HashMap<>();
            for (String o : OUTCOMES) expected.put(o, before.get(o));
            Set<String> seen = new HashSet<>();
            for (LabelEvent l : feedback) {
                expected.merge(seen.add(l.answerId()) ? "applied" : "replaced", (double) seriesOfAnswer.get(l.answerId()), Double::sum);
            }
            phase("bad labels answered, " + feedback.size() + " user feedback labels posted");
            awaitOutcomes(pipeline, expected);
            checkAll(pipeline, bySeries, List.of(LabelKind.HUMAN, LabelKind.JUDGE, LabelKind.USER_FEEDBACK));
            try (TopicClient kafka = new TopicClient(pipeline.broker.bootstrapServers())) {
                List<ConsumerRecord<String, String>> dead = kafka.readUntil(Topics.dlq(Topics.LABELS), rs -> rs.size() >= 2, Duration.ofMinutes(1));
                List<String> reasons = dead.stream().map(r -> TopicClient.header(r, "dead-letter-reason")).toList();
                assertThat(reasons).hasSize(2);
                assertThat(reasons).anySatisfy(r -> assertThat(r).startsWith("unknown-answer"));
                assertThat(reasons).anySatisfy(r -> assertThat(r).contains("score outside [0,1]"));
            }
            // after the dead letters (read last), nothing more was counted: the API's duplicate was never published
            assertThat(labelOutcomes(pipeline)).as("cpa_labels_total by outcome").isEqualTo(expected);
            // the restarted process read both records past the API (they were written after its start)
            String metrics = pipeline.get("analysis-service", "/q/metrics").body();
            assertThat(counter(metrics, "cpa_labels_dead_letters_total", "reason", "invalid")).isEqualTo(1.0);
            assertThat(counter(metrics, "cpa_labels_dead_letters_total", "reason", "unknown-answer")).isEqualTo(1.0);
        }
    }

    private void phase(String what) {
        System.out.printf("labels: %.1f s: %s%n", (System.nanoTime() - started) / 1e9, what);
    }

    /** Every series against the reference with the labels so far: its windows, since-start and a range. */
    private void checkAll(Pipeline pipeline, Map<String, List<CertaintyEvent>> bySeries, List<LabelKind> kinds) throws Exception {
        for (Map.Entry<String, List<CertaintyEvent>> e : bySeries.entrySet()) {
            List<CertaintyEvent> events = e.getValue();
            Map<LabelKind, Long> labelled = new HashMap<>();
            for (LabelKind k : kinds) labelled.put(k, events.stream().filter(c -> kindVerdict(c.answerId(), List.of(k)) != null).count());
            long headline = events.stream().filter(c -> headline(c.answerId()) != null).count();
            JsonNode windows = awaitLabelled(pipeline, e.getKey(), headline, labelled);
            for (String window : List.of("last-1000", "1h")) {
                check(windows.path(window), events, false, kinds, e.getKey() + " " + window);
            }
            check(windows.path("since-start"), events, true, kinds, e.getKey() + " since-start");
            HttpResponse<String> range = pipeline.get("analysis-service", "/api/series/"
                    + URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "/range?last=1d");
            assertThat(range.statusCode()).as(range.body()).isEqualTo(200);
            check(EventJson.mapper().readTree(range.body()).path("window"), events, true, kinds, e.getKey() + " range");
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
                        ? gold(a.answerId(), labeller, String.valueOf((char) ('A' + random.nextInt(5))), at)
                        : random.nextBoolean() ? label(a.answerId(), labeller, random.nextBoolean(), null, at)
                        : label(a.answerId(), labeller, null, random.nextInt(101) / 100.0, at);
                out.add(first);
                LabelEvent last = first;
                if (random.nextInt(100) < 15) {
                    last = label(a.answerId(), labeller, !first.correctFor(a.chosenOption()), null, at.plusSeconds(60));
                    out.add(last);
                }
                record(last, a);
            }
        }
        // in the order they were given: a labeller's replacement comes after its first label
        out.sort(Comparator.comparing(LabelEvent::labelledAt));
        return out;
    }

    /**
     * User feedback on a quarter of the labelled answers (so the headline, human or judge first, stays as it was), 20%
     * of it changed a minute later.
     */
    private List<LabelEvent> feedback(List<CertaintyEvent> answers, SplittableRandom random) {
        List<LabelEvent> out = new ArrayList<>();
        for (CertaintyEvent a : answers) {
            if (headline(a.answerId()) == null || random.nextInt(4) > 0) continue;
            Instant at = a.answeredAt().plusMillis(random.nextLong(30 * 60_000L));
            LabelEvent last = label(a.answerId(), FEEDBACK, random.nextBoolean(), null, at);
            out.add(last);
            if (random.nextInt(100) < 20) {
                last = label(a.answerId(), FEEDBACK, !last.correct(), null, at.plusSeconds(60));
                out.add(last);
            }
            record(last, a);
        }
        return out;
    }

    private void record(LabelEvent last, CertaintyEvent answer) {
        verdicts.computeIfAbsent(answer.answerId(), k -> new HashMap<>()).put(LabelKind.ofLabeller(last.labeller()).id(),
                last.correctFor(answer.chosenOption()));
    }

    private static LabelEvent label(String answerId, String labeller, Boolean correct, Double score, Instant at) {
        return new LabelEvent(LabelEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), answerId, labeller, null, correct,
                score, score == null ? null : 0.5, at, Instant.now());
    }

    private static LabelEvent gold(String answerId, String labeller, String option, Instant at) {
        return new LabelEvent(LabelEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), answerId, labeller, option, null,
                null, null, at, Instant.now());
    }

    /** A label as a caller posts it to {@code /api/labels}: the service gives it its id and receivedAt. */
    private static ObjectNode request(LabelEvent l) {
        ObjectNode body = EventJson.mapper().createObjectNode().put("answerId", l.answerId()).put("labeller", l.labeller())
                .put("labelledAt", l.labelledAt().toString());
        if (l.goldOption() != null) body.put("goldOption", l.goldOption());
        if (l.correct() != null) body.put("correct", l.correct());
        if (l.score() != null) body.put("score", l.score()).put("threshold", l.threshold());
        return body;
    }

    private static void postAccepted(Pipeline pipeline, List<LabelEvent> labels) throws Exception {
        ArrayNode batch = EventJson.mapper().createArrayNode();
        for (LabelEvent l : labels) batch.add(request(l));
        assertAccepted(postBatch(pipeline, batch), labels, 0);
    }

    private static JsonNode postBatch(Pipeline pipeline, ArrayNode batch) throws Exception {
        HttpResponse<String> r = pipeline.postJson("answer-service", "/api/labels/batch", batch.toString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode reply = EventJson.mapper().readTree(r.body());
        assertThat(reply.path("results")).as(r.body()).hasSize(batch.size());
        return reply;
    }

    /** Every one of {@code labels}, items {@code from} on of the batch, was accepted (202: the broker has it). */
    private static void assertAccepted(JsonNode reply, List<LabelEvent> labels, int from) {
        assertThat(reply.path("accepted").asInt()).as(reply.toString()).isEqualTo(labels.size());
        for (int i = 0; i < labels.size(); i++) {
            JsonNode result = reply.path("results").get(from + i);
            assertThat(result.path("code").asInt()).as(result.toString()).isEqualTo(202);
            assertThat(result.path("status").asText()).as(result.toString()).isEqualTo("accepted");
            assertThat(result.path("answerId").asText()).isEqualTo(labels.get(i).answerId());
            assertThat(result.path("labeller").asText()).isEqualTo(labels.get(i).labeller());
        }
    }

    private static void rejected(Pipeline pipeline, ObjectNode body, int status, String field, String reason) throws Exception {
        HttpResponse<String> r = pipeline.postJson("answer-service", "/api/labels", body.toString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        JsonNode error = EventJson.mapper().readTree(r.body());
        assertThat(error.path("field").asText()).as(r.body()).isEqualTo(field);
        assertThat(error.path("error").asText()).as(r.body()).contains(reason);
    }

    /** {@code cpa_labels_total} by outcome (absent: 0), as the analysis-service exports it. */
    private static Map<String, Double> labelOutcomes(Pipeline pipeline) throws Exception {
        String metrics = pipeline.get("analysis-service", "/q/metrics").body();
        Map<String, Double> out = new HashMap<>();
        for (String o : OUTCOMES) out.put(o, counter(metrics, "cpa_labels_total", "outcome", o));
        return out;
    }

    /** One counter of a Prometheus scrape by one of its tags; 0 when it was never counted. */
    private static double counter(String metrics, String family, String tag, String value) {
        Matcher m = Pattern.compile("(?m)^" + family + "\\{[^}]*" + tag + "=\"" + Pattern.quote(value) + "\"[^}]*\\} (\\S+)$").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0.0;
    }

    private static void awaitOutcomes(Pipeline pipeline, Map<String, Double> expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        Map<String, Double> now = labelOutcomes(pipeline);
        while (System.nanoTime() < deadline && (now.get("applied") < expected.get("applied") || now.get("replaced") < expected.get("replaced"))) {
            Pipeline.sleep(500);
            now = labelOutcomes(pipeline);
        }
        assertThat(now).as("cpa_labels_total by outcome").isEqualTo(expected);
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

    /** The series' windows once the headline and each kind's IC calibration count their labelled answers. */
    private JsonNode awaitLabelled(Pipeline pipeline, String series, long headline, Map<LabelKind, Long> byKind) throws Exception {
        String path = "/api/series/" + URLEncoder.encode(series, StandardCharsets.UTF_8);
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        JsonNode windows = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = pipeline.get("analysis-service", path);
            if (r.statusCode() == 200) {
                windows = EventJson.mapper().readTree(r.body()).path("windows");
                boolean done = windows.path("since-start").path("icCalibration").path("n").asLong() >= headline
                        && windows.path("last-1000").path("icCalibration").path("n").asLong() >= headline;
                for (Map.Entry<LabelKind, Long> k : byKind.entrySet()) {
                    done &= windows.path("last-1000").path("calibrationByKind").path(k.getKey().id()).path("ic").path("n").asLong() >= k.getValue();
                }
                if (done) return windows;
            }
            Pipeline.sleep(500);
        }
        throw new AssertionError(series + ": labelled answers did not reach " + headline + " " + byKind + ": " + windows);
    }

    /** IC and VC calibration of a window (or range) against the reference with the final labels up front. */
    private void check(JsonNode window, List<CertaintyEvent> events, boolean buckets, List<LabelKind> kinds, String what) {
        calibration(window.path("icCalibration"), events, buckets, true, PRECEDENCE, what + " IC");
        calibration(window.path("vcCalibration"), events, buckets, false, PRECEDENCE, what + " VC");
        JsonNode perKind = window.path("calibrationByKind");
        if (buckets && perKind.isMissingNode()) return; // the time buckets keep the headline only
        assertThat(perKind.isObject()).as(what + " calibrationByKind").isTrue();
        for (LabelKind k : kinds) {
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
        assertThat(c.path("n").asLong()).as(what + " n").isEqualTo(ref.n());
        assertThat(c.path("correct").asLong()).as(what + " correct").isEqualTo(ref.correct());
        if (ref.n() == 0) return;
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
