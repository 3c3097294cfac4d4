package io.cpa.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.cpa.event.EventJson;
import io.cpa.launcher.Launcher;
import io.cpa.launcher.Ports;
import io.cpa.launcher.Readiness;
import io.cpa.launcher.ServiceSpec;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Debian's Prometheus and Alertmanager as processes, each in its own folder under {@code dir} with a generated
 * configuration, listening on loopback only: Prometheus scrapes the given targets every second, evaluates the given
 * rule file every second and sends to the Alertmanager, which sends every group to one webhook after a second.
 */
final class AlertingStack implements AutoCloseable {
    private final Path dir;
    private final HttpClient http = HttpClient.newHttpClient();
    private final Launcher processes = new Launcher();
    final int prometheusPort;
    final int alertmanagerPort;

    AlertingStack(Path dir, List<String> scrapeTargets, Path rules, String webhookUrl) throws IOException {
        this.dir = dir;
        this.alertmanagerPort = Ports.free();
        this.prometheusPort = Ports.free();
        try {
            startAlertmanager(webhookUrl);
            startPrometheus(scrapeTargets, rules);
        } catch (IOException | RuntimeException e) {
            close(); // a Prometheus that did not start must not leave its Alertmanager running
            throw e;
        }
    }

    private void startAlertmanager(String webhookUrl) throws IOException {
        Path home = Files.createDirectories(dir.resolve("alertmanager"));
        // group per rule and series, as the shipped compose Alertmanager does; short waits so the test sees it soon
        Files.writeString(home.resolve("alertmanager.yml"), """
                route:
                  receiver: test-webhook
                  group_by: ["alertname", "series"]
                  group_wait: 1s
                  group_interval: 1s
                  repeat_interval: 1h
                receivers:
                  - name: test-webhook
                    webhook_configs:
                      - url: %s
                        send_resolved: true
                """.formatted(webhookUrl));
        start("alertmanager", alertmanagerPort, List.of(PrometheusBinaries.ALERTMANAGER.toString(),
                "--config.file=" + home.resolve("alertmanager.yml"),
                "--storage.path=" + home.resolve("data"),
                "--web.listen-address=127.0.0.1:" + alertmanagerPort,
                "--cluster.listen-address=")); // no gossip: a single instance, and no port on every interface
    }

    private void startPrometheus(List<String> targets, Path rules) throws IOException {
        Path home = Files.createDirectories(dir.resolve("prometheus"));
        String quoted = targets.stream().map(t -> "\"" + t + "\"").collect(Collectors.joining(", "));
        Files.writeString(home.resolve("prometheus.yml"), """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files:
                  - %s
                alerting:
                  alertmanagers:
                    - static_configs:
                        - targets: ["127.0.0.1:%d"]
                scrape_configs:
                  - job_name: cpa
                    metrics_path: /q/metrics
                    static_configs:
                      - targets: [%s]
                """.formatted(rules, alertmanagerPort, quoted));
        start("prometheus", prometheusPort, List.of(PrometheusBinaries.PROMETHEUS.toString(),
                "--config.file=" + home.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + home.resolve("data"),
                "--web.listen-address=127.0.0.1:" + prometheusPort));
    }

    /** An instant query; the {@code data.result} array of the answer. */
    JsonNode query(String promql) throws IOException, InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + prometheusPort + "/api/v1/query?query="
                + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new IllegalStateException("query " + promql + ": " + r.statusCode() + " " + r.body());
        return EventJson.mapper().readTree(r.body()).path("data").path("result");
    }

    Path log(String name) {
        return dir.resolve(name + ".log");
    }

    /** Runs in {@code dir}; ready once its {@code /-/ready} answers 200. */
    private void start(String name, int port, List<String> cmd) {
        processes.start(new ServiceSpec(name, cmd, Map.of(), dir, log(name), Readiness.httpOk("http://127.0.0.1:" + port + "/-/ready"), port),
                Duration.ofSeconds(60));
    }

    @Override
    public void close() {
        processes.close();
    }
}
