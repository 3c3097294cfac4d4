package io.cpa.bench;

import io.cpa.launcher.ChildProcess;
import io.cpa.launcher.Components;
import io.cpa.launcher.Ports;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

/**
 * The latency the answer-service proxy adds over calling the upstream (the simulator, no added latency) directly:
 * the same requests alternately direct and through the proxy, one at a time, after a warm-up.
 * <pre>
 * java -cp devtools/service-bench/target/service-bench-0.1.0-SNAPSHOT.jar:devtools/service-bench/target/lib/* io.cpa.bench.ProxyLatencyBench \
 *      --requests=2000
 * </pre>
 */
public final class ProxyLatencyBench {
    private ProxyLatencyBench() {}

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv, Map.of("requests", "2000", "warmup", "500",
                "jar", "answer-service/target/quarkus-app/quarkus-run.jar", "heap", "256m"));
        try (Infra infra = new Infra(Map.of())) {
            Path log = Path.of(System.getProperty("java.io.tmpdir"), "cpa-bench-proxy.log");
            try (ChildProcess service = ChildProcess.start(Components.quarkusApp("answer-service", Path.of(args.get("jar")), Ports.free(), args.get("heap"), Map.of(
                    "KAFKA_BOOTSTRAP_SERVERS", infra.broker.bootstrapServers(),
                    "CPA_MODEL_BASE_URL", infra.simulator.baseUrl(),
                    "CPA_MODEL_NAME", "cpa-simulator"), log, java.util.List.of()), Duration.ofSeconds(120))) {
                String direct = infra.simulator.baseUrl() + "/chat/completions";
                String proxy = "http://127.0.0.1:" + service.port() + "/v1/chat/completions";
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                System.out.printf("%-28s %9s %9s %9s %9s%n", "request", "direct-p50", "proxy-p50", "direct-p99", "proxy-p99");
                for (boolean stream : new boolean[]{false, true}) {
                    String body = "{\"model\":\"cpa-simulator\",\"messages\":[{\"role\":\"user\",\"content\":"
                            + "\"Where would you borrow a book?\\nA. a river\\nB. a library\\nC. a bakery\\nAnswer:\"}],"
                            + "\"temperature\":0.2" + (stream ? ",\"stream\":true" : "") + "}";
                    int n = args.integer("requests");
                    int warm = args.integer("warmup");
                    double[] d = new double[n];
                    double[] p = new double[n];
                    for (int i = 0; i < warm; i++) {
                        call(http, direct, body);
                        call(http, proxy, body);
                    }
                    for (int i = 0; i < n; i++) {
                        d[i] = call(http, direct, body);
                        p[i] = call(http, proxy, body);
                    }
                    Arrays.sort(d);
                    Arrays.sort(p);
                    System.out.printf("%-28s %8.2fms %8.2fms %8.2fms %8.2fms   added p50 %.2f ms, p99 %.2f ms%n",
                            stream ? "stream, logprobs added" : "non-stream, logprobs added",
                            q(d, 0.5), q(p, 0.5), q(d, 0.99), q(p, 0.99), q(p, 0.5) - q(d, 0.5), q(p, 0.99) - q(d, 0.99));
                }
                System.out.printf("answer-service RSS %.0f MiB%n", service.rssMiB());
            }
        }
    }

    private static double call(HttpClient http, String url, String body) throws Exception {
        long t = System.nanoTime();
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Authorization", "Bearer sk-bench")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) throw new IllegalStateException(url + " answered " + r.statusCode() + ": " + new String(r.body()));
        return (System.nanoTime() - t) / 1e6;
    }

    private static double q(double[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }
}
