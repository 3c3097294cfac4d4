package io.cpa.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cpa.dataset.DatasetFormat;
import io.cpa.dataset.DatasetLoader;
import io.cpa.question.Question;
import io.cpa.simulator.ModelSimulator;
import io.cpa.simulator.SimulatorConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The generator's requests against a real OpenAI-compatible server: the model simulator, which serves both paths. */
class MixedTrafficTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static final List<Question> QUESTIONS = DatasetLoader.loadResource("io/cpa/dataset/sample-questions.jsonl", DatasetFormat.COMMONSENSE_QA);
    static ModelSimulator sim;
    static String root;

    @BeforeAll
    static void start() {
        sim = ModelSimulator.start(SimulatorConfig.fromValues(Map.of("port", "0", "calibrationSamples", "20000")));
        root = sim.baseUrl().replace("/v1", "");
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    static HttpResponse<String> send(MixedTraffic.Planned p) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(root + p.path())).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(p.body().toString())).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode lastData(String sse) throws Exception {
        JsonNode last = null;
        for (String block : sse.split("\n\n")) {
            for (String line : block.split("\n")) {
                if (line.startsWith("data: ") && !line.equals("data: [DONE]")) last = JSON.readTree(line.substring(6));
            }
        }
        return last;
    }

    @Test
    void everyKindIsARequestTheServerAcceptsAndAnswersInItsKind() throws Exception {
        MixedTraffic traffic = new MixedTraffic(QUESTIONS, List.of("cpa-sim-a", "cpa-sim-b"), MixedTraffic.parseMix(""), 7);
        for (MixedTraffic.Kind kind : MixedTraffic.Kind.values()) {
            for (int i = 0; i < 12; i++) {
                MixedTraffic.Planned p = traffic.build(kind, i % 2 == 0 ? "cpa-sim-a" : "cpa-sim-b");
                HttpResponse<String> r = send(p);
                assertThat(r.statusCode()).as("%s %s -> %s", kind, p.body(), r.body()).isEqualTo(200);
                if (p.stream()) {
                    assertThat(r.headers().firstValue("Content-Type")).contains("text/event-stream");
                    JsonNode last = lastData(r.body());
                    if (p.path().equals(MixedTraffic.RESPONSES_PATH)) assertThat(last.get("type").asText()).isEqualTo("response.completed");
                    continue;
                }
                JsonNode body = JSON.readTree(r.body());
                switch (kind) {
                    case TOOLS -> {
                        if (p.body().get("tool_choice").asText().equals("required")) {
                            assertThat(body.at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
                            assertThat(body.at("/choices/0/message/tool_calls/0/function/name").asText()).isEqualTo("get_weather");
                        }
                    }
                    case REFUSE -> assertThat(body.at("/choices/0/message/refusal").asText()).isNotEmpty();
                    case N2 -> assertThat(body.get("choices")).hasSize(2);
                    case RESPONSES -> {
                        assertThat(body.get("object").asText()).isEqualTo("response");
                        assertThat(body.at("/output/0/content/0/text").asText()).isNotEmpty();
                    }
                    case MC -> assertThat(body.at("/choices/0/message/content").asText()).matches("[1-8A-H]");
                    case MULTI_TURN -> {
                        JsonNode messages = p.body().get("messages");
                        assertThat(messages.get(0).get("role").asText()).isEqualTo("system");
                        assertThat(messages.get(messages.size() - 1).get("role").asText()).isEqualTo("user");
                        assertThat(body.at("/choices/0/message/content").asText()).isNotEmpty();
                    }
                    case PARTS -> assertThat(p.body().at("/messages/0/content").isArray()).isTrue();
                    default -> assertThat(body.at("/choices/0/message/content").asText()).isNotEmpty();
                }
            }
        }
        JsonNode stats = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(root + "/sim/stats")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        assertThat(stats.get("refusals").asLong()).isGreaterThanOrEqualTo(12);
        assertThat(stats.get("toolCallReplies").asLong()).isPositive();
        assertThat(stats.at("/responsesRequests/stream").asLong()).isEqualTo(12);
    }

    @Test
    void theSameSeedGivesTheSameRequests() {
        List<String> a = new ArrayList<>(), b = new ArrayList<>(), c = new ArrayList<>();
        MixedTraffic ta = new MixedTraffic(QUESTIONS, List.of("x", "y"), MixedTraffic.parseMix(""), 3);
        MixedTraffic tb = new MixedTraffic(QUESTIONS, List.of("x", "y"), MixedTraffic.parseMix(""), 3);
        MixedTraffic tc = new MixedTraffic(QUESTIONS, List.of("x", "y"), MixedTraffic.parseMix(""), 4);
        for (int i = 0; i < 50; i++) {
            a.add(ta.next().body().toString());
            b.add(tb.next().body().toString());
            c.add(tc.next().body().toString());
        }
        assertThat(a).isEqualTo(b).isNotEqualTo(c);
    }

    @Test
    void theMixFollowsTheSharesAndBadMixesAreRefused() {
        MixedTraffic only = new MixedTraffic(QUESTIONS, List.of("x"), MixedTraffic.parseMix("refuse=1,n2=3"), 5);
        int n2 = 0;
        for (int i = 0; i < 4000; i++) {
            MixedTraffic.Kind k = only.next().kind();
            assertThat(k).isIn(MixedTraffic.Kind.REFUSE, MixedTraffic.Kind.N2);
            if (k == MixedTraffic.Kind.N2) n2++;
        }
        assertThat(n2 / 4000.0).isBetween(0.72, 0.78); // 0.75, sd 0.007
        assertThatThrownBy(() -> MixedTraffic.parseMix("bogus=1")).hasMessageContaining("bogus");
        assertThatThrownBy(() -> MixedTraffic.parseMix("mc=x")).hasMessageContaining("mc");
        assertThatThrownBy(() -> new MixedTraffic(QUESTIONS, List.of("x"), MixedTraffic.parseMix("mc=0"), 1)).hasMessageContaining("sum");
    }

    @Test
    void aRunIsBoundedAndCountsEveryStatusPerKindAndModel() throws Exception {
        try (ModelSimulator s = ModelSimulator.start(SimulatorConfig.fromValues(Map.of("port", "0", "calibrationSamples", "20000")))) {
            MixedTraffic traffic = new MixedTraffic(QUESTIONS, List.of("cpa-sim-a", "cpa-sim-b"), MixedTraffic.parseMix(""), 11);
            MixedTraffic.Tally tally = traffic.run(s.baseUrl().replace("/v1", ""), "sk-test", 200, 30, 150, 16, Duration.ofSeconds(20));
            assertThat(tally.totalSent()).isEqualTo(150);
            long ok = 0;
            for (MixedTraffic.Kind k : MixedTraffic.Kind.values()) {
                long statuses = tally.statuses(k).values().stream().mapToLong(Long::longValue).sum();
                assertThat(statuses).as("%s", k).isEqualTo(tally.sentCount(k));
                ok += tally.statuses(k).getOrDefault("200", 0L);
            }
            assertThat(ok).isEqualTo(150);
            JsonNode stats = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(s.baseUrl().replace("/v1", "/sim/stats"))).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            long a = stats.at("/byRequestedModel/cpa-sim-a/answerCalls").asLong();
            long b = stats.at("/byRequestedModel/cpa-sim-b/answerCalls").asLong();
            assertThat(a + b).isEqualTo(150);
            assertThat(a).isPositive();
            assertThat(b).isPositive();
            assertThat(stats.get("certaintyReplies").asLong()).isZero();
        }
    }
}
