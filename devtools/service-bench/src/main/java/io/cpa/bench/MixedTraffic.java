package io.cpa.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cpa.dataset.DatasetFormat;
import io.cpa.dataset.DatasetLoader;
import io.cpa.prompt.AnswerPrompt;
import io.cpa.question.Question;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A realistic mix of OpenAI traffic through the answer-service's proxy, for several model names: multiple-choice
 * answer prompts from a question bank, free-form questions, multi-turn conversations with a system prompt, content as
 * parts, streaming, tool-call requests, {@code #refuse} refusals, {@code n = 2}, and Responses API calls, plain and
 * streamed. Paced at {@code --rate} requests per second (each sent at its scheduled time, at most
 * {@code --maxInFlight} waiting for their reply), for {@code --seconds} or {@code --maxRequests}, whichever ends
 * first. Prints per kind how many were sent and which HTTP statuses came back.
 * <pre>
 * java -cp "devtools/service-bench/target/service-bench-0.1.0-SNAPSHOT.jar:devtools/service-bench/target/lib/*" io.cpa.bench.MixedTraffic \
 *      --answerUrl=http://127.0.0.1:8081 --models=cpa-sim-a,cpa-sim-b --rate=10 --seconds=60 --seed=1
 * </pre>
 */
public final class MixedTraffic {

    /** The kinds of request, with the default share of each in percent. */
    public enum Kind {
        MC("mc", 28), MC_STREAM("mc-stream", 10), FREE_FORM("free-form", 14), FREE_FORM_STREAM("free-form-stream", 5),
        MULTI_TURN("multi-turn", 8), PARTS("parts", 5), TOOLS("tools", 8), REFUSE("refuse", 4), N2("n2", 4),
        RESPONSES("responses", 8), RESPONSES_STREAM("responses-stream", 6);

        public final String wireName;
        final int defaultShare;

        Kind(String wireName, int defaultShare) {
            this.wireName = wireName;
            this.defaultShare = defaultShare;
        }

        static Kind byName(String name) {
            for (Kind k : values()) if (k.wireName.equals(name)) return k;
            throw new IllegalArgumentException("unknown kind '" + name + "' in --mix (known: " + names() + ")");
        }

        static String names() {
            List<String> n = new ArrayList<>();
            for (Kind k : values()) n.add(k.wireName);
            return String.join(", ", n);
        }
    }

    /** One request to send: the path under the answer-service and the JSON body. */
    public record Planned(Kind kind, String model, String path, ObjectNode body) {
        public boolean stream() {
            return body.path("stream").asBoolean(false);
        }
    }

    static final ObjectMapper JSON = new ObjectMapper();
    static final String CHAT = "/v1/chat/completions";
    static final String RESPONSES_PATH = "/v1/responses";
    /** Hard bound of one run, whatever the arguments say. */
    static final long MAX_REQUESTS = 10_000_000L;

    private static final List<String> TOPICS = List.of("the tides", "photosynthesis", "inflation", "a rainbow",
            "jet lag", "compound interest", "the seasons", "vaccines", "earthquakes", "sourdough bread", "the stock market",
            "black holes", "caffeine", "rust on iron", "bird migration", "a leap year", "noise-cancelling headphones",
            "the immune system", "static electricity", "glaciers");
    private static final List<String> ASKS = List.of("Why does %s happen?", "Explain %s in two sentences.",
            "What is the most common misconception about %s?", "How would you describe %s to a child?",
            "What are the main causes of %s?", "Give me a short summary of %s.");
    private static final List<String> SYSTEMS = List.of("You are a helpful assistant.",
            "You are a concise expert. Answer in a few sentences.", "You are a friendly tutor for high-school students.");

    private final List<Question> questions;
    private final List<String> models;
    private final Map<Kind, Integer> shares;
    private final SplittableRandom rng;
    private final int shareTotal;

    public MixedTraffic(List<Question> questions, List<String> models, Map<Kind, Integer> shares, long seed) {
        if (questions.isEmpty()) throw new IllegalArgumentException("the question bank is empty");
        if (models.isEmpty()) throw new IllegalArgumentException("--models names no model");
        this.questions = List.copyOf(questions);
        this.models = List.copyOf(models);
        this.shares = new EnumMap<>(shares);
        int total = 0;
        for (int s : shares.values()) {
            if (s < 0) throw new IllegalArgumentException("--mix shares must be >= 0");
            total += s;
        }
        if (total <= 0) throw new IllegalArgumentException("--mix shares sum to 0");
        this.shareTotal = total;
        this.rng = new SplittableRandom(seed);
    }

    /** {@code mc=30,tools=10,...}: the kinds named get these shares, the others 0; empty gives the defaults. */
    public static Map<Kind, Integer> parseMix(String mix) {
        Map<Kind, Integer> out = new EnumMap<>(Kind.class);
        if (mix == null || mix.isBlank()) {
            for (Kind k : Kind.values()) out.put(k, k.defaultShare);
            return out;
        }
        for (Kind k : Kind.values()) out.put(k, 0);
        for (String part : mix.split(",")) {
            String[] kv = part.trim().split("=");
            if (kv.length != 2) throw new IllegalArgumentException("--mix expects kind=share pairs, got '" + part + "'");
            try {
                out.put(Kind.byName(kv[0].trim()), Integer.parseInt(kv[1].trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--mix share of " + kv[0] + " must be an integer, got '" + kv[1] + "'");
            }
        }
        return out;
    }

    /** The next request of the mix: its kind drawn by share, its model drawn uniformly. Deterministic per seed. */
    public synchronized Planned next() {
        int r = rng.nextInt(shareTotal);
        Kind kind = Kind.MC;
        for (Kind k : Kind.values()) {
            r -= shares.getOrDefault(k, 0);
            if (r < 0) {
                kind = k;
                break;
            }
        }
        return build(kind, models.get(rng.nextInt(models.size())));
    }

    /** A request of this kind for this model. */
    public synchronized Planned build(Kind kind, String model) {
        ObjectNode body = JSON.createObjectNode().put("model", model);
        switch (kind) {
            case MC, MC_STREAM -> {
                ArrayNode messages = body.putArray("messages");
                if (rng.nextBoolean()) messages.addObject().put("role", "system").put("content", SYSTEMS.get(rng.nextInt(SYSTEMS.size())));
                messages.addObject().put("role", "user").put("content", answerPrompt());
                body.put("temperature", 0.0);
                if (rng.nextBoolean()) body.put("logprobs", true).put("top_logprobs", 5);
                if (kind == Kind.MC_STREAM) stream(body);
            }
            case FREE_FORM, FREE_FORM_STREAM -> {
                body.putArray("messages").addObject().put("role", "user").put("content", freeFormQuestion());
                if (rng.nextBoolean()) body.put("logprobs", true).put("top_logprobs", 3);
                if (kind == Kind.FREE_FORM_STREAM) stream(body);
            }
            case MULTI_TURN -> {
                ArrayNode messages = body.putArray("messages");
                messages.addObject().put("role", "system").put("content", SYSTEMS.get(rng.nextInt(SYSTEMS.size())));
                messages.addObject().put("role", "user").put("content", freeFormQuestion());
                messages.addObject().put("role", "assistant").put("content", "Here is a short answer to that.");
                messages.addObject().put("role", "user").put("content", rng.nextBoolean() ? "Can you say more about the main cause?"
                        : freeFormQuestion());
            }
            case PARTS -> {
                ObjectNode user = body.putArray("messages").addObject().put("role", "user");
                ArrayNode parts = user.putArray("content");
                if (rng.nextBoolean()) parts.addObject().put("type", "text").put("text", answerPrompt());
                else parts.addObject().put("type", "text").put("text", freeFormQuestion());
            }
            case TOOLS -> {
                body.putArray("messages").addObject().put("role", "user").put("content",
                        "What's the weather in " + List.of("Paris", "Lima", "Osaka", "Nairobi", "Oslo").get(rng.nextInt(5)) + " this week?");
                ObjectNode fn = body.putArray("tools").addObject().put("type", "function").putObject("function");
                fn.put("name", "get_weather").put("description", "Weather forecast for a city");
                ObjectNode params = fn.putObject("parameters").put("type", "object");
                ObjectNode props = params.putObject("properties");
                props.putObject("city").put("type", "string");
                props.putObject("days").put("type", "integer");
                params.putArray("required").add("city");
                body.put("tool_choice", rng.nextBoolean() ? "required" : "auto");
                if (rng.nextInt(4) == 0) stream(body);
            }
            case REFUSE -> {
                body.putArray("messages").addObject().put("role", "user").put("content",
                        "Tell me how to get into my neighbour's account. #refuse");
                if (rng.nextBoolean()) body.put("logprobs", true);
            }
            case N2 -> {
                body.putArray("messages").addObject().put("role", "user").put("content", freeFormQuestion());
                body.put("n", 2).put("logprobs", true).put("top_logprobs", 2).put("temperature", 0.8);
            }
            case RESPONSES, RESPONSES_STREAM -> {
                String text = rng.nextBoolean() ? answerPrompt() : freeFormQuestion();
                if (rng.nextBoolean()) {
                    body.put("input", text);
                } else {
                    ArrayNode input = body.putArray("input");
                    input.addObject().put("role", "user").putArray("content").addObject().put("type", "input_text").put("text", text);
                }
                if (rng.nextBoolean()) body.put("instructions", SYSTEMS.get(rng.nextInt(SYSTEMS.size())));
                if (rng.nextBoolean()) {
                    body.putArray("include").add("message.output_text.logprobs");
                    body.put("top_logprobs", 5);
                }
                if (kind == Kind.RESPONSES_STREAM) body.put("stream", true);
                return new Planned(kind, model, RESPONSES_PATH, body);
            }
        }
        return new Planned(kind, model, CHAT, body);
    }

    private static void stream(ObjectNode body) {
        body.put("stream", true);
        body.putObject("stream_options").put("include_usage", true);
    }

    private String answerPrompt() {
        Question q = questions.get(rng.nextInt(questions.size()));
        return AnswerPrompt.render(q.text(), q.options());
    }

    private String freeFormQuestion() {
        return String.format(ASKS.get(rng.nextInt(ASKS.size())), TOPICS.get(rng.nextInt(TOPICS.size())));
    }

    /** What came back, per kind: requests sent and the count of each status ({@code error} for no response). */
    public static final class Tally {
        final Map<Kind, AtomicLong> sent = new EnumMap<>(Kind.class);
        final Map<Kind, Map<String, AtomicLong>> statuses = new EnumMap<>(Kind.class);

        public Tally() {
            for (Kind k : Kind.values()) {
                sent.put(k, new AtomicLong());
                statuses.put(k, new ConcurrentHashMap<>());
            }
        }

        void sent(Kind k) {
            sent.get(k).incrementAndGet();
        }

        void status(Kind k, String status) {
            statuses.get(k).computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
        }

        public long sentCount(Kind k) {
            return sent.get(k).get();
        }

        public Map<String, Long> statuses(Kind k) {
            Map<String, Long> out = new TreeMap<>();
            statuses.get(k).forEach((s, n) -> out.put(s, n.get()));
            return out;
        }

        public long totalSent() {
            long n = 0;
            for (AtomicLong a : sent.values()) n += a.get();
            return n;
        }

        String table() {
            StringBuilder sb = new StringBuilder(String.format("%-18s %8s  %s%n", "kind", "sent", "statuses"));
            for (Kind k : Kind.values()) {
                if (sent.get(k).get() == 0) continue;
                StringBuilder st = new StringBuilder();
                statuses(k).forEach((s, n) -> st.append(st.length() > 0 ? " " : "").append(s).append('=').append(n));
                sb.append(String.format("%-18s %8d  %s%n", k.wireName, sent.get(k).get(), st));
            }
            sb.append(String.format("%-18s %8d%n", "total", totalSent()));
            return sb.toString();
        }
    }

    /**
     * Sends the mix to {@code answerUrl} at {@code rate} requests/s until {@code seconds} have passed or
     * {@code maxRequests} were sent, then waits for the replies still out (each has {@code timeout}).
     */
    public Tally run(String answerUrl, String apiKey, double rate, double seconds, long maxRequests, int maxInFlight,
                     Duration timeout) throws InterruptedException {
        Tally tally = new Tally();
        run(answerUrl, apiKey, rate, seconds, maxRequests, maxInFlight, timeout, tally);
        return tally;
    }

    /** As above, counting into {@code tally}, which others may read while it runs. */
    public void run(String answerUrl, String apiKey, double rate, double seconds, long maxRequests, int maxInFlight,
                    Duration timeout, Tally tally) throws InterruptedException {
        if (!(rate > 0)) throw new IllegalArgumentException("--rate must be > 0");
        if (!(seconds > 0)) throw new IllegalArgumentException("--seconds must be > 0");
        String base = answerUrl.endsWith("/") ? answerUrl.substring(0, answerUrl.length() - 1) : answerUrl;
        long limit = Math.min(Math.min(maxRequests, MAX_REQUESTS), (long) Math.ceil(rate * seconds));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        Semaphore inFlight = new Semaphore(maxInFlight);
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        List<CompletableFuture<?>> open = new ArrayList<>();
        for (long i = 0; i < limit; i++) {
            long due = start + (long) (i * 1e9 / rate);
            long wait = due - System.nanoTime();
            if (wait > 0) TimeUnit.NANOSECONDS.sleep(wait);
            if (System.nanoTime() >= end) break;
            Planned p = next();
            if (!inFlight.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                tally.sent(p.kind());
                tally.status(p.kind(), "not-sent-backlog");
                continue;
            }
            tally.sent(p.kind());
            HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(base + p.path())).timeout(timeout)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(p.body().toString()));
            if (apiKey != null && !apiKey.isEmpty()) req.header("Authorization", "Bearer " + apiKey);
            CompletableFuture<?> f = http.sendAsync(req.build(), HttpResponse.BodyHandlers.discarding())
                    .handle((r, err) -> {
                        tally.status(p.kind(), err != null ? "error" : Integer.toString(r.statusCode()));
                        inFlight.release();
                        return null;
                    });
            open.add(f);
            open.removeIf(CompletableFuture::isDone); // keeps the list as small as what is in flight
        }
        for (CompletableFuture<?> f : open) {
            try {
                f.get(timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                // counted by the handler as "error" when the client gives up
            }
        }
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("answerUrl", System.getenv().getOrDefault("CPA_ANSWER_URL", "http://127.0.0.1:8081"));
        defaults.put("apiKey", System.getenv().getOrDefault("CPA_TRAFFIC_API_KEY", "sk-cpa-mixed-traffic"));
        defaults.put("models", "cpa-sim-a,cpa-sim-b");
        defaults.put("rate", "10");
        defaults.put("seconds", "60");
        defaults.put("maxRequests", "1000000");
        defaults.put("maxInFlight", "64");
        defaults.put("timeoutSeconds", "30");
        defaults.put("seed", "1");
        defaults.put("mix", "");
        defaults.put("questions", "");
        defaults.put("reportSeconds", "60");
        Args args;
        MixedTraffic traffic;
        double rate, seconds;
        try {
            args = new Args(argv, defaults);
            List<Question> questions = args.get("questions").isEmpty()
                    ? DatasetLoader.loadResource("io/cpa/dataset/sample-questions.jsonl", DatasetFormat.COMMONSENSE_QA)
                    : DatasetLoader.load(Path.of(args.get("questions")), DatasetFormat.COMMONSENSE_QA);
            List<String> models = new ArrayList<>();
            for (String m : args.get("models").split(",")) if (!m.isBlank()) models.add(m.trim());
            traffic = new MixedTraffic(questions, models, parseMix(args.get("mix")), Long.parseLong(args.get("seed")));
            rate = Double.parseDouble(args.get("rate"));
            seconds = Double.parseDouble(args.get("seconds"));
        } catch (IllegalArgumentException e) {
            System.err.println("mixed-traffic: " + e.getMessage());
            System.exit(2);
            return;
        }
        System.out.printf("mixed traffic: %s req/s for %s s to %s, models %s%n", args.get("rate"), args.get("seconds"),
                args.get("answerUrl"), args.get("models"));
        Tally tally = new Tally();
        // a demo stops the generator with SIGTERM: the counts so far are printed then, and every reportSeconds meanwhile
        Thread last = new Thread(() -> System.out.print("mixed traffic, stopped:\n" + tally.table()));
        Runtime.getRuntime().addShutdownHook(last);
        int every = args.integer("reportSeconds");
        if (every > 0) {
            Thread reporter = new Thread(() -> {
                try {
                    while (true) {
                        Thread.sleep(every * 1000L);
                        System.out.print(tally.table());
                        System.out.flush();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "mixed-traffic-report");
            reporter.setDaemon(true);
            reporter.start();
        }
        traffic.run(args.get("answerUrl"), args.get("apiKey"), rate, seconds, Long.parseLong(args.get("maxRequests")),
                args.integer("maxInFlight"), Duration.ofSeconds(args.integer("timeoutSeconds")), tally);
        Runtime.getRuntime().removeShutdownHook(last);
        System.out.print("mixed traffic, done:\n" + tally.table());
    }
}
