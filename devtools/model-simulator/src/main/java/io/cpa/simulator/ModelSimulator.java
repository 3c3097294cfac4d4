package io.cpa.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An OpenAI-compatible HTTP server in front of {@link SimulatorEngine}: {@code GET /v1/models},
 * {@code POST /v1/chat/completions} and {@code POST /v1/responses} (plain and streamed), and {@code GET|POST /sim/config}, {@code GET /sim/stats}.
 * Handlers run on a bounded pool ({@code threads}) separate from the accept loop, so injected latency and hung
 * requests never stop new connections from being accepted.
 */
public final class ModelSimulator implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> TEXT_KEYS = Set.of("bind", "modelId", "questionBank", "drift", "levelDistribution");

    private final SimulatorEngine engine;
    private final FaultPlan faults;
    private final HttpServer server;
    private final ThreadPoolExecutor executor;
    private final AtomicLong ids = new AtomicLong();

    private ModelSimulator(SimulatorEngine engine, HttpServer server, ThreadPoolExecutor executor) {
        this.engine = engine;
        this.faults = new FaultPlan(engine.config().seed());
        this.server = server;
        this.executor = executor;
    }

    public static ModelSimulator start(SimulatorConfig config) {
        QuestionBank bank = config.questionBank().isEmpty() ? QuestionBank.empty() : QuestionBank.load(config.questionBank());
        SimulatorEngine engine = new SimulatorEngine(config, bank);
        // Without TCP_NODELAY the JDK server's small writes meet the client's delayed ACK: ~40 ms per request.
        // The JDK reads this property once, when its first server is created in the JVM.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(config.bind(), config.port()), 1024);
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on " + config.bind() + ":" + config.port() + ": " + e.getMessage(), e);
        }
        AtomicInteger threadNo = new AtomicInteger();
        ThreadPoolExecutor executor = new ThreadPoolExecutor(config.threads(), config.threads(), 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "model-simulator-" + threadNo.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        executor.allowCoreThreadTimeOut(true);
        server.setExecutor(executor);
        ModelSimulator sim = new ModelSimulator(engine, server, executor);
        server.createContext("/", sim::handle);
        server.start();
        return sim;
    }

    public static void main(String[] args) throws InterruptedException {
        SimulatorConfig config;
        try {
            config = SimulatorConfig.fromArgsAndEnv(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("model-simulator: " + e.getMessage());
            System.exit(2);
            return;
        }
        ModelSimulator sim = start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sim.close();
            stopped.countDown();
        }));
        System.out.println("model-simulator listening on " + sim.baseUrl());
        System.out.flush();
        stopped.await();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** For example {@code http://127.0.0.1:8089/v1}. */
    public String baseUrl() {
        return "http://" + engine.config().bind() + ":" + port() + "/v1";
    }

    public SimulatorEngine engine() {
        return engine;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
            switch (path) {
                case "/v1/models" -> requireThen(ex, method, "GET", () -> sendJson(ex, 200, models()));
                case "/v1/chat/completions" -> requireThen(ex, method, "POST", () -> chat(ex));
                case "/v1/responses" -> requireThen(ex, method, "POST", () -> responses(ex));
                case "/sim/config" -> {
                    if (method.equals("GET")) sendJson(ex, 200, configView());
                    else requireThen(ex, method, "POST", () -> reconfigure(ex));
                }
                case "/sim/stats" -> requireThen(ex, method, "GET", () -> sendJson(ex, 200, JSON.valueToTree(engine.stats().snapshot())));
                case "/sim/truth" -> requireThen(ex, method, "GET", () -> truth(ex));
                default -> sendError(ex, 404, "not_found", "no route " + method + " " + path);
            }
        } catch (RuntimeException e) {
            sendError(ex, 500, "server_error", "simulator failure: " + e);
        }
    }

    private interface Action {
        void run() throws IOException;
    }

    private static void requireThen(HttpExchange ex, String method, String wanted, Action action) throws IOException {
        if (!method.equals(wanted)) {
            sendError(ex, 405, "invalid_request_error", "use " + wanted);
            return;
        }
        action.run();
    }

    private ObjectNode models() {
        ObjectNode root = JSON.createObjectNode();
        root.put("object", "list");
        ObjectNode model = root.putArray("data").addObject();
        model.put("id", engine.config().modelId());
        model.put("object", "model");
        model.put("created", 1_735_689_600L);
        model.put("owned_by", "cpa-model-simulator (simulated model, not a real LLM)");
        return root;
    }

    /** Latency, then an injected fault if one is drawn: true when the fault answered (or dropped) the request. */
    private boolean faulted(HttpExchange ex) throws IOException {
        SimulatorConfig config = engine.config();
        long delay = faults.latencyMs(config);
        FaultPlan.Fault fault = faults.fault(config);
        if (fault == FaultPlan.Fault.TIMEOUT) {
            engine.stats().faultsTimeout.incrementAndGet();
            sleep(config.timeoutMs());
            return true; // closing without a response drops the connection
        }
        sleep(delay);
        switch (fault) {
            case ERROR_500 -> {
                engine.stats().faults500.incrementAndGet();
                sendError(ex, 500, "server_error", "injected fault: internal error (cpa-model-simulator)");
                return true;
            }
            case ERROR_429 -> {
                engine.stats().faults429.incrementAndGet();
                ex.getResponseHeaders().set("Retry-After", Integer.toString(config.retryAfterSeconds()));
                sendError(ex, 429, "rate_limit_exceeded", "injected fault: rate limited (cpa-model-simulator)");
                return true;
            }
            case GARBAGE -> {
                engine.stats().faultsGarbage.incrementAndGet();
                send(ex, 200, "application/json", "{\"id\":\"chatcmpl-sim-garbage\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assist"
                        .getBytes(StandardCharsets.UTF_8));
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    /** The parsed body, or null after answering 400 naming what is wrong. */
    private JsonNode body(HttpExchange ex, byte[] body) throws IOException {
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            engine.stats().badRequests.incrementAndGet();
            sendError(ex, 400, "invalid_request_error", "request body is not valid JSON: " + e.getOriginalMessage());
            return null;
        }
    }

    private void chat(HttpExchange ex) throws IOException {
        byte[] bytes = ex.getRequestBody().readAllBytes();
        if (faulted(ex)) return;
        JsonNode json = body(ex, bytes);
        if (json == null) return;
        SimulatorEngine.Request request;
        try {
            request = SimulatorEngine.parseRequest(json);
        } catch (IllegalArgumentException e) {
            engine.stats().badRequests.incrementAndGet();
            sendError(ex, 400, "invalid_request_error", e.getMessage());
            return;
        }
        boolean includeUsage = json.path("stream_options").path("include_usage").asBoolean(false);
        engine.stats().chatRequests.incrementAndGet();
        List<SimulatorEngine.Reply> replies = engine.completeAll(request);
        String id = "chatcmpl-sim-" + ids.incrementAndGet();
        long created = System.currentTimeMillis() / 1000;
        String model = engine.config().modelId();
        if (request.stream()) {
            engine.stats().streamed.incrementAndGet();
            startStream(ex);
            OutputStream out = ex.getResponseBody();
            for (ObjectNode chunk : ChatJson.chunks(id, created, model, replies, request.logprobs(), includeUsage)) {
                out.write(("data: " + JSON.writeValueAsString(chunk) + "\n\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
            out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
        } else {
            sendJson(ex, 200, ChatJson.completion(id, created, model, replies, request.logprobs()));
        }
    }

    private void responses(HttpExchange ex) throws IOException {
        byte[] bytes = ex.getRequestBody().readAllBytes();
        if (faulted(ex)) return;
        JsonNode json = body(ex, bytes);
        if (json == null) return;
        ResponsesApi.Parsed parsed;
        try {
            parsed = ResponsesApi.parse(json);
        } catch (IllegalArgumentException e) {
            engine.stats().badRequests.incrementAndGet();
            sendError(ex, 400, "invalid_request_error", e.getMessage());
            return;
        }
        SimulatorEngine.Reply reply = engine.complete(parsed.request());
        String id = "resp_sim" + ids.incrementAndGet();
        long created = System.currentTimeMillis() / 1000;
        String model = engine.config().modelId();
        if (parsed.request().stream()) {
            engine.stats().responsesStream.incrementAndGet();
            engine.stats().streamed.incrementAndGet();
            startStream(ex);
            OutputStream out = ex.getResponseBody();
            for (ObjectNode event : ResponsesApi.events(id, created, model, parsed, reply)) {
                out.write(("event: " + event.get("type").asText() + "\ndata: " + JSON.writeValueAsString(event) + "\n\n")
                        .getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } else {
            engine.stats().responsesPlain.incrementAndGet();
            sendJson(ex, 200, ResponsesApi.response(id, created, model, parsed, reply, false));
        }
    }

    private static void startStream(HttpExchange ex) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "text/event-stream");
        ex.getResponseHeaders().set("Cache-Control", "no-cache");
        ex.sendResponseHeaders(200, 0);
    }

    private void reconfigure(HttpExchange ex) throws IOException {
        JsonNode body;
        try {
            body = JSON.readTree(ex.getRequestBody().readAllBytes());
        } catch (JsonProcessingException e) {
            sendError(ex, 400, "invalid_request_error", "body is not valid JSON: " + e.getOriginalMessage());
            return;
        }
        if (body == null || !body.isObject()) {
            sendError(ex, 400, "invalid_request_error", "body must be a JSON object of config keys to change");
            return;
        }
        Map<String, String> changes = new LinkedHashMap<>();
        body.fields().forEachRemaining(e -> changes.put(e.getKey(), asConfigString(e.getValue())));
        try {
            engine.reconfigure(changes);
        } catch (IllegalArgumentException e) {
            sendError(ex, 400, "invalid_request_error", e.getMessage());
            return;
        }
        sendJson(ex, 200, configView());
    }

    private static String asConfigString(JsonNode v) {
        if (v.isArray()) {
            StringBuilder sb = new StringBuilder();
            for (JsonNode item : v) {
                if (sb.length() > 0) sb.append(',');
                sb.append(item.asText());
            }
            return sb.toString();
        }
        return v.isNull() ? "" : v.asText();
    }

    /** Samples of the truth at a temperature: sampling error about 0.002, a few hundred milliseconds to draw. */
    private static final int TRUTH_SAMPLES = 200_000;

    /**
     * {@code GET /sim/truth?temperature=T}: the Spearman rho of IC and VC on each scale for certainty calls at T (default
     * the calibration temperature), which a pipeline measuring this simulator should recover within its interval.
     */
    private void truth(HttpExchange ex) throws IOException {
        String query = ex.getRequestURI().getQuery();
        double temperature = engine.config().calibrationTemperature();
        if (query != null) {
            for (String pair : query.split("&")) {
                if (!pair.startsWith("temperature=")) continue;
                try {
                    temperature = Double.parseDouble(pair.substring("temperature=".length()));
                } catch (NumberFormatException e) {
                    temperature = Double.NaN;
                }
            }
        }
        if (!(temperature >= 0 && temperature <= 2)) {
            sendError(ex, 400, "invalid_request_error", "temperature must be a number in [0, 2]");
            return;
        }
        LatentModel m = engine.model();
        ObjectNode out = JSON.createObjectNode();
        out.put("temperature", temperature);
        out.put("configuredRho", m.params().rho());
        out.put("sixLevel", m.rhoAt(LatentModel.Scale.SIX_LEVEL, temperature, TRUTH_SAMPLES, engine.config().seed()));
        out.put("numeric", m.rhoAt(LatentModel.Scale.NUMERIC, temperature, TRUTH_SAMPLES, engine.config().seed()));
        sendJson(ex, 200, out);
    }

    private ObjectNode configView() {
        SimulatorConfig c = engine.config();
        LatentModel m = engine.model();
        ObjectNode root = JSON.createObjectNode();
        root.put("simulator", "cpa-model-simulator: a simulated model with known alignment, not a real LLM");
        ObjectNode cfg = root.putObject("config");
        for (Map.Entry<String, String> e : c.toValues().entrySet()) {
            if (TEXT_KEYS.contains(e.getKey())) cfg.put(e.getKey(), e.getValue());
            else cfg.put(e.getKey(), new java.math.BigDecimal(e.getValue()));
        }
        ObjectNode r = root.putObject("latentR");
        r.put("sixLevel", m.latentR(LatentModel.Scale.SIX_LEVEL));
        r.put("numeric", m.latentR(LatentModel.Scale.NUMERIC));
        ObjectNode rho = root.putObject("calibratedRho");
        rho.put("sixLevel", m.calibratedRho(LatentModel.Scale.SIX_LEVEL));
        rho.put("numeric", m.calibratedRho(LatentModel.Scale.NUMERIC));
        root.put("meanInternalConfidence", m.meanInternalConfidence());
        root.put("expectedAccuracy", m.expectedAccuracy());
        root.put("expectedEce", m.expectedEce());
        root.put("questionBankSize", engine.bank().size());
        return root;
    }

    private static void sleep(long ms) {
        if (ms <= 0) return;
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sendJson(HttpExchange ex, int status, JsonNode body) throws IOException {
        send(ex, status, "application/json", JSON.writeValueAsBytes(body));
    }

    static void sendError(HttpExchange ex, int status, String type, String message) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode err = root.putObject("error");
        err.put("message", message);
        err.put("type", type);
        err.putNull("param");
        err.put("code", type);
        sendJson(ex, status, root);
    }

    private static void send(HttpExchange ex, int status, String contentType, byte[] bytes) throws IOException {
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }
}
