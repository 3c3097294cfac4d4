package io.cpa.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Answers pushed through {@code POST /api/answers/batch}, either as fast as {@code clients} concurrent callers can
 * (each waits for its reply before the next batch) or paced to a rate (each batch sent at its scheduled time whether
 * or not earlier ones have been answered, so a slow service cannot slow the offered load down).
 * <p>
 * Every item is an OpenAI chat completion with top-5 logprobs of a five-option question, with a gold label, in the
 * series {@code prefix-0 .. prefix-(series-1)} (item i of a batch in series i mod series). Items carry no answerId,
 * so the service gives each a fresh one and the same batch bodies can be sent again and again.
 */
final class IngestLoad {
    private static final Pattern ACCEPTED = Pattern.compile("\"accepted\":(\\d+)");
    private static final int VARIANTS = 16;

    /** What a load run did: per batch, when it was sent (or scheduled) and acknowledged, and its series counts. */
    record Result(long[] sentNanos, long[] ackNanos, int[] batchSizes, long accepted, long failedBatches, String firstError) {
        long firstSent() {
            long min = Long.MAX_VALUE;
            for (long t : sentNanos) min = Math.min(min, t);
            return min;
        }

        /** Sorted ms from sending (or scheduling) a batch to its reply: the ingest call. */
        double[] sortedCallMs() {
            double[] out = new double[sentNanos.length];
            for (int b = 0; b < out.length; b++) out[b] = (ackNanos[b] - sentNanos[b]) / 1e6;
            java.util.Arrays.sort(out);
            return out;
        }

        long lastAck() {
            long max = Long.MIN_VALUE;
            for (long t : ackNanos) max = Math.max(max, t);
            return max;
        }
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final URI uri;
    private final String prefix;
    private final int series;
    private final boolean gold;

    IngestLoad(int port, String prefix, int series) {
        this(port, prefix, series, true);
    }

    /**
     * @param gold whether each answer carries its gold label: sampling applies to unlabelled answers only (a labelled
     *             one is always elicited), so a run of the sampled answer path sends none
     */
    IngestLoad(int port, String prefix, int series, boolean gold) {
        this.uri = URI.create("http://127.0.0.1:" + port + "/api/answers/batch");
        this.prefix = prefix;
        this.series = series;
        this.gold = gold;
    }

    String prefix() {
        return prefix;
    }

    String source(int s) {
        return prefix + "-" + s;
    }

    /** How many of the first {@code size} items of a batch fall in series s. */
    int inSeries(int size, int s) {
        return size / series + (s < size % series ? 1 : 0);
    }

    static int batches(int answers, int batch) {
        return (answers + batch - 1) / batch;
    }

    static int batchSize(int b, int answers, int batch) {
        return Math.min(batch, answers - b * batch);
    }

    Result asFastAsPossible(int answers, int batch, int clients) throws InterruptedException {
        int n = batches(answers, batch);
        Bodies bodies = new Bodies(batch, answers);
        long[] sent = new long[n];
        long[] acked = new long[n];
        int[] sizes = new int[n];
        AtomicInteger next = new AtomicInteger();
        AtomicLong accepted = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        String[] firstError = {null};
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            Thread t = new Thread(() -> {
                for (int b; (b = next.getAndIncrement()) < n; ) {
                    sizes[b] = batchSize(b, answers, batch);
                    byte[] body = bodies.body(b);
                    sent[b] = System.nanoTime();
                    try {
                        HttpResponse<String> r = http.send(request(body), HttpResponse.BodyHandlers.ofString());
                        acked[b] = System.nanoTime();
                        account(r, accepted, failed, firstError);
                    } catch (Exception e) {
                        acked[b] = System.nanoTime();
                        failed.incrementAndGet();
                        synchronized (firstError) {
                            if (firstError[0] == null) firstError[0] = e.toString();
                        }
                    }
                }
            }, "ingest-client-" + c);
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) t.join();
        return new Result(sent, acked, sizes, accepted.get(), failed.get(), firstError[0]);
    }

    Result paced(int answers, int batch, double ratePerSecond) {
        int n = batches(answers, batch);
        Bodies bodies = new Bodies(batch, answers);
        long[] scheduled = new long[n];
        long[] acked = new long[n];
        int[] sizes = new int[n];
        AtomicLong accepted = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        String[] firstError = {null};
        List<CompletableFuture<Void>> replies = new ArrayList<>(n);
        long start = System.nanoTime() + 50_000_000L;
        for (int b = 0; b < n; b++) {
            sizes[b] = batchSize(b, answers, batch);
            scheduled[b] = start + (long) (b * (double) batch / ratePerSecond * 1e9);
            byte[] body = bodies.body(b);
            long wait;
            while ((wait = scheduled[b] - System.nanoTime()) > 0) LockSupport.parkNanos(wait);
            int index = b;
            replies.add(http.sendAsync(request(body), HttpResponse.BodyHandlers.ofString()).handle((r, e) -> {
                acked[index] = System.nanoTime();
                if (e == null) {
                    account(r, accepted, failed, firstError);
                } else {
                    failed.incrementAndGet();
                    synchronized (firstError) {
                        if (firstError[0] == null) firstError[0] = e.toString();
                    }
                }
                return null;
            }));
        }
        CompletableFuture.allOf(replies.toArray(CompletableFuture[]::new)).join();
        return new Result(scheduled, acked, sizes, accepted.get(), failed.get(), firstError[0]);
    }

    /**
     * Publish times per series in publish order: batch b's items are published when it is sent (or scheduled), and
     * the batches are taken in index order, the order they were sent in.
     */
    long[][] publishNanosBySeries(Result r) {
        long[][] out = new long[series][];
        for (int s = 0; s < series; s++) {
            int total = 0;
            for (int size : r.batchSizes()) total += inSeries(size, s);
            long[] times = new long[total];
            int k = 0;
            for (int b = 0; b < r.batchSizes().length; b++) {
                for (int c = inSeries(r.batchSizes()[b], s); c > 0; c--) times[k++] = r.sentNanos()[b];
            }
            out[s] = times;
        }
        return out;
    }

    private HttpRequest request(byte[] body) {
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    private static void account(HttpResponse<String> r, AtomicLong accepted, AtomicLong failed, String[] firstError) {
        Matcher m = ACCEPTED.matcher(r.body());
        if (r.statusCode() == 200 && m.find()) {
            accepted.addAndGet(Long.parseLong(m.group(1)));
            if (r.body().contains("\"error\"")) {
                synchronized (firstError) {
                    if (firstError[0] == null) firstError[0] = r.body().substring(0, Math.min(300, r.body().length()));
                }
            }
        } else {
            failed.incrementAndGet();
            synchronized (firstError) {
                if (firstError[0] == null) firstError[0] = r.statusCode() + " " + r.body().substring(0, Math.min(300, r.body().length()));
            }
        }
    }

    /** A few distinct batch bodies, made once and sent in turn; the last, shorter batch has its own. */
    private final class Bodies {
        private final byte[][] full = new byte[VARIANTS][];
        private final byte[] last;
        private final int lastIndex;

        Bodies(int batch, int answers) {
            Random random = new Random(11);
            for (int v = 0; v < VARIANTS; v++) full[v] = batchBody(batch, random);
            lastIndex = batches(answers, batch) - 1;
            int lastSize = batchSize(lastIndex, answers, batch);
            last = lastSize == batch ? null : batchBody(lastSize, random);
        }

        byte[] body(int b) {
            return b == lastIndex && last != null ? last : full[b % VARIANTS];
        }

        private byte[] batchBody(int size, Random random) {
            StringBuilder sb = new StringBuilder(size * 1400).append('[');
            for (int i = 0; i < size; i++) {
                if (i > 0) sb.append(',');
                item(sb, source(i % series), random, gold);
            }
            return sb.append(']').toString().getBytes(StandardCharsets.UTF_8);
        }
    }

    static void item(StringBuilder sb, String source, Random random, boolean withGold) {
        String[] labels = {"A", "B", "C", "D", "E"};
        String[] texts = {"a river", "a library", "a bakery", "a stadium", "a forest"};
        int q = random.nextInt(500);
        int chosen = random.nextInt(5);
        int gold = random.nextDouble() < 0.7 ? chosen : random.nextInt(5);
        double p = 0.3 + 0.69 * random.nextDouble();
        sb.append("{\"question\":\"Question ").append(q).append(": where would you borrow a book about ").append(q)
                .append("?\",\"options\":[");
        for (int o = 0; o < 5; o++) {
            sb.append(o == 0 ? "" : ",").append("{\"label\":\"").append(labels[o]).append("\",\"text\":\"").append(texts[o]).append("\"}");
        }
        sb.append("],\"model\":\"cpa-simulator\",\"source\":\"").append(source);
        if (withGold) sb.append("\",\"goldLabel\":\"").append(labels[gold]);
        sb.append("\",\"response\":{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion\",\"created\":1760000000,")
                .append("\"model\":\"cpa-simulator\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"")
                .append(labels[chosen]).append("\"},\"logprobs\":{\"content\":[{\"token\":\"").append(labels[chosen])
                .append("\",\"logprob\":").append(fmt(Math.log(p))).append(",\"top_logprobs\":[");
        double rest = 1 - p;
        sb.append("{\"token\":\"").append(labels[chosen]).append("\",\"logprob\":").append(fmt(Math.log(p))).append('}');
        for (int o = 0, k = 1; o < 5; o++) {
            if (o == chosen) continue;
            double share = rest * (k == 1 ? 0.5 : k == 2 ? 0.25 : k == 3 ? 0.15 : 0.05);
            sb.append(",{\"token\":\"").append(labels[o]).append("\",\"logprob\":").append(fmt(Math.log(share))).append('}');
            k++;
        }
        sb.append("]}]},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":61,\"completion_tokens\":1,\"total_tokens\":62}}}");
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.6f", v);
    }
}
