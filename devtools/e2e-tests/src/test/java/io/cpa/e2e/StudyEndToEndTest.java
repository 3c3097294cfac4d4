package io.cpa.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.cpa.event.EventJson;
import org.junit.jupiter.api.Test;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The paper's study, end to end on the packaged services: the simulator (true rho 0.42) answers three datasets in the
 * CommonsenseQA, OpenBookQA and ARC shapes, 300 answers per cell, each answer asked for its certainty with two
 * variants (cqp, numeric) at two certainty temperatures: 12 cells. The report over REST must show n = 300 in every
 * cell, and in every cell at 0.2 (where the simulator is calibrated) a 95% interval that contains the simulator's truth
 * for the cell's scale ({@code /sim/truth}, 0.42).
 *
 * <p>The cells at 1.0 are checked for n and status only. The simulator pairs a certainty call with its answer by
 * question and answer text, and the study answers the same sampled questions at both temperatures: a certainty call
 * at 1.0 for a question already answered with the same option at 0.2 is served as a repeat of that reply (sampled at
 * 0.2) or takes another answer's draw. So those cells mix the two temperatures, and their rho is not a measurement of
 * the truth at 1.0 (seen: 0.31 and 0.50 against a truth of 0.39). The temperature effect itself is tested on the
 * simulator's own statistics (model-simulator).
 *
 * <p>Twelve 95% intervals would all cover the true value in only about half of all random runs, so this run is made
 * deterministic rather than lucky: the simulator is seeded, the answer-service asks one question at a time
 * ({@code CPA_BENCHMARK_CONCURRENCY=1}) and the study's cells run one after another, so the simulator draws every
 * answer in a fixed order; the certainty-service starts only once all answers are published and reads them from one
 * partition in that order, so every certainty call takes the draw of its own answer and no certainty request
 * interleaves with (and shifts) the answer draws. Coverage itself, over many seeds, is a property of the simulator
 * tested on its own statistics in the model-simulator module.
 */
class StudyEndToEndTest {
    static final double TRUE_RHO = 0.42;
    static final int PER_CELL = 300;
    static final List<String> DATASETS = List.of("commonsense_qa", "openbookqa", "ai2_arc");

    @Test
    void aStudyOverThreeDatasetsTwoVariantsAndTwoTemperaturesRecoversTheTrueRhoInEveryCell() throws Exception {
        Path datasets = Path.of("src/test/resources/datasets").toAbsolutePath();
        String bank = String.join(",", DATASETS.stream().map(d -> datasets.resolve(d + ".jsonl").toString()).toList());
        try (Pipeline pipeline = new Pipeline("study", 1)) {
            pipeline.startSimulator("--seed=20240520", "--rho=" + TRUE_RHO, "--questionBank=" + bank);
            pipeline.startService("analysis-service", Map.of());
            pipeline.startService("answer-service", Map.of("CPA_BENCHMARK_CONCURRENCY", "1"));
            pipeline.awaitReady("answer-service", Duration.ofSeconds(180));
            pipeline.awaitReady("analysis-service", Duration.ofSeconds(180));

            StringBuilder body = new StringBuilder("{\"datasets\": [");
            for (int i = 0; i < DATASETS.size(); i++) {
                body.append(i == 0 ? "" : ", ").append("{\"name\": \"").append(DATASETS.get(i)).append("\", \"path\": \"")
                        .append(datasets.resolve(DATASETS.get(i) + ".jsonl")).append("\", \"sample\": 120, \"seed\": 1, \"limit\": ")
                        .append(PER_CELL).append('}');
            }
            body.append("], \"variants\": [\"cqp\", \"numeric\"], \"temperatures\": [0.2, 1.0]}");

            HttpResponse<String> bad = pipeline.postJson("answer-service", "/api/studies",
                    body.toString().replace("\"numeric\"", "\"likert\""));
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.body()).contains("variants[1]");

            HttpResponse<String> started = pipeline.postJson("answer-service", "/api/studies", body.toString());
            assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
            JsonNode status = EventJson.mapper().readTree(started.body());
            String studyId = status.path("id").asText();
            assertThat(status.path("cellsTotal").asInt()).isEqualTo(6);
            assertThat(status.path("answersTotal").asLong()).isEqualTo(6L * PER_CELL);

            status = awaitStudy(pipeline, studyId);
            assertThat(status.path("state").asText()).isEqualTo("finished");
            assertThat(status.path("answersDone").asLong()).isEqualTo(6L * PER_CELL);
            assertThat(status.path("cellsDone").asInt()).isEqualTo(6);

            pipeline.startService("certainty-service", Map.of());
            pipeline.awaitReady("certainty-service", Duration.ofSeconds(180));
            JsonNode report = awaitReport(pipeline, studyId, 12 * PER_CELL);

            // the simulator's truth per temperature and scale: at T = 0.2 the configured rho, at T = 1.0 lower (the level is
            // sampled with more noise), as the paper's temperature study saw VC spread grow with temperature
            Map<String, JsonNode> truth = new HashMap<>();
            for (String t : List.of("0.2", "1.0")) {
                HttpResponse<String> r = pipeline.http.send(HttpRequest.newBuilder(
                        URI.create(pipeline.simulatorUrl().replace("/v1", "/sim/truth?temperature=" + t))).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                truth.put(t, EventJson.mapper().readTree(r.body()));
            }
            assertThat(truth.get("0.2").path("sixLevel").asDouble()).isCloseTo(TRUE_RHO, within(0.01));

            assertThat(report.path("alignment")).hasSize(4);
            for (JsonNode table : report.path("alignment")) {
                JsonNode truthAtT = truth.get(String.valueOf(table.path("temperature").asDouble()));
                double expected = truthAtT.path(table.path("variant").asText().equals("numeric") ? "numeric" : "sixLevel").asDouble();
                assertThat(table.path("datasets")).extracting(JsonNode::asText).containsExactlyElementsOf(DATASETS);
                for (JsonNode row : table.path("rows")) {
                    for (JsonNode cell : row.path("cells")) {
                        String where = table.path("variant").asText() + " T=" + table.path("temperature").asDouble() + ": " + cell;
                        assertThat(cell.path("status").asText()).as(where).isEqualTo("OK");
                        assertThat(cell.path("n").asInt()).as(where).isEqualTo(PER_CELL);
                        if (table.path("temperature").asDouble() != 0.2) continue;
                        assertThat(cell.path("lower").asDouble()).as(where + " truth " + expected).isLessThanOrEqualTo(expected);
                        assertThat(cell.path("upper").asDouble()).as(where + " truth " + expected).isGreaterThanOrEqualTo(expected);
                    }
                }
            }
            assertThat(report.path("temperatureStudy")).hasSize(2);
            assertThat(report.path("parseOutcomes")).allSatisfy(p -> assertThat(p.path("ok").asLong()).isEqualTo(6L * PER_CELL));

            HttpResponse<String> md = pipeline.get("analysis-service", "/api/reports/" + studyId);
            assertThat(md.statusCode()).isEqualTo(200);
            assertThat(md.body()).contains("## Table 1: alignment", "| model | commonsense_qa | openbookqa | ai2_arc | mean |");
            HttpResponse<String> csv = pipeline.get("analysis-service", "/api/reports/" + studyId + "?format=csv");
            assertThat(csv.body().lines()).hasSize(1 + 4 * (3 + 1));
            HttpResponse<String> svg = pipeline.get("analysis-service",
                    "/api/reports/" + studyId + "/charts/vc-levels_cpa-simulator_openbookqa_cqp.svg");
            assertThat(svg.statusCode()).as(svg.body()).isEqualTo(200);
            assertThat(svg.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("image/svg+xml"));
            DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(new ByteArrayInputStream(svg.body().getBytes(StandardCharsets.UTF_8)));
            assertThat(pipeline.get("analysis-service", "/api/reports/no-such-study").statusCode()).isEqualTo(404);

            Files.writeString(pipeline.runDir.resolve("report.md"), md.body());
            System.out.println(md.body());
        }
    }

    static JsonNode awaitStudy(Pipeline pipeline, String id) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        JsonNode status = null;
        while (System.nanoTime() < deadline) {
            status = EventJson.mapper().readTree(pipeline.get("answer-service", "/api/studies/" + id).body());
            if (!status.path("state").asText().equals("running")) return status;
            Pipeline.sleep(500);
        }
        throw new AssertionError("study " + id + " did not finish: " + status);
    }

    static JsonNode awaitReport(Pipeline pipeline, String id, int certainties) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = pipeline.get("analysis-service", "/api/reports/" + id + "?format=json");
            last = r.statusCode() + " " + r.body().substring(0, Math.min(300, r.body().length()));
            if (r.statusCode() == 200) {
                JsonNode report = EventJson.mapper().readTree(r.body());
                if (report.path("certainties").asInt() >= certainties) return report;
            }
            Pipeline.sleep(2000);
        }
        throw new AssertionError("report of " + id + " did not reach " + certainties + " certainties: " + last);
    }
}
