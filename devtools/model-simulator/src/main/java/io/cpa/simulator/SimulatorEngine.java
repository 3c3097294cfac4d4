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

    /** The parts of an OpenAI chat request the simulator uses. */
    public record Request(String model, String userText, boolean logprobs, int topLogprobs, Integer maxTokens,
                          boolean stream) {
    }

    /** The ground truth of one answer. visibleIc is NaN when no top-k list was returned. */
    public record AnswerTruth(String question, String chosenLabel, String goldLabel, boolean goldKnown,
                              boolean correct, double latentIc, double visibleIc, LatentModel.Draw draw) {
    }

    /** The ground truth of one certainty reply; level (0 = very certain) or numeric is null when not applicable. */
    public record CertaintyTruth(CertaintyVariant variant, Integer level, Integer numeric, boolean messy,
                                 boolean fallback) {
    }

    /** A reply; tokens is null when logprobs were not asked; answer or certainty is null when not that kind. */
    public record Reply(String content, List<GeneratedToken> tokens, String finishReason, int promptTokens,
                        int completionTokens, AnswerTruth answer, CertaintyTruth certainty) {
    }

    static final int DEFAULT_TOP_LOGPROBS = 5;
    static final int MAX_TOP_LOGPROBS = 20;
    private static final String PLAIN_REPLY = "This is cpa-model-simulator, a simulated model and not a real LLM."
            + " It answers multiple-choice answer prompts and certainty prompts with a known alignment.";
    private static final List<String> FILLER = List.of(" the", " a", " and", " of", " to", " is", " that", " it",
            " model", " answer", " this", " in", " not", " I", " be", ".", ",", "\n", " with", " as", " for", " on");
    private static final Pattern TOKEN = Pattern.compile("\\s*\\S+");

    private final QuestionBank bank;
    private final SimulatorStats stats = new SimulatorStats();
    private final SplittableRandom rng;
    /** Wording of certainty replies and filler text: a stream of its own, so answers depend on answer order only. */
    private final SplittableRandom phrasingRng;
    private final PendingDraws pending;
    private final long startNanos = System.nanoTime();
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
            if (m.path("role").asText().equals("user")) userText = contentText(m.get("content"), i);
        }
        if (userText == null) throw new IllegalArgumentException("'messages' has no message with role 'user'");
        boolean logprobs = body.path("logprobs").asBoolean(false);
        JsonNode topNode = body.get("top_logprobs");
        int top = DEFAULT_TOP_LOGPROBS;
        if (topNode != null && !topNode.isNull()) {
            if (!topNode.isIntegralNumber() || topNode.asInt() < 0 || topNode.asInt() > MAX_TOP_LOGPROBS) {
                throw new IllegalArgumentException("'top_logprobs' must be an integer in [0, " + MAX_TOP_LOGPROBS + "]");
            }
            if (!logprobs) throw new IllegalArgumentException("'top_logprobs' requires 'logprobs' to be true");
            top = topNode.asInt();
        }
        Integer maxTokens = null;
        JsonNode mt = body.has("max_completion_tokens") ? body.get("max_completion_tokens") : body.get("max_tokens");
        if (mt != null && !mt.isNull()) {
            if (!mt.isIntegralNumber() || mt.asInt() < 1) throw new IllegalArgumentException("'max_tokens' must be an integer >= 1");
            maxTokens = mt.asInt();
        }
        String model = body.path("model").asText("");
        return new Request(model, userText, logprobs, top, maxTokens, body.path("stream").asBoolean(false));
    }

    private static String contentText(JsonNode content, int i) {
        if (content == null || content.isNull()) return "";
        if (content.isTextual()) return content.asText();
        if (content.isArray()) {
            StringBuilder sb = new StringBuilder();
            for (JsonNode part : content) {
                if (part.path("type").asText().equals("text")) sb.append(part.path("text").asText());
            }
            return sb.toString();
        }
        throw new IllegalArgumentException("messages[" + i + "].content must be a string or an array of parts");
    }

    public synchronized Reply complete(Request request) {
        stats.requests.incrementAndGet();
        Prompt prompt = PromptClassifier.classify(request.userText());
        int promptTokens = Math.max(1, (request.userText().length() + 3) / 4);
        if (prompt instanceof Prompt.Answer a) return answer(a, request, promptTokens);
        if (prompt instanceof Prompt.Certainty c) return certainty(c, request, promptTokens);
        stats.otherCompletions.incrementAndGet();
        return text(PLAIN_REPLY, request, promptTokens, null, null);
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
        return new Reply(label, tokens, "stop", promptTokens, 1, truth, null);
    }

    private Reply certainty(Prompt.Certainty prompt, Request request, int promptTokens) {
        String key = PromptClassifier.normalise(prompt.question());
        Optional<PendingDraws.Match> match = pending.find(key, prompt.answer(), prompt.variant());
        stats.certainty(prompt.variant());
        if (match.isPresent() && match.get().repeat() != null) {
            PendingDraws.Given before = match.get().repeat();
            stats.certaintyRepeats.incrementAndGet();
            if (before.messy()) stats.messyReplies.incrementAndGet();
            return text(before.content(), request, promptTokens, null,
                    new CertaintyTruth(prompt.variant(), before.level(), before.numeric(), before.messy(), false));
        }
        LatentModel.Draw draw = match.map(PendingDraws.Match::draw)
                .orElseGet(() -> model.draw(new SplittableRandom(config.seed() ^ hash64(key))));
        if (match.isEmpty()) stats.certaintyFallbacks.incrementAndGet();
        boolean numeric = prompt.variant().numeric();
        boolean messy = config.messyRate() > 0 && phrasingRng.nextDouble() < config.messyRate();
        Integer level = null, value = null;
        String content;
        if (messy) {
            stats.messyReplies.incrementAndGet();
            content = CertaintyReplies.messy(numeric, phrasingRng);
        } else if (numeric) {
            value = model.numericValue(draw.z2Numeric());
            content = CertaintyReplies.numeric(value, phrasingRng);
        } else {
            level = model.sixLevelIndex(draw.z2SixLevel());
            content = CertaintyReplies.sixLevel(level, phrasingRng);
        }
        if (match.isPresent()) pending.given(match.get(), prompt.variant(), new PendingDraws.Given(content, level, value, messy));
        return text(content, request, promptTokens, null,
                new CertaintyTruth(prompt.variant(), level, value, messy, match.isEmpty()));
    }

    private Reply text(String content, Request request, int promptTokens, AnswerTruth a, CertaintyTruth c) {
        List<String> pieces = new ArrayList<>();
        Matcher m = TOKEN.matcher(content);
        while (m.find()) pieces.add(m.group());
        String finish = "stop";
        if (request.maxTokens() != null && pieces.size() > request.maxTokens()) {
            pieces = pieces.subList(0, request.maxTokens());
            finish = "length";
        }
        List<GeneratedToken> tokens = null;
        if (request.logprobs()) {
            tokens = new ArrayList<>();
            for (String piece : pieces) tokens.add(fillerLogprobs(piece, request.topLogprobs()));
        }
        return new Reply(String.join("", pieces), tokens, finish, promptTokens, pieces.size(), a, c);
    }

    /** A token with a plausible logprob and k alternatives of lower probability (k includes the token itself). */
    private GeneratedToken fillerLogprobs(String token, int k) {
        double p = 0.55 + 0.44 * phrasingRng.nextDouble();
        List<GeneratedToken.Alternative> top = new ArrayList<>();
        if (k > 0) top.add(new GeneratedToken.Alternative(token, Math.log(p)));
        double remaining = 1.0 - p;
        int offset = phrasingRng.nextInt(FILLER.size());
        for (int i = 0; top.size() < k && i < FILLER.size(); i++) {
            String alt = FILLER.get((i + offset) % FILLER.size());
            if (alt.equals(token)) continue;
            remaining *= 0.3 + 0.4 * phrasingRng.nextDouble();
            top.add(new GeneratedToken.Alternative(alt, Math.log(remaining)));
        }
        return new GeneratedToken(token, Math.log(p), top);
    }

    private void applyDueDrift() {
        long elapsedMs = (System.nanoTime() - startNanos) / 1_000_000L;
        while (nextDriftStep < drift.steps().size()
                && drift.steps().get(nextDriftStep).due(stats.answers.get(), elapsedMs)) {
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
