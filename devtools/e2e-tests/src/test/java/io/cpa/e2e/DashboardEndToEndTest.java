package io.cpa.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.cpa.certainty.CertaintyLevel;
import io.cpa.certainty.ParseStatus;
import io.cpa.certainty.VerbalizedCertainty;
import io.cpa.event.CertaintyEvent;
import io.cpa.event.EventJson;
import io.cpa.event.Topics;
import io.cpa.kafka.TopicClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * The operator dashboard and the Grafana dashboard against the packaged pipeline with live simulator traffic.
 * <p>
 * The browser part drives Debian's headless Chromium through ChromeDriver. A machine without them fails this test
 * (CI installs both); a developer without a browser skips it explicitly with {@code -Dcpa.browser.skip=true}.
 * Screenshots: {@code devtools/e2e-tests/target/dashboard.png} and {@code dashboard-detail.png}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardEndToEndTest {
    static final String LIVE = "cpa-simulator|live|cqp";
    /** A handful of hand-made certainties: below the minimum n, and with markup in the replies. */
    static final String SMALL = "hand-model|inject|cqp";
    static final String MARKUP = "<img src=x onerror=\"window.__xss=1\">";
    /** Ten days of answers with their own event times, for the range picker and the daily chart. */
    static final String DAYS = "hand-model|days|cqp";
    static final int DAYS_BACK = 10, PER_DAY = 60;
    static final String SCRIPT = "<script>window.__xss=2</script>";
    /**
     * A finite benchmark run whose gold labels come late for half of its answers (by {@code human}), then verdicts of
     * a judge posted through POST /api/labels for some of them: a series whose labels stop changing, so that the
     * page's labels and accuracy views can be compared with the API's JSON.
     */
    static final String LABELLED = "cpa-simulator|labelled|cqp";
    static final int LABELLED_ANSWERS = 200, JUDGED = 40;
    static final String JUDGE = "judge:grader";
    static final Path TARGET = Pipeline.ROOT.resolve("devtools/e2e-tests/target");
    static final Path GRAFANA = Pipeline.ROOT.resolve("devtools/compose/grafana/provisioning/dashboards/cpa-alignment.json");

    Pipeline pipeline;
    String labelledRun;

    @BeforeAll
    void startPipeline() throws Exception {
        pipeline = new Pipeline("dashboard");
        pipeline.startSimulator("--seed=20240520", "--rho=0.42");
        pipeline.startService("analysis-service", Map.of());
        pipeline.startService("certainty-service", Map.of());
        pipeline.startService("answer-service", Map.of());
        for (String s : List.of("answer-service", "certainty-service", "analysis-service")) {
            pipeline.awaitReady(s, Duration.ofSeconds(180));
        }
        HttpResponse<String> run = pipeline.postJson("answer-service", "/api/runs",
                "{\"cycle\": true, \"ratePerSecond\": 15, \"seed\": 3, \"source\": \"live\"}");
        assertThat(run.statusCode()).as(run.body()).isEqualTo(201);
        HttpResponse<String> labelled = pipeline.postJson("answer-service", "/api/runs",
                "{\"cycle\": true, \"limit\": " + LABELLED_ANSWERS + ", \"ratePerSecond\": 30, \"seed\": 11, \"source\": \"labelled\","
                        + " \"labels\": {\"coverage\": 0.5, \"delay\": \"PT1S\", \"labeller\": \"human\"}}");
        assertThat(labelled.statusCode()).as(labelled.body()).isEqualTo(201);
        labelledRun = EventJson.mapper().readTree(labelled.body()).path("id").asText();
        try (TopicClient kafka = new TopicClient(pipeline.broker.bootstrapServers())) {
            Instant now = Instant.now();
            for (int i = 0; i < 8; i++) {
                VerbalizedCertainty vc = i == 0
                        ? VerbalizedCertainty.failed(ParseStatus.NONE, SCRIPT)
                        : VerbalizedCertainty.ofLevel(CertaintyLevel.VERY_CERTAIN, MARKUP);
                kafka.send(Topics.CERTAINTIES, SMALL, EventJson.write(new CertaintyEvent(CertaintyEvent.SCHEMA_VERSION,
                        "hand-" + i, SMALL, "hand-model", "inject", "cqp", i + 1, now, now, 0.9, "option-ratio@1", "A",
                        "A", true, vc, 0.2, 1, null, null)));
            }
            // one answer every 24 minutes: day d holds 60, IC rising with the level (rho clearly positive each day)
            long end = now.toEpochMilli();
            for (int i = 0; i < DAYS_BACK * PER_DAY; i++) {
                Instant t = Instant.ofEpochMilli(end - (long) (DAYS_BACK * PER_DAY - i) * 24 * 60_000L);
                int rank = i % 6;
                double ic = Math.min(1, rank / 5.0 * 0.8 + (i % 7) / 40.0);
                kafka.send(Topics.CERTAINTIES, DAYS, EventJson.write(new CertaintyEvent(CertaintyEvent.SCHEMA_VERSION,
                        "days-" + i, DAYS, "hand-model", "days", "cqp", i + 1, t, t, ic, "option-ratio@1", "A", "A", i % 3 != 0,
                        VerbalizedCertainty.ofLevel(CertaintyLevel.ofRank(rank), CertaintyLevel.ofRank(rank).phrase()), 0.2, 1, null, null)));
            }
        }
    }

    @AfterAll
    void stopPipeline() {
        if (pipeline != null) pipeline.close();
    }

    @Test
    void theDashboardShowsLiveSeriesTheirChartsAndInsufficientValues() throws Exception {
        assumeFalse(Boolean.getBoolean("cpa.browser.skip"), "browser test skipped by -Dcpa.browser.skip=true");
        HeadlessChromium chromium = new HeadlessChromium();
        ChromeDriver driver = chromium.driver;
        try {
            driver.manage().window().setSize(new Dimension(1440, 900));
            driver.get(pipeline.url("analysis-service", "/"));
            JavascriptExecutor js = driver;
            // a page reload would drop this marker: updates seen later came over the open event stream
            js.executeScript("window.__loadedOnce = true;");
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(150), Duration.ofMillis(300));

            Map<String, String> first = wait.until(d -> row(js, LIVE));
            assertThat(first.get("model")).contains("cpa-simulator").contains("simulated");
            long received0 = Long.parseLong(first.get("received"));
            // rho appears with its interval once the window holds enough pairs, then keeps moving with the traffic
            Map<String, String> withRho = wait.until(d -> {
                Map<String, String> r = row(js, LIVE);
                return r != null && r.get("rho").matches("-?\\d\\.\\d{3} \\[-?\\d\\.\\d{3}, -?\\d\\.\\d{3}\\]") ? r : null;
            });
            Map<String, String> later = wait.until(d -> {
                Map<String, String> r = row(js, LIVE);
                return r != null && Long.parseLong(r.get("received")) > Long.parseLong(withRho.get("received")) + 50
                        && Long.parseLong(r.get("n")) > Long.parseLong(withRho.get("n"))
                        && !r.get("rho").equals(withRho.get("rho")) ? r : null;
            });
            assertThat(Long.parseLong(later.get("received"))).isGreaterThan(received0);
            assertThat(js.executeScript("return window.__loadedOnce === true")).isEqualTo(true);
            assertThat(driver.findElement(By.id("connection")).getText()).isEqualTo("live");

            Map<String, String> small = wait.until(d -> row(js, SMALL));
            assertThat(small.get("rho")).isEqualTo("n < min n: insufficient");
            assertThat(small.get("model")).isEqualTo("hand-model");
            saveScreenshot(driver, TARGET.resolve("dashboard.png"));

            // the detail of the live series: every chart drawn
            js.executeScript("document.querySelector('#series tr[data-series=\"' + CSS.escape(arguments[0]) + '\"]').click();", LIVE);
            wait.until(d -> d.findElement(By.id("detail")).isDisplayed());
            for (String chart : List.of("chart-rho", "chart-levels", "chart-ic", "chart-scatter", "chart-reliability", "chart-taxonomy")) {
                wait.until(d -> paintedPixels(js, chart) > 2000);
            }
            // the scatter has points only once the latest answers were read
            long scatterPoints = wait.until(d -> {
                Object n = js.executeScript("const c = Chart.getChart('chart-scatter');"
                        + "return c ? c.data.datasets.reduce((s, d) => s + d.data.length, 0) : 0;");
                return ((Number) n).longValue() > 20 ? ((Number) n).longValue() : null;
            });
            assertThat(scatterPoints).isLessThanOrEqualTo(300);
            assertThat(driver.findElement(By.id("detail-title")).getText()).contains("cpa-simulator · live · cqp");
            assertThat(driver.findElement(By.id("tiles")).getText()).contains("Spearman rho").contains("IC calibration: ECE");
            // the simulator's certainty replies carry level logprobs: the probabilistic VC has its tile and its line
            wait.until(d -> d.findElement(By.id("tiles")).getText().matches("(?s).*probabilistic VC: rho\\s+-?\\d\\.\\d{3}\\s+\\[.*"));
            long pvcPoints = wait.until(d -> {
                Object n = js.executeScript("const c = Chart.getChart('chart-rho');"
                        + "const d = c && c.data.datasets.find((x) => x.label === 'probabilistic VC rho');"
                        + "return d ? d.data.filter((p) => p.y != null).length : 0;");
                return ((Number) n).longValue() > 0 ? ((Number) n).longValue() : null;
            });
            assertThat(pvcPoints).isPositive();
            driver.manage().window().setSize(new Dimension(1440, pageHeight(js)));
            saveScreenshot(driver, TARGET.resolve("dashboard-detail.png"));
            driver.manage().window().setSize(new Dimension(1440, 900));

            labelsAndAccuracy(driver, js, wait);

            // the small series: its statistics say why they have no number, and replies show as text, never as markup
            js.executeScript("location.hash = '#/series/' + encodeURIComponent(arguments[0]);", SMALL);
            wait.until(d -> d.findElement(By.id("detail-title")).getText().contains("hand-model"));
            String tiles = driver.findElement(By.id("tiles")).getText();
            assertThat(tiles).contains("n < min n: insufficient").contains("probabilistic VC: rho\nno logprobs");
            wait.until(d -> d.findElement(By.id("examples")).getText().contains(MARKUP));
            wait.until(d -> d.findElement(By.id("failures")).getText().contains(SCRIPT));
            assertThat(driver.findElements(By.cssSelector("#examples img, #failures img, #examples script, #failures script"))).isEmpty();
            assertThat(js.executeScript("return window.__xss === undefined")).isEqualTo(true);
            assertThat(driver.findElement(By.id("note-rho")).getText()).contains("n < min n: insufficient");

            // ten days of event time: the daily chart and the range picker, read from the time buckets
            js.executeScript("location.hash = '#/series/' + encodeURIComponent(arguments[0]);", DAYS);
            wait.until(d -> d.findElement(By.id("detail-title")).getText().contains("days"));
            wait.until(d -> paintedPixels(js, "chart-daily") > 2000);
            long daysWithRho = wait.until(d -> {
                Object n = js.executeScript("const c = Chart.getChart('chart-daily');"
                        + "return c ? c.data.datasets[2].data.filter((v) => v !== null).length : 0;");
                return ((Number) n).longValue() >= DAYS_BACK - 1 ? ((Number) n).longValue() : null;
            });
            assertThat(daysWithRho).isLessThanOrEqualTo(DAYS_BACK + 1);
            driver.findElement(By.cssSelector("#range-picker button[data-last='30d']")).click();
            wait.until(d -> String.valueOf(DAYS_BACK * PER_DAY).equals(d.findElement(By.id("range-tiles")).getAttribute("data-n")));
            String range = driver.findElement(By.id("range-tiles")).getText();
            assertThat(range).contains("range: Spearman rho").contains("rho, range minus period before");
            // the 30 days before hold nothing: the difference says why it has no number
            assertThat(range).contains("n < min n: insufficient");
            driver.findElement(By.cssSelector("#range-picker button[data-last='1d']")).click();
            wait.until(d -> {
                String n = d.findElement(By.id("range-tiles")).getAttribute("data-n");
                return n != null && Long.parseLong(n) >= PER_DAY - 1 && Long.parseLong(n) <= PER_DAY + 1;
            });
            // a day against the day before: both have pairs, so the difference has a value and an interval
            wait.until(d -> d.findElement(By.id("range-tiles")).getText().matches("(?s).*rho, range minus period before\\s+[+-]?\\d\\.\\d{3}\\s+\\[.*"));
            assertThat(driver.findElement(By.id("range-note")).getText()).contains("compared with");
            driver.manage().window().setSize(new Dimension(1440, pageHeight(js)));
            saveScreenshot(driver, TARGET.resolve("dashboard-ranges.png"));

            // every view above rendered live data and drew its charts under the service's Content-Security-Policy
            assertThat(chromium.cspViolations()).as("CSP violations while the dashboard rendered").isEmpty();
            // and the recorder does see one: an inline style attribute, which the policy forbids
            js.executeScript("document.body.insertAdjacentHTML('beforeend', '<div id=\"csp-probe\" style=\"color: red\"></div>');");
            wait.until(d -> !chromium.cspViolations().isEmpty());
            assertThat(chromium.cspViolations()).singleElement().asString().startsWith("style-src").contains("blocked inline");
        } finally {
            chromium.close();
        }
    }

    /** The browser-facing headers on the page, its script and an API reply; Cache-Control: no-store on the API only. */
    @Test
    void thePageItsScriptAndTheApiCarryTheSecurityHeaders() throws Exception {
        for (String path : List.of("/", "/app.js", "/api/series")) {
            HttpResponse<String> r = pipeline.get("analysis-service", path);
            assertThat(r.statusCode()).as(path).isIn(200, 503);
            var h = r.headers();
            assertThat(h.firstValue("Content-Security-Policy")).as(path).hasValue("default-src 'self'; script-src 'self'; "
                    + "style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
                    + "frame-ancestors 'none'; form-action 'self'");
            assertThat(h.firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
            assertThat(h.firstValue("Referrer-Policy")).as(path).hasValue("no-referrer");
            assertThat(h.firstValue("X-Frame-Options")).as(path).hasValue("DENY");
            if (path.startsWith("/api/")) assertThat(h.firstValue("Cache-Control")).as(path).hasValue("no-store");
            else assertThat(h.firstValue("Cache-Control").orElse("")).as(path).doesNotContain("no-store");
        }
    }

    /**
     * The labels view of a series whose labels have stopped changing: the labelled share and the counts per kind, the
     * estimated and realised accuracy, and the calibration per labeller kind, each as the API's JSON says; a number
     * the API does not have shows as a dash whose title says why.
     */
    @SuppressWarnings("unchecked")
    void labelsAndAccuracy(ChromeDriver driver, JavascriptExecutor js, WebDriverWait wait) throws Exception {
        JsonNode progress = awaitLateLabels();
        long human = progress.path("accepted").asLong();
        assertThat(human).as("late labels of the run: " + progress).isPositive().isLessThan(LABELLED_ANSWERS);
        awaitLabels(w -> w.path("n").asLong() == LABELLED_ANSWERS && w.path("labels").path("byKind").path("human").asLong() == human);

        // a judge's verdicts on some answers, through the labels API
        String path = "/api/series/" + java.net.URLEncoder.encode(LABELLED, java.nio.charset.StandardCharsets.UTF_8);
        JsonNode recent = EventJson.mapper().readTree(pipeline.get("analysis-service", path + "/recent?limit=" + LABELLED_ANSWERS).body());
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < JUDGED; i++) {
            if (i > 0) batch.append(',');
            batch.append("{\"answerId\": \"").append(recent.get(i).path("answerId").asText()).append("\", \"labeller\": \"")
                    .append(JUDGE).append("\", \"correct\": ").append(i % 3 != 0).append('}');
        }
        HttpResponse<String> judged = pipeline.postJson("answer-service", "/api/labels/batch", batch.append(']').toString());
        assertThat(judged.statusCode()).as(judged.body()).isEqualTo(200);
        assertThat(EventJson.mapper().readTree(judged.body()).path("accepted").asInt()).as(judged.body()).isEqualTo(JUDGED);
        JsonNode snapshot = awaitLabels(x -> x.path("labels").path("byKind").path("judge").asLong() == JUDGED);
        JsonNode w = snapshot.path("windows").path("last-1000");

        js.executeScript("location.hash = '#/series/' + encodeURIComponent(arguments[0]);", LABELLED);
        wait.until(d -> d.findElement(By.id("detail-title")).getText().contains("labelled"));
        JsonNode labels = w.path("labels");
        long labelledN = labels.path("labelled").asLong(), n = labelledN + labels.path("unlabelled").asLong();
        assertThat(n).isEqualTo(LABELLED_ANSWERS);
        String coverage = wait.until(d -> {
            String t = d.findElement(By.id("label-tiles")).getText();
            return t.contains(labelledN + " of " + n + " labelled") && t.contains("judge " + JUDGED) ? t : null;
        });
        assertThat(coverage).contains("labels: labelled share").contains("human " + human + " · judge " + JUDGED);
        assertThat(number(coverage, "labels: labelled share\n(\\d+\\.\\d)%")).isCloseTo(100.0 * labelledN / n, org.assertj.core.data.Offset.offset(0.05));
        JsonNode delays = snapshot.path("labelDelays");
        if (delays.path("medianMs").path("status").asText().equals("OK")) {
            // the page shows seconds below two minutes, then minutes (a loaded machine posts the judge's labels later)
            assertDuration(coverage, "delay p50", delays.path("medianMs").path("value").asDouble());
            assertDuration(coverage, "· p95", delays.path("p95Ms").path("value").asDouble());
            assertThat(coverage).contains("(n = " + delays.path("n").asLong() + ")");
        } else {
            // no delays from this service (or none yet): a dash whose title says why
            assertThat(coverage).contains("delay –");
        }

        // estimated accuracy of the unlabelled answers, or the reason there is none; realised accuracy of the labelled ones
        JsonNode ea = w.path("estimatedAccuracy"), u = ea.path("unlabelled");
        String accuracy = coverage.substring(coverage.indexOf("accuracy: estimated"));
        if (u.path("status").asText().equals("OK")) {
            assertThat(number(accuracy, "labelled\\)\n(\\d\\.\\d{3})")).isCloseTo(u.path("value").asDouble(), org.assertj.core.data.Offset.offset(5e-4));
            assertThat(accuracy).contains("n = " + u.path("n").asLong() + " unlabelled · map " + u.path("mapVersion").asText());
        } else {
            assertThat(accuracy).contains("estimate: " + u.path("reason").asText());
            assertThat(driver.findElement(By.cssSelector("#label-tiles .tile:nth-child(2) .big .absent")).getAttribute("title"))
                    .isEqualTo(u.path("reason").asText());
        }
        String verdict = snapshot.path("accuracyCheck").path("verdict").asText("");
        assertThat(driver.findElements(By.cssSelector("#label-tiles .badge.bad"))).as("divergence badge, check " + verdict)
                .hasSize(verdict.equals("BELOW") || verdict.equals("ABOVE") ? 1 : 0);
        JsonNode realised = ea.path("realisedAccuracy");
        assertThat(realised.path("status").asText()).as("%d labelled answers are more than min n", labelledN).isEqualTo("OK");
        assertThat(number(accuracy, "realised (\\d\\.\\d{3}) by " + ea.path("labelled").asLong() + " labelled"))
                .isCloseTo(realised.path("value").asDouble(), org.assertj.core.data.Offset.offset(5e-4));
        // the realised line ends at the API's value (the page has the final snapshot: it shows the judge's 40)
        Number lastRealised = (Number) js.executeScript("const c = Chart.getChart('chart-accuracy');"
                + "const d = c && c.data.datasets.find((x) => x.label === 'realised (labelled)');"
                + "const v = d ? d.data.filter((p) => p.y != null) : []; return v.length ? v[v.length - 1].y : null;");
        assertThat(lastRealised).as("realised accuracy points on the chart").isNotNull();
        assertThat(lastRealised.doubleValue()).isCloseTo(realised.path("value").asDouble(), org.assertj.core.data.Offset.offset(1e-12));
        assertThat(paintedPixels(js, "chart-accuracy")).isGreaterThan(2000);

        // calibration per labeller kind: a row per kind and signal with n, accuracy, ECE, Brier, AUROC as the API has them
        List<Map<String, Object>> rows = (List<Map<String, Object>>) js.executeScript(
                "return [...document.querySelectorAll('#calibration-by-kind tbody tr[data-kind]')].map((r) => ({"
                        + "kind: r.dataset.kind, signal: r.dataset.signal,"
                        + "cells: [...r.querySelectorAll('td.num')].map((c) => c.textContent.trim()),"
                        + "titles: [...r.querySelectorAll('td.num')].map((c) => { const a = c.querySelector('.absent'); return a ? a.title : ''; })}))");
        List<String> expectedRows = new ArrayList<>();
        for (String kind : List.of("gold", "human", "judge", "user-feedback")) {
            for (String signal : List.of("ic", "vc")) {
                JsonNode c = w.path("calibrationByKind").path(kind).path(signal);
                if (c.path("n").asLong() > 0) expectedRows.add(kind + " " + signal.toUpperCase());
            }
        }
        assertThat(rows.stream().map(r -> r.get("kind") + " " + r.get("signal")).toList()).isEqualTo(expectedRows)
                .contains("human IC", "judge IC");
        for (Map<String, Object> r : rows) {
            JsonNode c = w.path("calibrationByKind").path((String) r.get("kind")).path(((String) r.get("signal")).toLowerCase());
            List<String> cells = (List<String>) r.get("cells"), titles = (List<String>) r.get("titles");
            assertThat(cells.get(0)).isEqualTo(String.valueOf(c.path("n").asLong()));
            List<String> fields = List.of("accuracy", "ece", "brier", "auroc");
            for (int i = 0; i < fields.size(); i++) {
                JsonNode m = c.path(fields.get(i));
                String cell = cells.get(i + 1);
                if (!m.path("status").asText().equals("OK")) {
                    assertThat(cell).as(r + " " + fields.get(i)).isEqualTo("–");
                    assertThat(titles.get(i + 1)).isNotEmpty();
                } else if (i == 0) {
                    assertThat(Double.parseDouble(cell.replace("%", ""))).as(r + " accuracy").isCloseTo(100 * m.path("value").asDouble(), org.assertj.core.data.Offset.offset(0.05));
                } else {
                    assertThat(Double.parseDouble(cell)).as(r + " " + fields.get(i)).isCloseTo(m.path("value").asDouble(), org.assertj.core.data.Offset.offset(5e-4));
                }
            }
        }
        // the judge judged 40 answers, a third of them wrong: its accuracy is known exactly
        JsonNode judgeIc = w.path("calibrationByKind").path("judge").path("ic");
        assertThat(judgeIc.path("n").asLong()).isEqualTo(JUDGED);
        assertThat(judgeIc.path("correct").asLong()).isEqualTo(JUDGED - (JUDGED + 2) / 3);
        driver.manage().window().setSize(new Dimension(1440, pageHeight(js)));
        saveScreenshot(driver, TARGET.resolve("dashboard-labels.png"));
        driver.manage().window().setSize(new Dimension(1440, 900));
    }

    /** The late labels of the labelled run, once every one scheduled has been posted. */
    JsonNode awaitLateLabels() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        JsonNode run = null;
        while (System.nanoTime() < deadline) {
            run = EventJson.mapper().readTree(pipeline.get("answer-service", "/api/runs/" + labelledRun).body());
            JsonNode l = run.path("labels");
            if (run.path("published").asLong() == LABELLED_ANSWERS && l.path("scheduled").asLong() > 0
                    && l.path("accepted").asLong() + l.path("rejected").asLong() + l.path("dropped").asLong() == l.path("scheduled").asLong()) {
                assertThat(l.path("rejected").asLong() + l.path("dropped").asLong()).as(run.toString()).isZero();
                return l;
            }
            Pipeline.sleep(500);
        }
        throw new AssertionError("the labelled run did not post its late labels: " + run);
    }

    /** The labelled series' snapshot once its last-1000 window satisfies {@code done}. */
    JsonNode awaitLabels(java.util.function.Predicate<JsonNode> done) throws Exception {
        String path = "/api/series/" + java.net.URLEncoder.encode(LABELLED, java.nio.charset.StandardCharsets.UTF_8);
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = pipeline.get("analysis-service", path);
            last = r.statusCode() + " " + r.body();
            if (r.statusCode() == 200) {
                JsonNode snapshot = EventJson.mapper().readTree(r.body());
                if (done.test(snapshot.path("windows").path("last-1000"))) return settled(path, snapshot, deadline);
            }
            Pipeline.sleep(500);
        }
        throw new AssertionError("series " + LABELLED + " did not reach the expected labels: " + last);
    }

    /**
     * The series' snapshot once it no longer changes: labels are first published in a fresh snapshot with the accuracy
     * map of before, and the paced snapshot after them (within the snapshot interval, 1 s) refits the map; the page,
     * fed every snapshot, ends on that last one. Settled: the same (but for when it was computed) for 3 s.
     */
    private JsonNode settled(String path, JsonNode first, long deadline) throws Exception {
        JsonNode stable = withoutTime(first);
        long since = System.nanoTime();
        while (System.nanoTime() < deadline) {
            Pipeline.sleep(300);
            HttpResponse<String> r = pipeline.get("analysis-service", path);
            if (r.statusCode() != 200) continue;
            JsonNode now = EventJson.mapper().readTree(r.body());
            if (!withoutTime(now).equals(stable)) {
                stable = withoutTime(now);
                first = now;
                since = System.nanoTime();
            } else if (System.nanoTime() - since > Duration.ofSeconds(3).toNanos()) {
                return first;
            }
        }
        throw new AssertionError("series " + LABELLED + " did not settle: " + first);
    }

    private static JsonNode withoutTime(JsonNode snapshot) {
        com.fasterxml.jackson.databind.node.ObjectNode copy = snapshot.deepCopy();
        copy.remove("computedAtMs");
        return copy;
    }

    /** A delay as the page writes it ({@code 1.0 s}, {@code 2.7 min}, {@code 1.2 h}, {@code 3.0 d}) against the API's ms, to its last digit. */
    static void assertDuration(String text, String label, double expectedMs) {
        Matcher m = Pattern.compile(Pattern.quote(label) + " (\\d+\\.\\d) (s|min|h|d)\\b").matcher(text);
        assertThat(m.find()).as("/" + label + " <duration>/ in:\n" + text).isTrue();
        double unitMs = switch (m.group(2)) {
            case "s" -> 1_000;
            case "min" -> 60_000;
            case "h" -> 3_600_000;
            default -> 86_400_000;
        };
        assertThat(Double.parseDouble(m.group(1))).as(label).isCloseTo(expectedMs / unitMs, org.assertj.core.data.Offset.offset(0.05));
    }

    static double number(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as("/" + regex + "/ in:\n" + text).isTrue();
        return Double.parseDouble(m.group(1));
    }

    /** Every metric the Grafana dashboard queries is one the analysis-service exports, so the JSON cannot go stale. */
    @Test
    void theGrafanaDashboardQueriesOnlyMetricsTheServiceExports() throws Exception {
        JsonNode dashboard = EventJson.mapper().readTree(GRAFANA.toFile());
        List<String> expressions = new ArrayList<>();
        dashboard.path("panels").forEach(p -> {
            assertThat(p.path("datasource").path("uid").asText()).as(p.path("title").asText()).isEqualTo("cpa-prometheus");
            p.path("targets").forEach(t -> expressions.add(t.path("expr").asText()));
        });
        dashboard.path("templating").path("list").forEach(v -> {
            if (v.path("type").asText().equals("query")) expressions.add(v.path("query").path("query").asText());
        });
        String provider = Files.readString(GRAFANA.resolveSibling("cpa.yml"));
        assertThat(provider).contains("path: /etc/grafana/provisioning/dashboards");
        assertThat(Files.readString(GRAFANA.getParent().getParent().resolve("datasources/prometheus.yml"))).contains("uid: cpa-prometheus");

        Pattern metric = Pattern.compile("\\bcpa_[a-z0-9_]+");
        Set<String> used = new TreeSet<>();
        for (String e : expressions) {
            Matcher m = metric.matcher(e);
            while (m.find()) used.add(m.group());
        }
        assertThat(used).as("metrics in " + GRAFANA).hasSizeGreaterThanOrEqualTo(10)
                .contains("cpa_alignment_spearman_value", "cpa_alignment_spearman_lower", "cpa_alignment_spearman_upper",
                        "cpa_alignment_paired_n", "cpa_alignment_parse_failure_rate_value");

        // the gauges exist once the first snapshot of the live series has been read
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        Set<String> exported = Set.of();
        while (System.nanoTime() < deadline) {
            exported = exportedFamilies(pipeline.get("analysis-service", "/q/metrics").body(), LIVE);
            if (exported.containsAll(used)) break;
            Pipeline.sleep(1000);
        }
        assertThat(exported).as("families exported for " + LIVE).containsAll(used);
        // the labels the panels filter by are on every one of those gauges
        String metrics = pipeline.get("analysis-service", "/q/metrics").body();
        for (String name : used) {
            assertThat(metrics).containsPattern(Pattern.quote(name) + "\\{(?=.*\\bseries=\")(?=.*\\bwindow=\")[^}]*\\} ");
        }
    }

    static Set<String> exportedFamilies(String prometheusText, String series) {
        Set<String> out = new TreeSet<>();
        for (String line : prometheusText.split("\n")) {
            if (line.startsWith("#") || !line.contains("series=\"" + series + "\"")) continue;
            int brace = line.indexOf('{');
            if (brace > 0) out.add(line.substring(0, brace));
        }
        return out;
    }

    /** The cells of a series' row, read in one script so that a re-render between reads cannot mix two snapshots. */
    @SuppressWarnings("unchecked")
    static Map<String, String> row(JavascriptExecutor js, String key) {
        return (Map<String, String>) js.executeScript("const r = document.querySelector('#series tr[data-series=\"' + CSS.escape(arguments[0]) + '\"]');"
                + "if (!r) return null;"
                + "const t = (c) => r.querySelector('td.' + c).textContent.trim();"
                + "return {model: t('model'), rho: t('rho'), n: t('n'), received: t('received')};", key);
    }

    /** Pixels a chart has drawn on its canvas (any non-transparent pixel). */
    static long paintedPixels(JavascriptExecutor js, String canvasId) {
        Object n = js.executeScript("const c = document.getElementById(arguments[0]);"
                + "if (!c || c.width === 0 || c.height === 0) return 0;"
                + "const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                + "let k = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) k++; return k;", canvasId);
        return ((Number) n).longValue();
    }

    /** A window height that shows the whole page: its height plus what the window itself takes. */
    static int pageHeight(JavascriptExecutor js) {
        return ((Number) js.executeScript("return document.documentElement.scrollHeight + (window.outerHeight - window.innerHeight) + 20"))
                .intValue();
    }

    static void saveScreenshot(ChromeDriver driver, Path to) throws Exception {
        File shot = driver.getScreenshotAs(OutputType.FILE);
        Files.createDirectories(to.getParent());
        Files.copy(shot.toPath(), to, StandardCopyOption.REPLACE_EXISTING);
        assertThat(Files.size(to)).isGreaterThan(10_000);
    }
}
