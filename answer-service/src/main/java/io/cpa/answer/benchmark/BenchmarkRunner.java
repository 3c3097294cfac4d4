package io.cpa.answer.benchmark;

import io.cpa.auth.Tenants;
import io.cpa.answer.label.LabelDesk;
import io.cpa.answer.model.LogprobCapability;
import io.cpa.answer.model.ModelClients;
import io.cpa.answer.model.ModelConfig;
import io.cpa.answer.publish.AnswerPublisher;
import io.cpa.client.RetryPolicy;
import io.cpa.dataset.DatasetFormat;
import io.cpa.dataset.DatasetLoader;
import io.cpa.dataset.Sampling;
import io.cpa.prompt.CertaintyPromptVariant;
import io.cpa.question.Question;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Starts, lists and stops benchmark runs over the bundled sample set or a dataset file. */
@ApplicationScoped
public class BenchmarkRunner {
    public static final String SAMPLE_SET = "io/cpa/dataset/sample-questions.jsonl";

    private final ModelClients clients;
    private final ModelConfig model;
    private final AnswerPublisher publisher;
    private final LogprobCapability capability;
    private final int concurrency;
    private final RetryPolicy retry;
    /** A run and the tenant of the operator who started it: its answers carry that tenant, and only it sees the run. */
    private record Owned(BenchmarkRun run, String tenant) {}

    private final Map<String, Owned> runs = new ConcurrentHashMap<>();
    private final AtomicLong lastSequence = new AtomicLong();
    private final LabelDesk labels;
    private final LateLabels.Plan defaultLabels;
    private final int maxPendingLabels;
    private final AtomicInteger pendingLabels = new AtomicInteger();
    private final ScheduledExecutorService labelTimer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "benchmark-late-labels");
        t.setDaemon(true);
        return t;
    });

    BenchmarkRunner(ModelClients clients, ModelConfig model, AnswerPublisher publisher, LogprobCapability capability,
                    @ConfigProperty(name = "cpa.benchmark.concurrency", defaultValue = "16") int concurrency,
                    @ConfigProperty(name = "cpa.benchmark.max-attempts", defaultValue = "4") int maxAttempts,
                    @ConfigProperty(name = "cpa.benchmark.backoff", defaultValue = "200ms") Duration backoff,
                    @ConfigProperty(name = "cpa.benchmark.max-backoff", defaultValue = "10s") Duration maxBackoff,
                    LabelDesk labels,
                    @ConfigProperty(name = "cpa.benchmark.late-labels.coverage") Optional<Double> lateCoverage,
                    @ConfigProperty(name = "cpa.benchmark.late-labels.delay", defaultValue = "30s") Duration lateDelay,
                    @ConfigProperty(name = "cpa.benchmark.late-labels.labeller", defaultValue = "human") String lateLabeller,
                    @ConfigProperty(name = "cpa.benchmark.late-labels.max-pending", defaultValue = "100000") int maxPendingLabels) {
        this.labels = labels;
        this.defaultLabels = lateCoverage.map(c -> new LateLabels.Plan(c, lateDelay, lateLabeller)).orElse(null);
        this.maxPendingLabels = maxPendingLabels;
        this.retry = new RetryPolicy(maxAttempts, backoff, maxBackoff);
        this.capability = capability;
        this.clients = clients;
        this.model = model;
        this.publisher = publisher;
        this.concurrency = concurrency;
    }

    /** Starts a run for an operator of {@code tenant} (a concrete tenant: {@link Tenants#ALL} runs as the default). */
    public RunStatus start(RunRequest request, String tenant) {
        String modelName = request.model() != null ? request.model() : clients.defaultModel();
        ModelClients.Resolved resolved;
        try {
            resolved = clients.forModel(modelName);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("model: " + e.getMessage(), e);
        }
        String owner = Tenants.ofData(tenant);
        BenchmarkRun run = prepare(UUID.randomUUID().toString().substring(0, 8), request.withDefaultLabels(defaultLabels), modelName, resolved, owner);
        runs.put(run.id(), new Owned(run, owner));
        Thread thread = new Thread(run, "benchmark-" + run.id());
        thread.setDaemon(true);
        thread.start();
        return run.status();
    }

    /**
     * A run of the request's questions under the given id, asking the given model through the given client, not
     * started: the caller runs it ({@link BenchmarkRun#run()}) and owns it. Studies run their cells this way, one after
     * another, all under the study's id. Every answer and late label of the run carries {@code tenant}. Throws
     * {@link IllegalArgumentException} for a bad request.
     */
    public BenchmarkRun prepare(String id, RunRequest request, String modelName, ModelClients.Resolved modelClient, String tenant) {
        List<Question> questions = questions(request);
        if (request.sample() != null) {
            if (request.sample() < 1) throw new IllegalArgumentException("sample must be positive");
            questions = Sampling.sample(questions, Math.min(request.sample(), questions.size()),
                    request.seed() == null ? 0L : request.seed());
        } else if (request.seed() != null) {
            questions = Sampling.sample(questions, questions.size(), request.seed());
        }
        if (request.variants() != null) {
            try {
                request.variants().forEach(CertaintyPromptVariant::byName);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("variants: " + e.getMessage(), e);
            }
        }
        if (request.certaintyTemperature() != null && (request.certaintyTemperature() < 0 || request.certaintyTemperature() > 2)) {
            throw new IllegalArgumentException("certaintyTemperature must be in [0, 2]");
        }
        if (request.temperature() != null && (request.temperature() < 0 || request.temperature() > 2)) {
            throw new IllegalArgumentException("temperature must be in [0, 2]");
        }
        boolean cycle = Boolean.TRUE.equals(request.cycle());
        long total = request.limit() != null ? request.limit() : cycle ? -1 : questions.size();
        if (total == 0 || total < -1) throw new IllegalArgumentException("limit must be positive");
        double rate = Optional.ofNullable(request.ratePerSecond()).orElse(0.0);
        if (rate < 0) throw new IllegalArgumentException("ratePerSecond must not be negative");
        String source = request.source() != null ? request.source()
                : request.dataset() != null ? request.dataset() : "sample";
        double temperature = request.temperature() != null ? request.temperature() : model.temperature();
        return new BenchmarkRun(id, questions, source, total, rate,
                new BenchmarkRun.Settings(modelName, temperature, model.topLogprobs(), model.maxTokens(), concurrency,
                        request.variants(), request.certaintyTemperature(), modelClient.route()),
                modelClient.client(), answer -> publisher.publish(answer.withTenant(tenant)), this::nextSequence, capability, retry,
                request.labels() == null ? null : new LateLabels(request.labels(), labelTimer, label -> labels.submit(label, tenant),
                        pendingLabels, maxPendingLabels));
    }

    private static List<Question> questions(RunRequest request) {
        if (request.dataset() == null) return DatasetLoader.loadResource(SAMPLE_SET, DatasetFormat.COMMONSENSE_QA);
        DatasetFormat format = DatasetFormat.byName(request.dataset());
        if (request.path() == null) throw new IllegalArgumentException("path is required with dataset");
        Path path = Path.of(request.path());
        if (!Files.isReadable(path)) throw new IllegalArgumentException("path is not a readable file: " + path);
        try (Reader reader = Files.newBufferedReader(path)) {
            return DatasetLoader.load(reader, path.toString(), format);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    /** Increasing per instance and close to wall-clock microseconds, so sequences of instances interleave sensibly. */
    private long nextSequence() {
        long now = System.currentTimeMillis() * 1000;
        return lastSequence.updateAndGet(last -> Math.max(last + 1, now));
    }

    /** The runs a caller of {@code callerTenant} sees. */
    public List<RunStatus> list(String callerTenant) {
        return runs.values().stream().filter(o -> Tenants.sees(callerTenant, o.tenant())).map(o -> o.run().status()).toList();
    }

    /** The run, empty when there is none or it belongs to a tenant the caller does not see (the same answer). */
    public Optional<RunStatus> get(String id, String callerTenant) {
        return visible(id, callerTenant).map(BenchmarkRun::status);
    }

    public Optional<RunStatus> stop(String id, String callerTenant) {
        Optional<BenchmarkRun> run = visible(id, callerTenant);
        run.ifPresent(BenchmarkRun::stop);
        return run.map(BenchmarkRun::status);
    }

    private Optional<BenchmarkRun> visible(String id, String callerTenant) {
        Owned owned = runs.get(id);
        return owned == null || !Tenants.sees(callerTenant, owned.tenant()) ? Optional.empty() : Optional.of(owned.run());
    }

    @PreDestroy
    void stopAll() {
        runs.values().forEach(o -> o.run().stop());
        labelTimer.shutdownNow();
    }
}
