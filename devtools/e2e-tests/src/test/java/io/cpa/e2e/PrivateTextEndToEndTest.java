package io.cpa.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cpa.event.AnswerEvent;
import io.cpa.event.CertaintyEvent;
import io.cpa.event.EventJson;
import io.cpa.event.Topics;
import io.cpa.kafka.TopicClient;
import io.cpa.prompt.AnswerPrompt;
import io.cpa.question.ChoiceOption;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The marker test of private text: one pipeline, three routes to the same simulator with three text policies,
 * {@code open} ({@code keep}, the default), {@code cut} ({@code cpa.routes.cut.text=truncate}, 200 characters) and
 * {@code secret} ({@code cpa.routes.secret.text=none}, with a transit key on the answer-service and the
 * certainty-service and a digest key). Proxy (multiple choice and free form), ingest and OTLP traffic of each route
 * carries a marker unique to the route and the run in its prompt, its option texts and (ingest, OTLP) its answer.
 * Once every answer has its certainty and the analysis-service has counted it, the marker of {@code secret} is
 * searched for in every record (key, value, headers) of every topic, internal and dead-letter ones included, read
 * from the beginning; in the raw bytes of every file of the run (the broker's log segments, every service's state
 * folder with the analysis-service's RocksDB stores, every log file); in {@code /q/metrics} of every service and in
 * every REST response of the analysis-service. It must be nowhere, while every {@code secret} answer still got its
 * certainty. Controls: the {@code open} marker IS found on {@code cpa.answers} and in the broker's files (the
 * searches work), and of {@code cut} the head of the prompt is found there while its tail past 200 characters is
 * found nowhere.
 */
class PrivateTextEndToEndTest {
    static final int PER_KIND = 6;
    static final String[] ROUTES = {"open", "cut", "secret"};

    @Test
    void withheldTextIsFoundNowhereKeptTextIsAndCutTextOnlyAsItsHead() throws Exception {
        String run = HexFormat.of().formatHex(SecureRandom.getSeed(6));
        Map<String, String> marker = new LinkedHashMap<>();
        for (String r : ROUTES) marker.put(r, "qzx" + r + run + "mark");
        String cutTail = "qzxcuttail" + run + "mark";
        byte[] transitKey = new byte[32];
        new SecureRandom().nextBytes(transitKey);
        byte[] digestKey = new byte[32];
        new SecureRandom().nextBytes(digestKey);

        try (Pipeline pipeline = new Pipeline("private-text")) {
            pipeline.startSimulator("--seed=5");
            Map<String, String> env = new LinkedHashMap<>();
            for (String r : ROUTES) {
                String name = r.toUpperCase();
                env.put("CPA_ROUTES_" + name + "_MODELS", "cpa-" + r);
                env.put("CPA_ROUTES_" + name + "_BASE_URL", pipeline.simulatorUrl());
            }
            env.put("CPA_ROUTES_CUT_TEXT", "truncate");
            env.put("CPA_ROUTES_SECRET_TEXT", "none");
            env.put("CPA_PRIVACY_TRANSIT_KEY", Base64.getEncoder().encodeToString(transitKey));
            env.put("CPA_PRIVACY_DIGEST_KEY", Base64.getEncoder().encodeToString(digestKey));
            pipeline.startService("analysis-service", Map.of());
            pipeline.startService("certainty-service", env);
            pipeline.startService("answer-service", env);
            for (String s : List.of("answer-service", "certainty-service", "analysis-service")) pipeline.awaitReady(s, Duration.ofSeconds(180));

            int sent = 0;
            for (String r : ROUTES) {
                for (int i = 0; i < PER_KIND; i++) {
                    // the head marker first; for cut, the tail marker well past 200 characters
                    String question = marker.get(r) + " question " + i + " where are books lent?"
                            + (r.equals("cut") ? " " + "padding ".repeat(40) + cutTail : "");
                    List<ChoiceOption> options = List.of(new ChoiceOption("A", "a river " + marker.get(r)), new ChoiceOption("B", "a library"));
                    proxy(pipeline, "cpa-" + r, AnswerPrompt.render(question, options));
                    proxy(pipeline, "cpa-" + r, question);
                    ingest(pipeline, "cpa-" + r, question, "The answer is " + marker.get(r) + (r.equals("cut") ? " " + "x".repeat(250) + cutTail : ""));
                    otlp(pipeline, "cpa-" + r, question, "Books are lent by " + marker.get(r));
                    sent += 4;
                }
            }

            // every answer ends as a certainty (or, unexpectedly, a skip or dead letter: then the count below fails)
            List<AnswerEvent> answers;
            List<CertaintyEvent> certainties;
            try (TopicClient kafka = new TopicClient(pipeline.broker.bootstrapServers())) {
                int expected = sent;
                answers = kafka.readUntil(Topics.ANSWERS, rs -> rs.size() >= expected, Duration.ofMinutes(3)).stream()
                        .map(rec -> EventJson.readAnswer(rec.value())).toList();
                assertThat(answers).hasSize(sent);
                certainties = kafka.readUntil(Topics.CERTAINTIES, rs -> rs.size() >= expected, Duration.ofMinutes(4)).stream()
                        .map(rec -> EventJson.readCertainty(rec.value())).toList();
            }
            assertThat(certainties).as("one certainty per answer: the secret route's too, asked through sealed transit").hasSize(sent);
            assertThat(TopicClient.readAll(pipeline.broker.bootstrapServers(), Topics.SKIPS)).isEmpty();
            for (CertaintyEvent c : certainties) {
                if (c.model().equals("cpa-secret")) {
                    assertThat(c.redaction().text()).isEqualTo("none");
                    assertThat(c.certainty().raw()).isEmpty();
                    assertThat(c.redaction().replyDigest()).startsWith("hmac-sha256:");
                }
            }
            for (AnswerEvent a : answers) {
                if (a.model().equals("cpa-secret")) {
                    assertThat(a.redaction().sealed()).startsWith("v1:");
                    assertThat(a.redaction().questionDigest()).startsWith("hmac-sha256:");
                }
                if (a.model().equals("cpa-cut")) assertThat(a.redaction().text()).isEqualTo("truncate");
                if (a.model().equals("cpa-open")) assertThat(a.redaction()).isNull();
            }
            JsonNode sim = EventJson.mapper().readTree(pipeline.get("model-simulator", "/sim/stats").body()).path("byRequestedModel");
            assertThat(sim.path("cpa-secret").path("certaintyCalls").asLong()).isGreaterThanOrEqualTo(4L * PER_KIND);

            // the analysis-service has counted every certainty
            Map<String, Integer> perSeries = new LinkedHashMap<>();
            for (CertaintyEvent c : certainties) perSeries.merge(c.seriesKey(), 1, Integer::sum);
            for (Map.Entry<String, Integer> e : perSeries.entrySet()) pipeline.awaitReceived(e.getKey(), e.getValue(), Duration.ofMinutes(2));

            // what HTTP shows: every service's metrics, every analysis REST answer about these series
            StringBuilder http = new StringBuilder();
            for (String s : List.of("answer-service", "certainty-service", "analysis-service")) http.append(pipeline.get(s, "/q/metrics").body());
            http.append(pipeline.get("analysis-service", "/api/series").body()).append(pipeline.get("analysis-service", "/api/alerts").body());
            for (String key : perSeries.keySet()) {
                String k = "/api/series/" + URLEncoder.encode(key, StandardCharsets.UTF_8);
                for (String path : List.of("", "/recent?limit=500", "/history", "/daily", "/range?from=0&to=" + (System.currentTimeMillis() + 60_000))) {
                    HttpResponse<String> r = pipeline.get("analysis-service", k + path);
                    assertThat(r.statusCode()).as(k + path + " " + r.body()).isEqualTo(200);
                    http.append(r.body());
                }
            }
            String recentSecret = pipeline.get("analysis-service", "/api/series/" + URLEncoder.encode(
                    perSeries.keySet().stream().filter(s -> s.startsWith("cpa-secret|")).findFirst().orElseThrow(), StandardCharsets.UTF_8) + "/recent").body();
            assertThat(recentSecret).contains("text withheld").contains("hmac-sha256:");

            // every record of every topic, internal ones included
            Map<String, Set<String>> inTopics = new LinkedHashMap<>();
            for (String m : List.of(marker.get("open"), marker.get("cut"), marker.get("secret"), cutTail)) inTopics.put(m, new TreeSet<>());
            Set<String> topics = searchTopics(pipeline.broker.bootstrapServers(), inTopics);
            System.out.println("private-text: topics searched " + topics);
            assertThat(topics).contains(Topics.ANSWERS, Topics.CERTAINTIES, Topics.ANSWERS + ".dlq", "__consumer_offsets")
                    .anyMatch(t -> t.endsWith("-changelog"));

            // stopped, so that each service has written what it holds (RocksDB flushed on close), then every file
            for (String s : List.of("answer-service", "certainty-service", "analysis-service")) pipeline.stop(s);
            Map<String, Set<String>> inFiles = new LinkedHashMap<>();
            for (String m : inTopics.keySet()) inFiles.put(m, new TreeSet<>());
            int files = searchFiles(pipeline.runDir, inFiles);
            System.out.println("private-text: files searched " + files + "; found: " + inFiles + "; topics: " + inTopics);
            assertThat(files).isGreaterThan(10);
            assertThat(Files.exists(pipeline.runDir.resolve("analysis-service-state"))).isTrue();

            assertThat(inTopics.get(marker.get("secret"))).as("the secret route's marker on a topic").isEmpty();
            assertThat(inFiles.get(marker.get("secret"))).as("the secret route's marker in a file").isEmpty();
            assertThat(http.toString()).doesNotContain(marker.get("secret"));
            // controls: the searches find what is there
            assertThat(inTopics.get(marker.get("open"))).contains(Topics.ANSWERS);
            assertThat(inFiles.get(marker.get("open"))).anyMatch(f -> f.startsWith("kafka/"));
            assertThat(inTopics.get(marker.get("cut"))).contains(Topics.ANSWERS);
            assertThat(inTopics.get(cutTail)).as("the cut route's text past 200 characters").isEmpty();
            assertThat(inFiles.get(cutTail)).isEmpty();
            assertThat(http.toString()).doesNotContain(cutTail);
        }
    }

    private static void proxy(Pipeline pipeline, String model, String prompt) throws Exception {
        ObjectNode body = EventJson.mapper().createObjectNode().put("model", model).put("temperature", 0.2)
                .put("logprobs", true).put("top_logprobs", 5);
        body.putArray("messages").addObject().put("role", "user").put("content", prompt);
        HttpResponse<String> r = pipeline.postJson("answer-service", "/v1/chat/completions", body.toString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    private static void ingest(Pipeline pipeline, String model, String question, String answer) throws Exception {
        ObjectNode body = EventJson.mapper().createObjectNode().put("model", model).put("question", question).put("source", "private");
        ObjectNode response = body.putObject("response").put("object", "chat.completion");
        response.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop")
                .putObject("message").put("role", "assistant").put("content", answer);
        HttpResponse<String> r = pipeline.postJson("answer-service", "/api/answers", body.toString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    }

    private static void otlp(Pipeline pipeline, String model, String question, String answer) throws Exception {
        ObjectNode root = EventJson.mapper().createObjectNode();
        ObjectNode rs = root.putArray("resourceSpans").addObject();
        attribute(rs.putObject("resource").putArray("attributes"), "service.name", "private-bot");
        ObjectNode span = rs.putArray("scopeSpans").addObject().putArray("spans").addObject()
                .put("traceId", HexFormat.of().formatHex(SecureRandom.getSeed(16))).put("spanId", HexFormat.of().formatHex(SecureRandom.getSeed(8)))
                .put("name", "chat " + model).put("kind", 3)
                .put("startTimeUnixNano", String.valueOf(System.currentTimeMillis() * 1_000_000L))
                .put("endTimeUnixNano", String.valueOf(System.currentTimeMillis() * 1_000_000L + 1_000_000L));
        ArrayNode at = span.putArray("attributes");
        attribute(at, "gen_ai.operation.name", "chat");
        attribute(at, "gen_ai.request.model", model);
        attribute(at, "gen_ai.input.messages", "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":"
                + EventJson.mapper().writeValueAsString(question) + "}]}]");
        attribute(at, "gen_ai.output.messages", "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":"
                + EventJson.mapper().writeValueAsString(answer) + "}],\"finish_reason\":\"stop\"}]");
        HttpResponse<String> r = pipeline.http.send(HttpRequest.newBuilder(URI.create(pipeline.url("answer-service", "/v1/traces")))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(root.toString())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    private static void attribute(ArrayNode attributes, String key, String value) {
        attributes.addObject().put("key", key).putObject("value").put("stringValue", value);
    }

    /** Reads every record of every topic from the beginning; notes for each marker the topics whose key, value or header holds it. */
    static Set<String> searchTopics(String bootstrap, Map<String, Set<String>> found) throws Exception {
        Set<String> topics;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            topics = new TreeSet<>(admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get());
        }
        Map<String, byte[]> needles = new LinkedHashMap<>();
        for (String m : found.keySet()) needles.put(m, m.getBytes(StandardCharsets.UTF_8));
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted",
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 * 1024 * 1024,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            for (String topic : topics) {
                List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                        .map(p -> new TopicPartition(topic, p.partition())).toList();
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
                long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
                while (partitions.stream().anyMatch(tp -> consumer.position(tp, Duration.ofSeconds(30)) < end.get(tp))) {
                    if (System.nanoTime() > deadline) throw new AssertionError("could not read " + topic + " to its end " + end);
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                        List<byte[]> parts = new ArrayList<>();
                        parts.add(r.key());
                        parts.add(r.value());
                        for (Header h : r.headers()) {
                            parts.add(h.key().getBytes(StandardCharsets.UTF_8));
                            parts.add(h.value());
                        }
                        needles.forEach((m, bytes) -> {
                            if (parts.stream().anyMatch(p -> contains(p, bytes))) found.get(m).add(topic);
                        });
                    }
                }
            }
        }
        return topics;
    }

    /** The raw bytes of every file under {@code dir}; notes for each marker the files (relative paths) that hold it. */
    static int searchFiles(Path dir, Map<String, Set<String>> found) throws Exception {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        for (Path f : files) {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(f);
            } catch (java.nio.file.NoSuchFileException gone) {
                continue; // a broker's temporary file, gone while walking
            }
            for (String m : found.keySet()) {
                if (contains(bytes, m.getBytes(StandardCharsets.UTF_8))) found.get(m).add(dir.relativize(f).toString());
            }
        }
        return files.size();
    }

    static boolean contains(byte[] haystack, byte[] needle) {
        if (haystack == null) return false;
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) if (haystack[i + j] != needle[j]) continue outer;
            return true;
        }
        return false;
    }
}
