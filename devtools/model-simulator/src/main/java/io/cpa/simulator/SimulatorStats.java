package io.cpa.simulator;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Counters of what the simulator did, shown at {@code GET /sim/stats}. */
public final class SimulatorStats {

    final AtomicLong requests = new AtomicLong();
    final AtomicLong answers = new AtomicLong();
    final AtomicLong answersCorrect = new AtomicLong();
    final AtomicLong unknownQuestions = new AtomicLong();
    final AtomicLong certaintyFallbacks = new AtomicLong();
    final AtomicLong certaintyRepeats = new AtomicLong();
    final AtomicLong messyReplies = new AtomicLong();
    final AtomicLong badRequests = new AtomicLong();
    final AtomicLong faults500 = new AtomicLong();
    final AtomicLong faults429 = new AtomicLong();
    final AtomicLong faultsTimeout = new AtomicLong();
    final AtomicLong faultsGarbage = new AtomicLong();
    final AtomicLong driftStepsApplied = new AtomicLong();
    final AtomicLong streamed = new AtomicLong();
    final AtomicLong freeFormAnswers = new AtomicLong();
    final AtomicLong toolCallReplies = new AtomicLong();
    final AtomicLong refusals = new AtomicLong();
    final AtomicLong filtered = new AtomicLong();
    final AtomicLong lengthCut = new AtomicLong();
    final AtomicLong multiChoiceRequests = new AtomicLong();
    final AtomicLong chatRequests = new AtomicLong();
    final AtomicLong responsesPlain = new AtomicLong();
    final AtomicLong responsesStream = new AtomicLong();
    private final Map<CertaintyVariant, AtomicLong> certaintyByVariant = new EnumMap<>(CertaintyVariant.class);
    /** Requested model name -> {answer calls, certainty calls}; bounded, see {@link #MAX_MODEL_NAMES}. */
    private final Map<String, AtomicLong[]> byModel = new LinkedHashMap<>();

    /** Distinct requested model names counted one by one; any further name counts under {@link #OTHER_MODELS}. */
    static final int MAX_MODEL_NAMES = 256;
    static final String OTHER_MODELS = "(other)";

    SimulatorStats() {
        for (CertaintyVariant v : CertaintyVariant.values()) certaintyByVariant.put(v, new AtomicLong());
    }

    void certainty(CertaintyVariant v) {
        certaintyByVariant.get(v).incrementAndGet();
    }

    void answerCall(String model) {
        modelCounters(model)[0].incrementAndGet();
    }

    void certaintyCall(String model) {
        modelCounters(model)[1].incrementAndGet();
    }

    private synchronized AtomicLong[] modelCounters(String model) {
        String name = model == null || model.isEmpty() ? "(none)" : model;
        if (!byModel.containsKey(name) && byModel.size() >= MAX_MODEL_NAMES) name = OTHER_MODELS;
        return byModel.computeIfAbsent(name, k -> new AtomicLong[] {new AtomicLong(), new AtomicLong()});
    }

    public long answers() {
        return answers.get();
    }

    public long certaintyFallbacks() {
        return certaintyFallbacks.get();
    }

    public long certaintyRepeats() {
        return certaintyRepeats.get();
    }

    public long unknownQuestions() {
        return unknownQuestions.get();
    }

    public Map<String, Object> snapshot() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("requests", requests.get());
        m.put("answers", answers.get());
        m.put("answersCorrect", answersCorrect.get());
        m.put("unknownQuestions", unknownQuestions.get());
        Map<String, Long> byVariant = new LinkedHashMap<>();
        long total = 0;
        for (Map.Entry<CertaintyVariant, AtomicLong> e : certaintyByVariant.entrySet()) {
            byVariant.put(e.getKey().wireName(), e.getValue().get());
            total += e.getValue().get();
        }
        m.put("certaintyReplies", total);
        m.put("certaintyByVariant", byVariant);
        m.put("certaintyFallbacks", certaintyFallbacks.get());
        m.put("certaintyRepeats", certaintyRepeats.get());
        m.put("messyReplies", messyReplies.get());
        m.put("freeFormAnswers", freeFormAnswers.get());
        m.put("toolCallReplies", toolCallReplies.get());
        m.put("refusals", refusals.get());
        m.put("filtered", filtered.get());
        m.put("lengthCut", lengthCut.get());
        m.put("multiChoiceRequests", multiChoiceRequests.get());
        m.put("streamed", streamed.get());
        m.put("chatRequests", chatRequests.get());
        Map<String, Long> responses = new LinkedHashMap<>();
        responses.put("plain", responsesPlain.get());
        responses.put("stream", responsesStream.get());
        m.put("responsesRequests", responses);
        Map<String, Object> models = new LinkedHashMap<>();
        synchronized (this) {
            for (Map.Entry<String, AtomicLong[]> e : byModel.entrySet()) {
                Map<String, Long> c = new LinkedHashMap<>();
                c.put("answerCalls", e.getValue()[0].get());
                c.put("certaintyCalls", e.getValue()[1].get());
                models.put(e.getKey(), c);
            }
        }
        m.put("byRequestedModel", models);
        m.put("badRequests", badRequests.get());
        Map<String, Long> faults = new LinkedHashMap<>();
        faults.put("error500", faults500.get());
        faults.put("error429", faults429.get());
        faults.put("timeout", faultsTimeout.get());
        faults.put("garbage", faultsGarbage.get());
        m.put("faultsInjected", faults);
        m.put("driftStepsApplied", driftStepsApplied.get());
        return m;
    }
}
