package io.cpa.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.cpa.certainty.CertaintyLevel;
import io.cpa.certainty.VerbalizedCertainty;
import io.cpa.event.CertaintyEvent;
import io.cpa.event.EventJson;
import io.cpa.event.Topics;
import io.cpa.launcher.ChildProcess;
import io.cpa.launcher.Components;
import io.cpa.launcher.Launcher;
import io.cpa.launcher.Ports;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Months of one series in bounded state: feeds one series {@code --certainties} certainties with event times spread
 * evenly over {@code --days} days (ending now) straight into cpa.certainties, against the packaged analysis-service
 * at its shipped heap (-Xmx384m) on the embedded broker, both as processes. Prints, every {@code --every}
 * certainties counted by the service: the heap after a full GC ({@code jcmd GC.run}, then {@code GC.heap_info}) and
 * the RSS. At the end (all counted, or {@code --maxMinutes} of feeding): Spearman rho over the last 7 days from
 * {@code /range} against an exact recomputation over the same answers (the ones whose event time lies in the
 * stretch the answer says it covers), then SIGKILL, a restart on the same state folder, and the seconds until the
 * service is ready and until it serves the series with every certainty counted; then the 7-day rho again.
 */
public final class SoakBench {
    private static final String SERIES = "soak-model|soak|cqp";
    private static final long DAY = 86_400_000L;
    private static final Duration READY_WITHIN = Duration.ofSeconds(120);
    private static final Pattern HEAP_USED = Pattern.compile("total (\\d+)K, used (\\d+)K");

    private final Args args;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final int total;
    private final double[] ic;
    private final byte[] level;
    private final long startMs;
    private final double spacingMs;

    private SoakBench(Args args) {
        this.args = args;
        this.total = args.integer("certainties");
        this.ic = new double[total];
        this.level = new byte[total];
        long now = System.currentTimeMillis();
        this.startMs = now - args.integer("days") * DAY;
        this.spacingMs = (double) (now - startMs) / total;
    }

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv, Map.of("certainties", "10000000", "days", "30", "every", "1000000", "maxMinutes", "600",
                "maxLag", "200000", "keep", "false"));
        new SoakBench(args).run();
    }

    private long eventTime(int i) {
        return startMs + (long) (i * spacingMs);
    }

    private void run() throws Exception {
        Path dir = Files.createTempDirectory("cpa-soak-");
        Path root = Path.of("").toAbsolutePath();
        System.out.printf("soak: %,d certainties of one series over %s days into analysis-service -Xmx384m; logs in %s%n",
                total, args.get("days"), dir);
        Components components = new Components(root);
        int kafkaPort = Ports.free();
        try (Launcher processes = new Launcher()) {
            processes.start(components.kafka(kafkaPort, dir.resolve("kafka"), 1, dir.resolve("kafka.log")), READY_WITHIN);
            String bootstrap = "127.0.0.1:" + kafkaPort;
            Map<String, String> env = new LinkedHashMap<>();
            env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
            env.put("CPA_STATE_DIR", dir.resolve("streams-state").toString());
            int port = Ports.free();
            // its shipped heap, as ./cpa demo runs it
            ChildProcess analysis = processes.start(components.service("analysis-service", port, env, dir.resolve("analysis-service.log")),
                    READY_WITHIN);
            int fed = feed(bootstrap, analysis);
            System.out.printf("%nfed %,d certainties (%s)%n", fed, fed == total ? "all" : "stopped by --maxMinutes");
            JsonNode before = range(port);
            compare("before the kill", before, fed);

            long killedAt = System.nanoTime();
            processes.kill("analysis-service");
            System.out.printf("SIGKILL at %,d certainties; restarting on the same state folder%n", fed);
            long restartAt = System.nanoTime();
            ChildProcess again = processes.restart("analysis-service").awaitReady(READY_WITHIN);
            double ready = (System.nanoTime() - restartAt) / 1e9;
            long served = awaitReceived(port, fed, Duration.ofMinutes(10));
            double serving = (System.nanoTime() - restartAt) / 1e9;
            System.out.printf("restart: ready (/q/health/ready) after %.1f s, serving the series with %,d counted after %.1f s"
                    + " (%.1f s after the kill)%n", ready, served, serving, (System.nanoTime() - killedAt) / 1e9);
            JsonNode after = range(port);
            compare("after the restart", after, fed);
            System.out.printf("7-day rho before and after the restart: %s and %s (same: %s)%n",
                    before.path("window").path("spearman").path("value"), after.path("window").path("spearman").path("value"),
                    before.path("window").equals(after.path("window")));
            memory("after the restart", again, fed);
        } finally {
            if (!Boolean.parseBoolean(args.get("keep"))) deleteTree(dir);
        }
    }

    /** Sends until every certainty is counted or the time is up, keeping at most maxLag certainties ahead of the count. */
    private int feed(String bootstrap, ChildProcess analysis) throws Exception {
        SplittableRandom random = new SplittableRandom(42);
        long deadline = System.nanoTime() + Duration.ofMinutes(Integer.parseInt(args.get("maxMinutes"))).toNanos();
        int every = args.integer("every");
        int maxLag = args.integer("maxLag");
        int nextReport = every;
        long t0 = System.nanoTime();
        int sent = 0;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"), new StringSerializer(), new StringSerializer())) {
            long counted = 0;
            while (counted < sent || sent < total) {
                if (System.nanoTime() > deadline && sent > 0) {
                    producer.flush();
                    awaitReceived(analysis.port(), sent, Duration.ofMinutes(30));
                    return sent;
                }
                int batchEnd = (int) Math.min(total, counted + maxLag);
                for (; sent < batchEnd; sent++) {
                    // IC continuous (a Beta(2,1)-like shape), VC level aligned with it plus noise, correctness from IC
                    double x = Math.sqrt(random.nextDouble());
                    int l = (int) Math.max(0, Math.min(5, Math.round(5 * (0.5 * x + 0.5 * random.nextDouble()))));
                    ic[sent] = x;
                    level[sent] = (byte) l;
                    producer.send(new ProducerRecord<>(Topics.CERTAINTIES, SERIES, EventJson.write(event(sent, x, l, random.nextDouble() < x))));
                }
                producer.flush();
                counted = received(analysis.port());
                while (counted >= nextReport && nextReport <= total) {
                    memory(String.format("%,d counted", nextReport), analysis, counted);
                    System.out.printf("   rate so far %.0f certainties/s%n", counted / ((System.nanoTime() - t0) / 1e9));
                    nextReport += every;
                }
                if (counted < sent) Thread.sleep(500);
            }
            return sent;
        }
    }

    private CertaintyEvent event(int i, double x, int l, boolean correct) {
        Instant t = Instant.ofEpochMilli(eventTime(i));
        CertaintyLevel lv = CertaintyLevel.ofRank(l);
        return new CertaintyEvent(CertaintyEvent.SCHEMA_VERSION, "soak-" + i, SERIES, "soak-model", "soak", "cqp", i + 1L,
                t, t, x, "option-ratio@1", "A", null, correct, VerbalizedCertainty.ofLevel(lv, lv.phrase()), 0.2, 1, null, null);
    }

    private void memory(String label, ChildProcess analysis, long counted) throws Exception {
        jcmd(analysis.pid(), "GC.run");
        String info = jcmd(analysis.pid(), "GC.heap_info");
        Matcher m = HEAP_USED.matcher(info);
        String heap = m.find() ? String.format("%.1f MiB used of %.1f MiB", Long.parseLong(m.group(2)) / 1024.0, Long.parseLong(m.group(1)) / 1024.0) : "?";
        System.out.printf("%s: heap after GC %s, RSS %.0f MiB (counted %,d)%n", label, heap, analysis.rssMiB(), counted);
    }

    private static String jcmd(long pid, String command) throws Exception {
        Process p = new ProcessBuilder("jcmd", String.valueOf(pid), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        return out;
    }

    private void compare(String label, JsonNode range, int fed) {
        long from = range.path("fromMs").asLong(), to = range.path("toMs").asLong();
        double got = range.path("window").path("spearman").path("value").asDouble();
        int lo = 0;
        while (lo < fed && eventTime(lo) < from) lo++;
        int hi = lo;
        while (hi < fed && eventTime(hi) < to) hi++;
        double exact = spearman(Arrays.copyOfRange(ic, lo, hi), level, lo, hi);
        if (range.path("window").path("n").asLong() != hi - lo) {
            System.out.printf("%s: the range counts %d answers, the harness %d in the same stretch%n", label, range.path("window").path("n").asLong(), hi - lo);
        }
        System.out.printf("%s: rho over the last 7 days [%s, %s): %.7f from the buckets (n %d), %.7f exact (n %d), difference %.2e%n",
                label, Instant.ofEpochMilli(from), Instant.ofEpochMilli(to), got, range.path("window").path("pairedN").asLong(),
                exact, hi - lo, Math.abs(got - exact));
    }

    /** Pearson correlation of mid-ranks (ties: mean rank), by sorting. */
    static double spearman(double[] x, byte[] levels, int lo, int hi) {
        int n = hi - lo;
        double[] rx = midRanks(x);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) y[i] = levels[lo + i];
        double[] ry = midRanks(y);
        double mx = (n + 1) / 2.0;
        double sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < n; i++) {
            sxy += (rx[i] - mx) * (ry[i] - mx);
            sxx += (rx[i] - mx) * (rx[i] - mx);
            syy += (ry[i] - mx) * (ry[i] - mx);
        }
        return sxy / Math.sqrt(sxx * syy);
    }

    static double[] midRanks(double[] v) {
        int n = v.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Double.compare(v[a], v[b]));
        double[] r = new double[n];
        for (int i = 0; i < n; ) {
            int j = i;
            while (j + 1 < n && v[order[j + 1]] == v[order[i]]) j++;
            double mid = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) r[order[k]] = mid;
            i = j + 1;
        }
        return r;
    }

    private JsonNode range(int port) throws Exception {
        return get(port, "/api/series/" + enc(SERIES) + "/range?last=7d");
    }

    private long received(int port) {
        try {
            JsonNode s = get(port, "/api/series/" + enc(SERIES));
            return s == null ? 0 : s.path("received").asLong();
        } catch (Exception e) {
            return 0;
        }
    }

    private long awaitReceived(int port, long n, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long got = 0;
        while (System.nanoTime() < deadline) {
            got = received(port);
            if (got >= n) return got;
            Thread.sleep(100);
        }
        throw new IllegalStateException("the service counted " + got + " of " + n + " within " + timeout);
    }

    private JsonNode get(int port, String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) return null;
        return EventJson.mapper().readTree(r.body());
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
