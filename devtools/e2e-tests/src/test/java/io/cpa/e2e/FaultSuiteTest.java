package io.cpa.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cpa.event.AnswerEvent;
import io.cpa.event.CertaintyEvent;
import io.cpa.event.EventJson;
import io.cpa.event.Topics;
import io.cpa.kafka.TopicClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Faults injected into the running pipeline (the packaged services as processes, one real broker): the broker stopped
 * and restarted, each service killed with SIGKILL and restarted, the model failing (500s, 429 with Retry-After,
 * timeouts, garbage bodies), malformed and duplicated records written straight into the topics. After each: every
 * answer is accounted for as exactly one certainty or one dead letter with a reason, nothing is duplicated, and the
 * series' final since-start statistics equal those of the fault-free reference run.
 *
 * <p>Why a faulted run can equal the reference exactly: every phase restarts the seeded simulator and asks the same
 * generated questions (all in its question bank, all with five options) in file order, one at a time, so question i
 * always gets the simulator's i-th draw, whatever else happens; the simulator pairs each certainty call with the draw of
 * the answer it quotes and answers a repeated call with the same reply. Each phase is a series of its own
 * ({@code cpa-simulator|<phase>|cqp}) on one pipeline; a phase starts only when the previous one is fully accounted.
 * Floating-point sums may be added in another order after a fault, so real numbers are compared to 1e-9.
 *
 * <p>Short by default (part of {@code ./mvnw verify}); {@code -Pfaults-long} sets {@code cpa.faults.long} for more
 * answers and repeated faults.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultSuiteTest {
    static final boolean LONG = Boolean.getBoolean("cpa.faults.long");
    static final int N = LONG ? 600 : 120;
    /** Answers per second: slow enough that every fault lands while answers still flow. */
    static final int RATE = LONG ? 25 : 12;
    static final int KILLS = LONG ? 3 : 1;
    static final double TOLERANCE = 1e-9;

    Pipeline pipeline;
    Path dataset;
    Phase reference;

    /** One phase's books: answers by question id, the certainties, the dead letters, the since-start window. */
    record Phase(String source, Map<String, AnswerEvent> answersByQuestion, Map<String, CertaintyEvent> certaintiesByQuestion,
                 Map<String, String> deadLetterReasons, JsonNode snapshot) {
        JsonNode sinceStart() {
            return snapshot.path("windows").path("since-start");
        }
    }

    @BeforeAll
    void startPipelineAndRunTheReference() throws Exception {
        pipeline = new Pipeline("faults");
        dataset = writeDataset(pipeline.runDir.resolve("questions.jsonl"), N);
        pipeline.startSimulator("--seed=20240520", "--questionBank=" + dataset, "--timeoutMs=5000", "--retryAfterSeconds=1");
        pipeline.startService("analysis-service", Map.of());
        pipeline.startService("certainty-service", Map.of("CPA_MODEL_TIMEOUT", "4s"));
        // one question at a time, so that question i is the simulator's i-th answer; enough attempts that a question
        // fails for good under the model faults with probability 0.42^12 (about 3e-5), so draws never shift
        pipeline.startService("answer-service", Map.of("CPA_BENCHMARK_CONCURRENCY", "1", "CPA_MODEL_TIMEOUT", "4s",
                "CPA_BENCHMARK_MAX_ATTEMPTS", "12", "CPA_BENCHMARK_BACKOFF", "50ms", "CPA_BENCHMARK_MAX_BACKOFF", "1s"));
        for (String s : List.of("answer-service", "certainty-service", "analysis-service")) {
            pipeline.awaitReady(s, Duration.ofSeconds(180));
        }
        reference = runPhase("reference", Map.of(), runId -> { });
        assertThat(reference.certaintiesByQuestion()).hasSize(N);
        assertThat(reference.deadLetterReasons()).isEmpty();
        // the reference itself, against an independent computation of rho and tau-b over its (IC, VC) pairs
        assertStatisticsOf(reference, new ArrayList<>(reference.certaintiesByQuestion().values()));
        System.out.printf("faults: reference n=%d rho=%.6f tau=%.6f%n", reference.sinceStart().path("pairedN").asLong(),
                reference.sinceStart().at("/spearman/value").asDouble(), reference.sinceStart().at("/kendall/value").asDouble());
    }

    @AfterAll
    void stop() {
        if (pipeline != null) pipeline.close();
    }

    @Test
    @Order(1)
    void brokerStoppedAndRestartedMidStream() throws Exception {
        Phase p = runPhase("broker", Map.of(), runId -> {
            for (int k = 1; k <= KILLS; k++) {
                awaitAnswers("broker", k * N / (KILLS + 2));
                pipeline.restartBroker(Duration.ofSeconds(3));
            }
        });
        assertSameAsReference(p);
    }

    @Test
    @Order(2)
    void certaintyServiceKilledMidStream() throws Exception {
        Phase p = runPhase("kill-certainty", Map.of(), runId -> killAndRestart("kill-certainty", "certainty-service"));
        assertSameAsReference(p);
    }

    @Test
    @Order(3)
    void analysisServiceKilledMidStream() throws Exception {
        Phase p = runPhase("kill-analysis", Map.of(), runId -> killAndRestart("kill-analysis", "analysis-service"));
        assertSameAsReference(p);
    }

    /**
     * A benchmark run lives in the answer-service's memory: a SIGKILL ends it. The test then asks the questions not yet
     * answered as a new run, the way an operator would. The call in flight at the kill may have drawn an answer that
     * was never published; that question is then left out (asking it again would take the next draw), and the
     * statistics are compared with the reference restricted to the questions that have certainties.
     */
    @Test
    @Order(4)
    void answerServiceKilledMidRun() throws Exception {
        String source = "kill-answer";
        pipeline.restartSimulator();
        List<String> questions = Files.readAllLines(dataset);
        int drawn = 0;
        int lost = 0;
        for (int k = 1; k <= KILLS + 1; k++) {
            Path rest = pipeline.runDir.resolve("questions-" + source + "-" + k + ".jsonl");
            Files.write(rest, questions.subList(drawn, N));
            String runId = startRun(source, rest, N - drawn);
            if (k > KILLS) {
                assertThat(awaitRun(runId).path("failed").asLong()).isZero();
                break;
            }
            awaitAnswers(source, drawn + (N - drawn) / 3);
            pipeline.kill("answer-service");
            int published = Ledger.read(bootstrap()).answersOf(source).size();
            drawn = (int) simulatorAnswers();
            assertThat(drawn - published - lost).as("answers drawn but not published at the kill").isBetween(0, 1);
            lost = drawn - published;
            System.out.printf("faults: answer-service killed in run %s: %d published, %d drawn%n", runId, published, drawn);
            pipeline.restart("answer-service");
            pipeline.awaitReady("answer-service", Duration.ofSeconds(180));
        }
        Phase p = settle(source, Set.of());
        assertAccounted(p, Set.of());
        assertRestrictedToReference(p);
    }

    @Test
    @Order(5)
    void modelFaults() throws Exception {
        Map<String, String> faults = Map.of("errorRate500", "0.30", "errorRate429", "0.05", "timeoutRate", "0.02",
                "garbageRate", "0.05");
        Phase p = runPhase("model-faults", faults, runId -> { });
        JsonNode stats = EventJson.mapper().readTree(pipeline.get("model-simulator", "/sim/stats").body());
        System.out.println("faults: model faults injected " + stats.path("faultsInjected") + ", certainty repeats "
                + stats.path("certaintyRepeats") + ", dead letters " + p.deadLetterReasons().size());
        for (String kind : List.of("error500", "error429", "timeout", "garbage")) {
            assertThat(stats.at("/faultsInjected/" + kind).asLong()).as(kind).isPositive();
        }
        assertThat(stats.path("certaintyFallbacks").asLong()).as("no certainty call without its answer's draw").isZero();
        // a certainty call that still fails after its attempts is a dead letter by design: compare what has certainties
        assertThat(p.deadLetterReasons().values()).allSatisfy(r -> assertThat(r).matches("(?s)after \\d+ attempts?: .+"));
        assertRestrictedToReference(p);
    }

    /**
     * Malformed records written straight into cpa.answers and cpa.certainties mid-stream: each lands in its topic's DLQ
     * with a reason, a duplicated answer id produces no second certainty and no second count, and the series ends
     * equal to the reference. The broker accepts values up to 16 MiB (message.max.bytes of the embedded broker), so a
     * 10 MB value reaches the topic and must reach its DLQ with the rest.
     */
    @Test
    @Order(6)
    void malformedAndDuplicatedRecords() throws Exception {
        String source = "malformed";
        Map<String, String> expectedAnswerReasons = new LinkedHashMap<>();
        Map<Long, String> expectedCertaintyReasons = new LinkedHashMap<>();
        Set<Long> injectedCertaintyOffsets = new HashSet<>();
        Phase p = runPhase(source, Map.of(), runId -> {
            awaitCertainties(source, N / 3);
            Ledger now = Ledger.read(bootstrap());
            ConsumerRecord<String, String> anAnswer = now.answers().stream()
                    .filter(r -> Ledger.tryAnswer(r.value()) != null && Ledger.tryAnswer(r.value()).source().equals(source))
                    .findFirst().orElseThrow();
            ConsumerRecord<String, String> aCertainty = now.certainties().stream()
                    .filter(r -> Ledger.tryCertainty(r.value()) != null && source.equals(Ledger.tryCertainty(r.value()).source()))
                    .findFirst().orElseThrow();
            try (KafkaProducer<String, String> raw = rawProducer()) {
                Map<String, String> answers = malformedAnswers(anAnswer.value());
                for (Map.Entry<String, String> e : answers.entrySet()) {
                    send(raw, Topics.ANSWERS, e.getKey(), e.getValue());
                }
                expectedAnswerReasons.put("malformed-not-json", "not JSON");
                expectedAnswerReasons.put("malformed-schema", "unsupported schemaVersion 99");
                expectedAnswerReasons.put("malformed-ic-nan", "IC outside [0,1]");
                expectedAnswerReasons.put("malformed-ic-negative", "IC outside [0,1]");
                expectedAnswerReasons.put("malformed-ic-above-one", "IC outside [0,1]");
                expectedAnswerReasons.put("malformed-logprob-nan", "logprob");
                expectedAnswerReasons.put("malformed-logprob-positive", "logprob");
                expectedAnswerReasons.put("malformed-empty-top-logprobs", "but logprobs give no IC: the first token has no top-k");
                // the same answer id again, byte for byte: the certainty-service must not elicit it twice
                send(raw, Topics.ANSWERS, anAnswer.key(), anAnswer.value());

                for (Map.Entry<String, String[]> e : malformedCertainties(aCertainty.value()).entrySet()) {
                    RecordMetadata m = send(raw, Topics.CERTAINTIES, aCertainty.key(), e.getValue()[0]);
                    expectedCertaintyReasons.put(m.offset() * 1000 + m.partition(), e.getValue()[1]);
                    injectedCertaintyOffsets.add(m.offset() * 1000 + m.partition());
                }
                // a certainty for the same answer again: the analysis must not count it twice
                RecordMetadata dup = send(raw, Topics.CERTAINTIES, aCertainty.key(), aCertainty.value());
                injectedCertaintyOffsets.add(dup.offset() * 1000 + dup.partition());

                // the broker takes values up to 16 MiB (message.max.bytes): a 10 MB record is accepted, and must end in
                // the DLQ like any other unreadable one, not stall the consumer that cannot forward it
                String big = "{\"schemaVersion\": 1, \"padding\": \"" + "x".repeat(10 * 1024 * 1024) + "\"}";
                send(raw, Topics.ANSWERS, "malformed-10mb", big);
                expectedAnswerReasons.put("malformed-10mb", "invalid AnswerEvent");
                RecordMetadata bigCertainty = send(raw, Topics.CERTAINTIES, aCertainty.key(), big);
                expectedCertaintyReasons.put(bigCertainty.offset() * 1000 + bigCertainty.partition(), "invalid CertaintyEvent");
                injectedCertaintyOffsets.add(bigCertainty.offset() * 1000 + bigCertainty.partition());
            }
        }, injectedCertaintyOffsets);

        Ledger ledger = awaitDeadLetters(expectedAnswerReasons.keySet(), expectedCertaintyReasons.size());
        for (Map.Entry<String, String> e : expectedAnswerReasons.entrySet()) {
            List<ConsumerRecord<String, String>> dead = ledger.answerDeadLetters().stream().filter(r -> e.getKey().equals(r.key())).toList();
            assertThat(dead).as(e.getKey()).hasSize(1);
            assertThat(TopicClient.header(dead.get(0), "dead-letter-reason")).as(e.getKey()).contains(e.getValue());
            assertThat(TopicClient.header(dead.get(0), "dead-letter-topic")).isEqualTo(Topics.ANSWERS);
        }
        Map<Long, String> seen = new HashMap<>();
        for (ConsumerRecord<String, String> r : ledger.certaintyDeadLetters()) {
            long offset = Long.parseLong(TopicClient.header(r, "dead-letter-offset"));
            long partition = Long.parseLong(TopicClient.header(r, "dead-letter-partition"));
            seen.put(offset * 1000 + partition, TopicClient.header(r, "dead-letter-reason"));
        }
        for (Map.Entry<Long, String> e : expectedCertaintyReasons.entrySet()) {
            assertThat(seen).as("certainty dead letter at %d", e.getKey()).containsKey(e.getKey());
            assertThat(seen.get(e.getKey())).contains(e.getValue());
        }
        // malformed answers must not have produced certainties on any series
        assertThat(ledger.certainties()).noneMatch(r -> {
            CertaintyEvent c = Ledger.tryCertainty(r.value());
            return c != null && c.answerId().startsWith("malformed-");
        });
        assertSameAsReference(p);
    }

    /**
     * What production traffic sends, written straight into cpa.answers mid-stream: a free-form answer (no options), a
     * blank answer, a reply with only tool calls, a refusal, a 2 MB answer and an answer naming an unknown variant. Each
     * ends with exactly one outcome (a certainty of the no-options variant, a skip with its reason, or a dead letter),
     * the certainty-service stays healthy, and the phase's own answers still all get their certainties: the series
     * equals the reference.
     */
    @Test
    @Order(7)
    void poisonAnswersOfProductionTraffic() throws Exception {
        String source = "poison";
        String injected = "poison-injected";
        Map<String, String> expected = new LinkedHashMap<>();
        Phase p = runPhase(source, Map.of(), runId -> {
            awaitAnswers(source, N / 3);
            String valid = Ledger.read(bootstrap()).answers().stream().map(ConsumerRecord::value)
                    .filter(v -> Ledger.tryAnswer(v) != null && Ledger.tryAnswer(v).source().equals(source)).findFirst().orElseThrow();
            try (KafkaProducer<String, String> raw = rawProducer()) {
                for (Map.Entry<String, String> e : poisonAnswers(valid).entrySet()) send(raw, Topics.ANSWERS, e.getKey(), e.getValue());
            }
            expected.put("poison-no-options", "certainty ttp-lsu");
            expected.put("poison-huge", "certainty ttp-lsu");
            expected.put("poison-blank", "skip empty");
            expected.put("poison-tool-calls", "skip tool-calls");
            expected.put("poison-refusal", "skip refusal");
            expected.put("poison-unknown-variant", "dead letter field certaintyVariants: unknown certainty prompt variant 'nope'");
        });
        assertSameAsReference(p);
        Map<String, String> outcomes = new LinkedHashMap<>();
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (outcomes.size() < expected.size() && System.nanoTime() < deadline) {
            outcomes.clear();
            Ledger ledger = Ledger.read(bootstrap());
            ledger.certaintiesOf(injected, Set.of()).forEach(c -> outcomes.merge(c.answerId(), "certainty " + c.variant()
                    + (Boolean.TRUE.equals(c.quoteCut()) ? " cut" : ""), (a, b) -> a + " AND " + b));
            ledger.skipsOf(injected).forEach(k -> outcomes.merge(k.answerId(), "skip " + k.reason(), (a, b) -> a + " AND " + b));
            ledger.answerDeadLettersOf(injected).forEach((id, reasons) -> reasons.forEach(r ->
                    outcomes.merge(id, "dead letter " + r, (a, b) -> a + " AND " + b)));
            Pipeline.sleep(500);
        }
        expected.put("poison-huge", "certainty ttp-lsu cut");
        assertThat(outcomes.keySet()).isEqualTo(expected.keySet());
        for (Map.Entry<String, String> e : expected.entrySet()) {
            assertThat(outcomes.get(e.getKey())).as(e.getKey()).startsWith(e.getValue()).doesNotContain(" AND ");
        }
        assertThat(pipeline.get("certainty-service", "/q/health").statusCode()).isEqualTo(200);
    }

    /** Copies of a real answer turned into what production traffic sends, under keys naming each kind. */
    static Map<String, String> poisonAnswers(String valid) throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        Edit freeForm = n -> {
            n.putArray("options");
            n.remove("chosenOption");
            n.remove("goldLabel");
            n.remove("correct");
            n.remove("logprobs");
            n.put("confidenceSource", "NONE");
            ((ObjectNode) n.get("confidence")).putNull("value").put("aggregator", "mean-logprob").put("missingReason", "none")
                    .remove("chosenOption");
        };
        out.put("poison-no-options", poisoned(valid, "poison-no-options", n -> {
            freeForm.apply(n);
            n.put("answerText", "Books are lent by a library, which is what the question is after.");
        }));
        out.put("poison-huge", poisoned(valid, "poison-huge", n -> {
            freeForm.apply(n);
            n.put("answerText", "all work and no play ".repeat(100_000));
        }));
        out.put("poison-blank", poisoned(valid, "poison-blank", n -> {
            freeForm.apply(n);
            n.put("answerText", "   ");
        }));
        out.put("poison-tool-calls", poisoned(valid, "poison-tool-calls", n -> {
            freeForm.apply(n);
            n.remove("answerText");
            n.put("noTextReason", "tool-calls");
        }));
        out.put("poison-refusal", poisoned(valid, "poison-refusal", n -> {
            freeForm.apply(n);
            n.remove("answerText");
            n.put("noTextReason", "refusal");
        }));
        out.put("poison-unknown-variant", poisoned(valid, "poison-unknown-variant", n -> n.putArray("certaintyVariants").add("nope")));
        return out;
    }

    static String poisoned(String json, String id, Edit edit) throws Exception {
        ObjectNode n = (ObjectNode) EventJson.mapper().readTree(json);
        n.put("answerId", id);
        n.put("source", "poison-injected");
        edit.apply(n);
        return EventJson.mapper().writeValueAsString(n);
    }

    // ---------------------------------------------------------------------------------------------------- phases

    @FunctionalInterface
    interface Fault {
        void inject(String runId) throws Exception;
    }

    Phase runPhase(String source, Map<String, String> simulatorFaults, Fault fault) throws Exception {
        return runPhase(source, simulatorFaults, fault, Set.of());
    }

    Phase runPhase(String source, Map<String, String> simulatorFaults, Fault fault, Set<Long> injectedCertaintyOffsets)
            throws Exception {
        pipeline.restartSimulator();
        if (!simulatorFaults.isEmpty()) {
            HttpResponse<String> r = pipeline.postJson("model-simulator", "/sim/config",
                    EventJson.mapper().writeValueAsString(simulatorFaults));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        }
        String runId = startRun(source, dataset, N);
        fault.inject(runId);
        JsonNode run = awaitRun(runId);
        assertThat(run.path("failed").asLong()).as("questions that failed for good: " + run).isZero();
        Phase p = settle(source, injectedCertaintyOffsets);
        assertAccounted(p, injectedCertaintyOffsets);
        return p;
    }

    void killAndRestart(String source, String service) throws Exception {
        for (int k = 1; k <= KILLS; k++) {
            awaitAnswers(source, k * N / (KILLS + 2));
            pipeline.kill(service);
            Pipeline.sleep(1000); // answers go on arriving while it is down
            pipeline.restart(service);
            pipeline.awaitReady(service, Duration.ofSeconds(180));
        }
    }

    String startRun(String source, Path questions, int limit) throws Exception {
        HttpResponse<String> started = pipeline.postJson("answer-service", "/api/runs",
                "{\"limit\": " + limit + ", \"ratePerSecond\": " + RATE + ", \"source\": \"" + source
                        + "\", \"dataset\": \"commonsense_qa\", \"path\": \"" + questions + "\"}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        return EventJson.mapper().readTree(started.body()).path("id").asText();
    }

    JsonNode awaitRun(String runId) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        JsonNode status = null;
        while (System.nanoTime() < deadline) {
            status = EventJson.mapper().readTree(pipeline.get("answer-service", "/api/runs/" + runId).body());
            if (!status.path("state").asText().equals("running")) return status;
            Pipeline.sleep(300);
        }
        throw new AssertionError("run " + runId + " did not finish: " + status);
    }

    /**
     * Waits until every answer of the source has a certainty or a dead letter, nothing more arrives for a while (a
     * duplicate would come late), and the analysis has counted every certainty; returns the books.
     */
    Phase settle(String source, Set<Long> injectedCertaintyOffsets) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        String last = "";
        int stable = 0;
        int lastTotal = -1;
        while (System.nanoTime() < deadline) {
            Ledger ledger = Ledger.read(bootstrap());
            Set<String> ids = ledger.answersOf(source).stream().map(AnswerEvent::answerId).collect(Collectors.toSet());
            List<CertaintyEvent> certainties = ledger.certaintiesOf(source, injectedCertaintyOffsets);
            Map<String, List<String>> dead = ledger.answerDeadLettersOf(source);
            int total = certainties.size() + dead.values().stream().mapToInt(List::size).sum();
            Set<String> done = new HashSet<>(dead.keySet());
            certainties.forEach(c -> done.add(c.answerId()));
            last = ids.size() + " answers, " + certainties.size() + " certainties, " + dead.size() + " dead letters";
            if (done.containsAll(ids) && !ids.isEmpty()) {
                stable = total == lastTotal ? stable + 1 : 0;
                if (stable >= 3) {
                    JsonNode snapshot = awaitAnalysis(source, certainties.size());
                    return phase(source, ledger, injectedCertaintyOffsets, snapshot);
                }
            }
            lastTotal = total;
            Pipeline.sleep(1000);
        }
        throw new AssertionError(source + ": not every answer accounted for: " + last);
    }

    Phase phase(String source, Ledger ledger, Set<Long> injectedCertaintyOffsets, JsonNode snapshot) {
        Map<String, AnswerEvent> answers = new LinkedHashMap<>();
        for (AnswerEvent a : ledger.answersOf(source)) answers.putIfAbsent(a.questionId(), a);
        Map<String, CertaintyEvent> certainties = new LinkedHashMap<>();
        for (CertaintyEvent c : ledger.certaintiesOf(source, injectedCertaintyOffsets)) certainties.putIfAbsent(c.questionId(), c);
        Map<String, String> dead = new LinkedHashMap<>();
        ledger.answerDeadLettersOf(source).forEach((id, reasons) -> dead.put(id, reasons.get(0)));
        return new Phase(source, answers, certainties, dead, snapshot);
    }

    JsonNode awaitAnalysis(String source, int certainties) throws Exception {
        String key = "cpa-simulator|" + source + "|cqp";
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = pipeline.get("analysis-service", "/api/series/" + URLEncoder.encode(key, StandardCharsets.UTF_8));
            last = r.statusCode() + " " + r.body();
            if (r.statusCode() == 200) {
                JsonNode s = EventJson.mapper().readTree(r.body());
                if (s.path("received").asLong() >= certainties) {
                    Pipeline.sleep(1500); // a certainty counted twice would show up now
                    JsonNode again = EventJson.mapper().readTree(pipeline.get("analysis-service",
                            "/api/series/" + URLEncoder.encode(key, StandardCharsets.UTF_8)).body());
                    assertThat(again.path("received").asLong()).as(key + " received").isEqualTo(certainties);
                    return again;
                }
            }
            Pipeline.sleep(500);
        }
        throw new AssertionError(key + " did not reach " + certainties + " certainties: " + last);
    }

    // ---------------------------------------------------------------------------------------------------- checks

    /** Every answer id: exactly one certainty or one dead letter with a reason, never both, never twice. */
    void assertAccounted(Phase p, Set<Long> injectedCertaintyOffsets) {
        Ledger ledger = Ledger.read(bootstrap());
        List<AnswerEvent> answers = ledger.answersOf(p.source());
        Set<String> ids = answers.stream().map(AnswerEvent::answerId).collect(Collectors.toSet());
        Set<String> questions = answers.stream().map(AnswerEvent::questionId).collect(Collectors.toSet());
        assertThat(questions).as(p.source() + ": one answer per question").hasSize(ids.size());
        Map<String, Long> certaintiesPerAnswer = ledger.certaintiesOf(p.source(), injectedCertaintyOffsets).stream()
                .collect(Collectors.groupingBy(CertaintyEvent::answerId, Collectors.counting()));
        assertThat(certaintiesPerAnswer.values()).as(p.source() + ": certainties per answer").allMatch(c -> c == 1);
        Map<String, List<String>> dead = ledger.answerDeadLettersOf(p.source());
        assertThat(dead.values()).as(p.source() + ": dead letters per answer").allMatch(l -> l.size() == 1);
        assertThat(dead.values()).allSatisfy(l -> assertThat(l.get(0)).isNotBlank());
        Set<String> both = new HashSet<>(certaintiesPerAnswer.keySet());
        both.retainAll(dead.keySet());
        assertThat(both).as(p.source() + ": answers with a certainty and a dead letter").isEmpty();
        Set<String> outcomes = new HashSet<>(certaintiesPerAnswer.keySet());
        outcomes.addAll(dead.keySet());
        assertThat(outcomes).as(p.source() + ": answers with an outcome").isEqualTo(ids);
    }

    /** The since-start window equals the reference's, field by field (real numbers to 1e-9). */
    void assertSameAsReference(Phase p) {
        assertThat(p.certaintiesByQuestion()).hasSize(N);
        assertThat(p.deadLetterReasons()).isEmpty();
        for (Map.Entry<String, CertaintyEvent> e : p.certaintiesByQuestion().entrySet()) {
            CertaintyEvent ref = reference.certaintiesByQuestion().get(e.getKey());
            assertThat(pair(e.getValue())).as(p.source() + " question " + e.getKey()).isEqualTo(pair(ref));
        }
        assertJsonEquals(p.source(), p.sinceStart(), reference.sinceStart());
        System.out.printf("faults: %s equals the reference: n=%d rho=%.6f%n", p.source(), p.sinceStart().path("pairedN").asLong(),
                p.sinceStart().at("/spearman/value").asDouble());
    }

    /**
     * Where a fault by design leaves some answers without a certainty: each certainty equals the reference's for its
     * question, and the statistics equal an independent computation over the reference restricted to those questions.
     */
    void assertRestrictedToReference(Phase p) {
        List<CertaintyEvent> restricted = new ArrayList<>();
        for (Map.Entry<String, CertaintyEvent> e : p.certaintiesByQuestion().entrySet()) {
            CertaintyEvent ref = reference.certaintiesByQuestion().get(e.getKey());
            assertThat(ref).as(e.getKey()).isNotNull();
            assertThat(pair(e.getValue())).as(p.source() + " question " + e.getKey()).isEqualTo(pair(ref));
            restricted.add(ref);
        }
        assertThat(restricted.size()).as("certainties").isGreaterThan(N / 2);
        assertStatisticsOf(p, restricted);
        System.out.printf("faults: %s equals the reference restricted to %d of %d questions: n=%d rho=%.6f%n", p.source(),
                restricted.size(), N, p.sinceStart().path("pairedN").asLong(), p.sinceStart().at("/spearman/value").asDouble());
    }

    /**
     * Since-start comes from the time buckets, which hold an IC as its 10^-5 cell and a VC as its 0.001 code: two ICs
     * in one cell are a tie there. The independent computation ranks the same grid (600 answers of the long suite
     * hold such a pair more often than not; 120 rarely do).
     */
    void assertStatisticsOf(Phase p, List<CertaintyEvent> events) {
        List<double[]> pairs = new ArrayList<>();
        for (CertaintyEvent c : events) {
            if (c.ic() != null && c.certainty().value() != null) {
                pairs.add(new double[]{ReferenceCalibration.bucketIc(c.ic()), ReferenceCalibration.bucketVc(c.certainty().value())});
            }
        }
        JsonNode w = p.sinceStart();
        assertThat(w.path("pairedN").asLong()).as(p.source() + " pairedN").isEqualTo(pairs.size());
        assertThat(w.at("/spearman/value").asDouble()).as(p.source() + " rho").isCloseTo(Independent.spearman(pairs), within(TOLERANCE));
        assertThat(w.at("/kendall/value").asDouble()).as(p.source() + " tau-b").isCloseTo(Independent.kendallTauB(pairs), within(TOLERANCE));
    }

    static List<Object> pair(CertaintyEvent c) {
        return List.of(String.valueOf(c.ic()), String.valueOf(c.certainty().value()), String.valueOf(c.correct()),
                String.valueOf(c.chosenOption()));
    }

    static void assertJsonEquals(String where, JsonNode actual, JsonNode expected) {
        if (expected.isNumber() && !expected.isIntegralNumber()) {
            assertThat(actual.isNumber()).as(where).isTrue();
            assertThat(actual.asDouble()).as(where).isCloseTo(expected.asDouble(), within(TOLERANCE));
        } else if (expected.isObject()) {
            assertThat(actual.isObject()).as(where).isTrue();
            List<String> a = new ArrayList<>();
            actual.fieldNames().forEachRemaining(a::add);
            List<String> e = new ArrayList<>();
            expected.fieldNames().forEachRemaining(e::add);
            assertThat(a).as(where + " fields").isEqualTo(e);
            for (String f : e) assertJsonEquals(where + "." + f, actual.get(f), expected.get(f));
        } else if (expected.isArray()) {
            assertThat(actual.size()).as(where + " size").isEqualTo(expected.size());
            for (int i = 0; i < expected.size(); i++) assertJsonEquals(where + "[" + i + "]", actual.get(i), expected.get(i));
        } else {
            assertThat(actual).as(where).isEqualTo(expected);
        }
    }

    // ---------------------------------------------------------------------------------------------------- inputs

    /** N distinct five-option questions in the CommonsenseQA shape, with a seeded gold label each. */
    static Path writeDataset(Path file, int n) throws Exception {
        SplittableRandom random = new SplittableRandom(11);
        List<String> lines = new ArrayList<>();
        String[] labels = {"A", "B", "C", "D", "E"};
        for (int i = 0; i < n; i++) {
            ObjectNode q = EventJson.mapper().createObjectNode();
            q.put("id", "fq-" + i);
            q.put("question", "In fault drill number " + i + ", which of the listed items is the one that belongs?");
            ObjectNode choices = q.putObject("choices");
            ArrayNode l = choices.putArray("label");
            ArrayNode t = choices.putArray("text");
            for (String label : labels) {
                l.add(label);
                t.add("item " + label.toLowerCase() + " of drill " + i);
            }
            q.put("answerKey", labels[random.nextInt(labels.length)]);
            lines.add(EventJson.mapper().writeValueAsString(q));
        }
        Files.write(file, lines);
        return file;
    }

    /** Copies of a real answer, each broken in one way, under keys naming the way. */
    static Map<String, String> malformedAnswers(String valid) throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("malformed-not-json", "this is not JSON {");
        out.put("malformed-schema", withId(valid, "malformed-schema", n -> n.put("schemaVersion", 99)));
        out.put("malformed-ic-nan", withId(valid, "malformed-ic-nan", n -> ((ObjectNode) n.get("confidence")).put("value", "NaN")));
        out.put("malformed-ic-negative", withId(valid, "malformed-ic-negative", n -> ((ObjectNode) n.get("confidence")).put("value", -0.25)));
        out.put("malformed-ic-above-one", withId(valid, "malformed-ic-above-one", n -> ((ObjectNode) n.get("confidence")).put("value", 1.5)));
        out.put("malformed-logprob-nan", withId(valid, "malformed-logprob-nan", n -> firstToken(n).put("logprob", "NaN")));
        out.put("malformed-logprob-positive", withId(valid, "malformed-logprob-positive", n -> firstToken(n).put("logprob", 0.7)));
        out.put("malformed-empty-top-logprobs", withId(valid, "malformed-empty-top-logprobs", n -> firstToken(n).putArray("topLogprobs")));
        return out;
    }

    static ObjectNode firstToken(ObjectNode answer) {
        return (ObjectNode) answer.path("logprobs").path("tokens").get(0);
    }

    /** Copies of a real certainty, each broken in one way, with the reason the DLQ must give. */
    static Map<String, String[]> malformedCertainties(String valid) throws Exception {
        Map<String, String[]> out = new LinkedHashMap<>();
        out.put("not-json", new String[]{"{\"schemaVersion\": 1, \"answerId\": ", "not JSON"});
        out.put("schema", new String[]{withId(valid, "malformed-c-schema", n -> n.put("schemaVersion", 99)), "unsupported schemaVersion 99"});
        out.put("ic-nan", new String[]{withId(valid, "malformed-c-nan", n -> n.put("ic", "NaN")), "ic outside [0,1]"});
        out.put("ic-negative", new String[]{withId(valid, "malformed-c-neg", n -> n.put("ic", -0.1)), "ic outside [0,1]"});
        out.put("ic-above-one", new String[]{withId(valid, "malformed-c-big", n -> n.put("ic", 1.5)), "ic outside [0,1]"});
        return out;
    }

    interface Edit {
        void apply(ObjectNode node);
    }

    static String withId(String json, String id, Edit edit) throws Exception {
        ObjectNode n = (ObjectNode) EventJson.mapper().readTree(json);
        n.put("answerId", id);
        if (n.has("source") && n.has("question")) n.put("source", "malformed-injected");
        edit.apply(n);
        return EventJson.mapper().writeValueAsString(n);
    }

    // ---------------------------------------------------------------------------------------------------- helpers

    String bootstrap() {
        return pipeline.broker.bootstrapServers();
    }

    KafkaProducer<String, String> rawProducer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(), ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 16 * 1024 * 1024, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 20_000), new StringSerializer(), new StringSerializer());
    }

    static RecordMetadata send(KafkaProducer<String, String> producer, String topic, String key, String value) throws Exception {
        return producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
    }

    long simulatorAnswers() throws Exception {
        return EventJson.mapper().readTree(pipeline.get("model-simulator", "/sim/stats").body()).path("answers").asLong();
    }

    void awaitAnswers(String source, int count) {
        awaitLedger(source + " answers >= " + count, l -> l.answersOf(source).size() >= count);
    }

    void awaitCertainties(String source, int count) {
        awaitLedger(source + " certainties >= " + count, l -> l.certaintiesOf(source, Set.of()).size() >= count);
    }

    void awaitLedger(String what, java.util.function.Predicate<Ledger> done) {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            if (done.test(Ledger.read(bootstrap()))) return;
            Pipeline.sleep(250);
        }
        throw new AssertionError("timed out waiting for " + what);
    }

    Ledger awaitDeadLetters(Set<String> answerKeys, int certaintyDeadLetters) {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        Ledger ledger = null;
        while (System.nanoTime() < deadline) {
            ledger = Ledger.read(bootstrap());
            Set<String> keys = ledger.answerDeadLetters().stream().map(ConsumerRecord::key).collect(Collectors.toSet());
            if (keys.containsAll(answerKeys) && ledger.certaintyDeadLetters().size() >= certaintyDeadLetters) return ledger;
            Pipeline.sleep(500);
        }
        return ledger;
    }

}
