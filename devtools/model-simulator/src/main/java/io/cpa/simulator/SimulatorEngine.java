package io.cpa.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The simulated model, without HTTP: turns a chat request into a reply and keeps the ground truth consistent between
 * an answer and the certainty asked about it later. Answers come from one seeded random stream and the wording of
 * other replies from a second one, both consumed under this object's lock: the same sequence of answer requests gives
 * the same answers and the same ground truth, however certainty calls interleave with them.
 */
public final class SimulatorEngine {

    /**
     * The parts of an OpenAI chat or Responses request the simulator uses: the last user message's text, the logprob
     * options, the output bound, how many choices, the function tools with the caller's tool choice, and the sampling
     * temperature (null when the request has none).
     */
    public record Request(String model, String userText, boolean logprobs, int topLogprobs, Integer maxTokens,
                          boolean stream, int n, List<Tool> tools, ToolChoice toolChoice, Double temperature) {
        public Request {
            tools = List.copyOf(tools);
        }

        public Request(String model, String userText, boolean logprobs, int topLogprobs, Integer maxTokens, boolean stream) {
            this(model, userText, logprobs, topLogprobs, maxTokens, stream, 1, List.of(), ToolChoice.AUTO, null);
        }

        Request withN(int choices) {
            return new Request(model, userText, logprobs, topLogprobs, maxTokens, stream, choices, tools, toolChoice, temperature);
        }
    }

    /** A function the caller offers; {@code parameters} is its JSON schema (may be null). */
    public record Tool(String name, JsonNode parameters) {
    }

    /** {@code tool_choice}: auto (also when absent), none, required, or one named function. */
    public record ToolChoice(Mode mode, String name) {
        public enum Mode { AUTO, NONE, REQUIRED, FUNCTION }

        public static final ToolChoice AUTO = new ToolChoice(Mode.AUTO, null);
    }

    /** One function call of a reply; {@code arguments} is a JSON object as a string, as OpenAI sends it. */
    public record ToolCall(String id, String name, String arguments) {
    }

    /** What a choice is. */
    public enum Kind { ANSWER, CERTAINTY, FREE_FORM, TOOL_CALLS, REFUSAL, FILTERED }

    /** The ground truth of one answer. visibleIc is NaN when no top-k list was returned. */
    public record AnswerTruth(String question, String chosenLabel, String goldLabel, boolean goldKnown,
                              boolean correct, double latentIc, double visibleIc, LatentModel.Draw draw) {
    }

    /**
     * The ground truth of one free-form answer: latentIc is the geometric mean token probability of the whole
     * answer (the mean-logprob aggregator's IC), visibleIc the same over the tokens returned (they differ only when
     * {@code max_tokens} cut the answer).
     */
    public record FreeFormTruth(String question, String answer, double latentIc, double visibleIc, LatentModel.Draw draw) {
    }

    /**
     * The ground truth of one certainty reply; level (0 = very certain) or numeric is null when not applicable.
     * levelBelief is the model's probability of each level (index 0 = very certain), whatever the reply's wording,
     * null unless a six-level reply with a level; temperature is the one the level or value was sampled at.
     */
    public record CertaintyTruth(CertaintyVariant variant, Integer level, Integer numeric, boolean messy,
                                 boolean fallback, List<Double> levelBelief, double temperature) {
        public CertaintyTruth {
            levelBelief = levelBelief == null ? null : List.copyOf(levelBelief);
        }
    }

    /**
     * One choice. content is null for tool calls and refusals; tokens (of the content, or of the refusal) is null
     * when logprobs were not asked; answer, freeForm and certainty are null when not that kind.
     */
    public record Reply(Kind kind, String content, String refusal, List<ToolCall> toolCalls, List<GeneratedToken> tokens,
                        String finishReason, int promptTokens, int completionTokens, AnswerTruth answer,
                        FreeFormTruth freeForm, CertaintyTruth certainty) {
        public Reply {
            toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
        }
    }

    static final int DEFAULT_TOP_LOGPROBS = 5;
    static final int MAX_TOP_LOGPROBS = 20;
    static final int MAX_CHOICES = 128;
    static final String REFUSE_MARKER = "#refuse";
    static final String FILTER_MARKER = "#filter";
    private static final List<String> FILLER = List.of(" the", " a", " and", " of", " to", " is", " that", " it",
            " model", " answer", " this", " in", " not", " I", " be", ".", ",", "\n", " with", " as", " for", " on");
    private static final Pattern TOKEN = Pattern.compile("\\s*\\S+");

    private final QuestionBank bank;
    private final SimulatorStats stats = new SimulatorStats();
    private final SplittableRandom rng;
    /** Wording of certainty replies and filler text: a stream of its own, so answers depend on answer order only. */
    private final SplittableRandom phrasingRng;
    /** Whether a request is refused or calls a tool, and the call's arguments: its own stream too. */
    private final SplittableRandom kindRng;
    private final PendingDraws pending;
    private final long startNanos = System.nanoTime();
    private final java.util.concurrent.atomic.AtomicLong callIds = new java.util.concurrent.atomic.AtomicLong();
    private volatile SimulatorConfig config;
    private volatile LatentModel model;
    private DriftSchedule drift;
    private String driftSpec;
    private int nextDriftStep;

    public SimulatorEngine(SimulatorConfig config, QuestionBank bank) {
        this.config = config;
        this.bank = bank;
        this.rng = new SplittableRandom(config.seed());
        this.phrasingRng = new SplittableRandom(config.seed() ^ 0x5DEECE66DL);
        this.kindRng = new SplittableRandom(config.seed() ^ 0x2545F4914F6CDD1DL);
        this.pending = new PendingDraws(config.maxPendingQuestions(), config.pendingExpirySeconds() * 1_000_000_000L);
        this.model = LatentModel.calibrate(config.modelParams(), config.calibrationSamples(), config.seed());
        this.drift = DriftSchedule.parse(config.drift());
        this.driftSpec = config.drift();
    }

    public SimulatorConfig config() {
        return config;
    }

    public LatentModel model() {
        return model;
    }

    public SimulatorStats stats() {
        return stats;
    }

    public QuestionBank bank() {
        return bank;
    }

    /** Applies run-time changes; re-calibrates when a model parameter changes. Nothing changes if a value is bad. */
    public synchronized void reconfigure(Map<String, String> changes) {
        SimulatorConfig next = config.withRuntimeChanges(changes);
        apply(next);
        if (!next.drift().equals(driftSpec)) {
            drift = DriftSchedule.parse(next.drift());
            driftSpec = next.drift();
            nextDriftStep = 0;
        }
    }

    private void apply(SimulatorConfig next) {
        LatentModel nextModel = next.modelParams().equals(config.modelParams())
                ? model
                : LatentModel.calibrate(next.modelParams(), next.calibrationSamples(), next.seed());
        model = nextModel;
        config = next;
    }

    /** Parses an OpenAI chat completions body; throws IllegalArgumentException naming the bad field. */
    public static Request parseRequest(JsonNode body) {
        if (body == null || !body.isObject()) throw new IllegalArgumentException("request body must be a JSON object");
        JsonNode messages = body.get("messages");
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            throw new IllegalArgumentException("'messages' must be a non-empty array");
        }
        String userText = null;
        for (int i = 0; i < messages.size(); i++) {
            JsonNode m = messages.get(i);
            if (!m.isObject() || !m.path("role").isTextual()) {
                throw new IllegalArgumentException("messages[" + i + "] must be an object with a string 'role'");
            }
            if (m.path("role").asText().equals("user")) userText = contentText(m.get("content"), "messages[" + i + "].content");
        }
        if (userText == null) throw new IllegalArgumentException("'messages' has no message with role 'user'");
        boolean logprobs = body.path("logprobs").asBoolean(false);
        JsonNode topNode = body.get("top_logprobs");
        int top = DEFAULT_TOP_LOGPROBS;
        if (topNode != null && !topNode.isNull()) {
            top = topLogprobs(topNode);
            if (!logprobs) throw new IllegalArgumentException("'top_logprobs' requires 'logprobs' to be true");
        }
        Integer maxTokens = maxTokens(body.has("max_completion_tokens") ? body.get("max_completion_tokens") : body.get("max_tokens"), "max_tokens");
        int n = 1;
        JsonNode nNode = body.get("n");
        if (nNode != null && !nNode.isNull()) {
            if (!nNode.isIntegralNumber() || nNode.asInt() < 1 || nNode.asInt() > MAX_CHOICES) {
                throw new IllegalArgumentException("'n' must be an integer in [1, " + MAX_CHOICES + "]");
            }
            n = nNode.asInt();
        }
        List<Tool> tools = tools(body.get("tools"));
        ToolChoice choice = toolChoice(body.get("tool_choice"), tools);
        String model = body.path("model").asText("");
        return new Request(model, userText, logprobs, top, maxTokens, body.path("stream").asBoolean(false), n, tools, choice,
                temperature(body.get("temperature")));
    }

    /** The request's temperature, null when absent; OpenAI accepts 0 to 2. */
    static Double temperature(JsonNode node) {
        if (node == null || node.isNull()) return null;
        if (!node.isNumber() || node.asDouble() < 0 || node.asDouble() > 2) {
            throw new IllegalArgumentException("'temperature' must be a number in [0, 2]");
        }
        return node.asDouble();
    }

    static int topLogprobs(JsonNode topNode) {
        if (!topNode.isIntegralNumber() || topNode.asInt() < 0 || topNode.asInt() > MAX_TOP_LOGPROBS) {
            throw new IllegalArgumentException("'top_logprobs' must be an integer in [0, " + MAX_TOP_LOGPROBS + "]");
        }
        return topNode.asInt();
    }

    static Integer maxTokens(JsonNode mt, String field) {
        if (mt == null || mt.isNull()) return null;
        if (!mt.isIntegralNumber() || mt.asInt() < 1) throw new IllegalArgumentException("'" + field + "' must be an integer >= 1");
        return mt.asInt();
    }

    /**
     * Function tools in either shape: chat's {@code {"type":"function","function":{"name",...}}} or the Responses
     * API's flat {@code {"type":"function","name",...}}. Other tool types (built-in tools) are accepted and never called.
     */
    static List<Tool> tools(JsonNode node) {
        if (node == null || node.isNull()) return List.of();
        if (!node.isArray()) throw new IllegalArgumentException("'tools' must be an array");
        List<Tool> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode t = node.get(i);
            if (!t.isObject()) throw new IllegalArgumentException("tools[" + i + "] must be an object");
            if (!t.path("type").asText("function").equals("function")) continue;
            JsonNode fn = t.has("function") ? t.get("function") : t;
            if (!fn.path("name").isTextual() || fn.path("name").asText().isBlank()) {
                throw new IllegalArgumentException("tools[" + i + "] needs a function 'name'");
            }
            out.add(new Tool(fn.get("name").asText(), fn.get("parameters")));
        }
        return out;
    }

    static ToolChoice toolChoice(JsonNode node, List<Tool> tools) {
        if (node == null || node.isNull()) return ToolChoice.AUTO;
        if (node.isTextual()) {
            return switch (node.asText()) {
                case "auto" -> ToolChoice.AUTO;
                case "none" -> new ToolChoice(ToolChoice.Mode.NONE, null);
                case "required" -> {
                    if (tools.isEmpty()) throw new IllegalArgumentException("'tool_choice' is 'required' but 'tools' has no function");
                    yield new ToolChoice(ToolChoice.Mode.REQUIRED, null);
                }
                default -> throw new IllegalArgumentException("'tool_choice' must be 'none', 'auto', 'required' or a function, got '"
                        + node.asText() + "'");
            };
        }
        String name = node.path("function").path("name").asText(node.path("name").asText(""));
        if (!node.isObject() || !node.path("type").asText().equals("function") || name.isEmpty()) {
            throw new IllegalArgumentException("'tool_choice' must be 'none', 'auto', 'required' or {\"type\":\"function\", ...} naming a function");
        }
        if (tools.stream().noneMatch(t -> t.name().equals(name))) {
            throw new IllegalArgumentException("'tool_choice' names function '" + name + "', which is not in 'tools'");
        }
        return new ToolChoice(ToolChoice.Mode.FUNCTION, name);
    }

    /** Text of a message content: a string, or the text of its parts ({@code text}, {@code input_text}, {@code output_text}). */
    static String contentText(JsonNode content, String field) {
        if (content == null || content.isNull()) return "";
        if (content.isTextual()) return content.asText();
        if (content.isArray()) {
            StringBuilder sb = new StringBuilder();
            for (JsonNode part : content) {
                String type = part.path("type").asText();
                if (type.equals("text") || type.equals("input_text") || type.equals("output_text")) sb.append(part.path("text").asText());
            }
            return sb.toString();
        }
        throw new IllegalArgumentException(field + " must be a string or an array of parts");
    }

    /** One choice for the request (its {@code n} is ignored). */
    public synchronized Reply complete(Request request) {
        countCall(request);
        return choose(request);
    }

    /** {@code request.n()} choices, each its own draw. */
    public synchronized List<Reply> completeAll(Request request) {
        countCall(request);
        List<Reply> out = new ArrayList<>(request.n());
        for (int i = 0; i < request.n(); i++) out.add(choose(request));
        if (request.n() > 1) stats.multiChoiceRequests.incrementAndGet();
        return out;
    }

    /** One request, whatever its n: a certainty call or an answer call of the model it names. */
    private void countCall(Request request) {
        stats.requests.incrementAndGet();
        if (PromptClassifier.classify(request.userText()) instanceof Prompt.Certainty) stats.certaintyCall(request.model());
        else stats.answerCall(request.model());
    }

    private Reply choose(Request request) {
        Prompt prompt = PromptClassifier.classify(request.userText());
        int promptTokens = Math.max(1, (request.userText().length() + 3) / 4);
        if (prompt instanceof Prompt.Certainty c) return certainty(c, request, promptTokens);
        String text = request.userText();
        if (text.contains(FILTER_MARKER)) {
            stats.filtered.incrementAndGet();
            List<GeneratedToken> tokens = request.logprobs() ? List.of() : null;
            return new Reply(Kind.FILTERED, "", null, null, tokens, "content_filter", promptTokens, 0, null, null, null);
        }
        if (text.contains(REFUSE_MARKER) || (config.refusalRate() > 0 && kindRng.nextDouble() < config.refusalRate())) {
            return refusal(request, promptTokens);
        }
        if (callsTool(request)) return toolCall(request, promptTokens);
        if (prompt instanceof Prompt.Answer a) return answer(a, request, promptTokens);
        return freeForm(request, promptTokens);
    }

    private boolean callsTool(Request request) {
        if (request.tools().isEmpty()) return false;
        return switch (request.toolChoice().mode()) {
            case NONE -> false;
            case REQUIRED, FUNCTION -> true;
            case AUTO -> config.toolCallRate() > 0 && kindRng.nextDouble() < config.toolCallRate();
        };
    }

    private Reply answer(Prompt.Answer prompt, Request request, int promptTokens) {
        applyDueDrift();
        LatentModel m = model;
        LatentModel.Draw draw = m.draw(rng);
        double ic = m.internalConfidence(draw.z1());
        boolean correct = rng.nextDouble() < m.pCorrect(ic);
        String key = PromptClassifier.normalise(prompt.question());
        Optional<Integer> known = bank.goldIndex(prompt);
        int options = prompt.labels().size();
        int gold = known.orElseGet(() -> (int) Math.floorMod(hash64(key), (long) options));
        int chosen = gold;
        if (!correct) {
            chosen = rng.nextInt(options - 1);
            if (chosen >= gold) chosen++;
        }
        String label = prompt.labels().get(chosen);
        List<GeneratedToken> tokens = null;
        double visibleIc = Double.NaN;
        if (request.logprobs()) {
            AnswerLogprobs.Result r = AnswerLogprobs.build(prompt.labels(), chosen, ic, request.topLogprobs(), rng);
            tokens = List.of(r.token());
            visibleIc = r.visibleIc();
        }
        pending.add(key, draw, label, prompt.texts().get(chosen));
        stats.answers.incrementAndGet();
        if (correct) stats.answersCorrect.incrementAndGet();
        if (known.isEmpty()) stats.unknownQuestions.incrementAndGet();
        AnswerTruth truth = new AnswerTruth(prompt.question(), label, prompt.labels().get(gold), known.isPresent(),
                correct, ic, visibleIc, draw);
        return new Reply(Kind.ANSWER, label, null, null, tokens, "stop", promptTokens, 1, truth, null, null);
    }

    /**
     * A free-form answer whose geometric mean token probability is the latent IC of its draw: token i gets logprob
     * log(IC) * w_i with positive weights of mean 1, so every logprob is <= 0 and exp(mean logprob) = IC. The draw
     * waits for the certainty prompt quoting this text, as a multiple-choice draw does.
     */
    private Reply freeForm(Request request, int promptTokens) {
        applyDueDrift();
        LatentModel m = model;
        LatentModel.Draw draw = m.draw(rng);
        double ic = m.internalConfidence(draw.z1());
        List<String> pieces = pieces(FreeFormText.compose(rng));
        double[] w = new double[pieces.size()];
        double sum = 0;
        for (int i = 0; i < w.length; i++) {
            w[i] = 0.2 + 1.6 * rng.nextDouble();
            sum += w[i];
        }
        double logIc = Math.log(ic);
        double[] logprobs = new double[w.length];
        for (int i = 0; i < w.length; i++) logprobs[i] = Math.min(0.0, logIc * w[i] * w.length / sum);
        String finish = "stop";
        int kept = pieces.size();
        if (request.maxTokens() != null && kept > request.maxTokens()) {
            kept = request.maxTokens();
            finish = "length";
        }
        String content = String.join("", pieces.subList(0, kept)).strip();
        double keptSum = 0;
        for (int i = 0; i < kept; i++) keptSum += logprobs[i];
        List<GeneratedToken> tokens = null;
        if (request.logprobs()) {
            tokens = new ArrayList<>();
            for (int i = 0; i < kept; i++) {
                String piece = i == 0 ? pieces.get(0).stripLeading() : pieces.get(i);
                tokens.add(withAlternatives(piece, logprobs[i], request.topLogprobs()));
            }
        }
        String question = request.userText();
        pending.addFreeForm(PromptClassifier.normalise(question), draw, content);
        stats.freeFormAnswers.incrementAndGet();
        if ("length".equals(finish)) stats.lengthCut.incrementAndGet();
        FreeFormTruth truth = new FreeFormTruth(question, content, ic, Math.exp(keptSum / kept), draw);
        return new Reply(Kind.FREE_FORM, content, null, null, tokens, finish, promptTokens, kept, null, truth, null);
    }

    private Reply refusal(Request request, int promptTokens) {
        stats.refusals.incrementAndGet();
        String text = FreeFormText.refusal(phrasingRng);
        List<String> pieces = pieces(text);
        List<GeneratedToken> tokens = null;
        if (request.logprobs()) {
            tokens = new ArrayList<>();
            for (String piece : pieces) tokens.add(fillerLogprobs(piece, request.topLogprobs()));
        }
        return new Reply(Kind.REFUSAL, null, text, null, tokens, "stop", promptTokens, pieces.size(), null, null, null);
    }

    private Reply toolCall(Request request, int promptTokens) {
        stats.toolCallReplies.incrementAndGet();
        Tool tool = request.toolChoice().mode() == ToolChoice.Mode.FUNCTION
                ? request.tools().stream().filter(t -> t.name().equals(request.toolChoice().name())).findFirst().orElseThrow()
                : request.tools().get(kindRng.nextInt(request.tools().size()));
        String arguments = ToolArguments.generate(tool.parameters(), request.userText(), kindRng);
        String id = "call_sim" + Long.toString(callIds.incrementAndGet(), 36) + Long.toString(kindRng.nextLong() & 0xffffffffL, 36);
        ToolCall call = new ToolCall(id, tool.name(), arguments);
        return new Reply(Kind.TOOL_CALLS, null, null, List.of(call), null, "tool_calls", promptTokens,
                Math.max(1, (arguments.length() + tool.name().length() + 3) / 4), null, null, null);
    }

    private Reply certainty(Prompt.Certainty prompt, Request request, int promptTokens) {
        String key = PromptClassifier.normalise(prompt.question());
        Optional<PendingDraws.Match> match = pending.find(key, new PendingDraws.Quote(prompt.answer(), prompt.answerCut()), prompt.variant());
        stats.certainty(prompt.variant());
        double temperature = request.temperature() != null ? request.temperature() : config.calibrationTemperature();
        if (match.isPresent() && match.get().repeat() != null) {
            PendingDraws.Given before = match.get().repeat();
            stats.certaintyRepeats.incrementAndGet();
            if (before.messy()) stats.messyReplies.incrementAndGet();
            return certaintyReply(before, request, promptTokens, new CertaintyTruth(prompt.variant(), before.level(),
                    before.numeric(), before.messy(), false, before.levelBelief(), temperature));
        }
        LatentModel.Draw draw = match.map(PendingDraws.Match::draw)
                .orElseGet(() -> model.draw(new SplittableRandom(config.seed() ^ hash64(key))));
        if (match.isEmpty()) stats.certaintyFallbacks.incrementAndGet();
        boolean numeric = prompt.variant().numeric();
        boolean messy = config.messyRate() > 0 && phrasingRng.nextDouble() < config.messyRate();
        Integer level = null, value = null;
        double[] logBelief = null;
        String content;
        if (messy) {
            stats.messyReplies.incrementAndGet();
            content = CertaintyReplies.messy(numeric, phrasingRng);
        } else if (numeric) {
            value = model.numericValue(draw, temperature);
            content = CertaintyReplies.numeric(value, phrasingRng);
        } else {
            level = model.sixLevelIndex(draw, temperature);
            logBelief = model.levelLogBelief(draw);
            // with logprobs the reply starts with the level, so that its first token carries the belief
            content = request.logprobs() ? CertaintyReplies.sixLevelLeading(level, phrasingRng)
                    : CertaintyReplies.sixLevel(level, phrasingRng);
        }
        List<GeneratedToken> tokens = CertaintyTokens.build(content, logBelief, MAX_TOP_LOGPROBS, phrasingRng);
        PendingDraws.Given given = new PendingDraws.Given(content, level, value, messy, tokens, probabilities(logBelief));
        if (match.isPresent()) pending.given(match.get(), prompt.variant(), given);
        return certaintyReply(given, request, promptTokens, new CertaintyTruth(prompt.variant(), level, value, messy,
                match.isEmpty(), given.levelBelief(), temperature));
    }

    private static List<Double> probabilities(double[] logBelief) {
        if (logBelief == null) return null;
        List<Double> p = new ArrayList<>(logBelief.length);
        for (double v : logBelief) p.add(Math.exp(v));
        return p;
    }

    /** The certainty reply's text and, when asked, its tokens with the request's number of alternatives. */
    private static Reply certaintyReply(PendingDraws.Given given, Request request, int promptTokens, CertaintyTruth truth) {
        List<GeneratedToken> all = given.tokens();
        String finish = "stop";
        if (request.maxTokens() != null && all.size() > request.maxTokens()) {
            all = all.subList(0, request.maxTokens());
            finish = "length";
        }
        StringBuilder content = new StringBuilder();
        for (GeneratedToken t : all) content.append(t.token());
        List<GeneratedToken> tokens = request.logprobs() ? CertaintyTokens.topK(all, request.topLogprobs()) : null;
        return new Reply(Kind.CERTAINTY, content.toString(), null, null, tokens, finish, promptTokens, all.size(), null,
                null, truth);
    }

    private static List<String> pieces(String content) {
        List<String> pieces = new ArrayList<>();
        Matcher m = TOKEN.matcher(content);
        while (m.find()) pieces.add(m.group());
        return pieces;
    }

    /** A token with a plausible logprob and k alternatives of lower probability (k includes the token itself). */
    private GeneratedToken fillerLogprobs(String token, int k) {
        return withAlternatives(token, Math.log(0.55 + 0.44 * phrasingRng.nextDouble()), k);
    }

    /** The token first, then filler alternatives each less likely than it, all together below probability 1. */
    private GeneratedToken withAlternatives(String token, double logprob, int k) {
        double p = Math.exp(logprob);
        List<GeneratedToken.Alternative> top = new ArrayList<>();
        if (k > 0) top.add(new GeneratedToken.Alternative(token, logprob));
        double remaining = 1.0 - p;
        double cap = p;
        int offset = phrasingRng.nextInt(FILLER.size());
        for (int i = 0; top.size() < k && i < FILLER.size(); i++) {
            String alt = FILLER.get((i + offset) % FILLER.size());
            if (alt.equals(token)) continue;
            double q = Math.min(cap * 0.95, remaining) * (0.3 + 0.4 * phrasingRng.nextDouble());
            remaining -= q;
            cap = q;
            top.add(new GeneratedToken.Alternative(alt, Math.log(Math.max(q, 1e-300))));
        }
        return new GeneratedToken(token, logprob, top);
    }

    private void applyDueDrift() {
        long elapsedMs = (System.nanoTime() - startNanos) / 1_000_000L;
        while (nextDriftStep < drift.steps().size()
                && drift.steps().get(nextDriftStep).due(stats.answers.get() + stats.freeFormAnswers.get(), elapsedMs)) {
            DriftSchedule.Step step = drift.steps().get(nextDriftStep++);
            apply(config.withRuntimeChanges(step.changes()));
            stats.driftStepsApplied.incrementAndGet();
        }
    }

    /** FNV-1a over UTF-8: a stable hash, unlike String.hashCode's 32 bits it spreads over a long. */
    static long hash64(String s) {
        long h = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= (b & 0xff);
            h *= 0x100000001b3L;
        }
        return h;
    }
}
