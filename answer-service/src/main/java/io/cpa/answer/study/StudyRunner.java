package io.cpa.answer.study;

import io.cpa.answer.benchmark.BenchmarkRun;
import io.cpa.answer.benchmark.BenchmarkRunner;
import io.cpa.answer.model.ModelConfig;
import io.cpa.client.ChatClient;
import io.cpa.client.ModelEndpoint;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Starts studies. Every cell is prepared (dataset read, sampled, checked) before the study starts, so a bad request
 * fails at once with the field named, not halfway through. A model at the configured endpoint uses the configured
 * client and API key; a model at another base URL is asked without a key.
 */
@ApplicationScoped
public class StudyRunner {
    private final BenchmarkRunner runner;
    private final ChatClient configuredClient;
    private final ModelConfig config;
    private final Map<String, Study> studies = new ConcurrentHashMap<>();

    StudyRunner(BenchmarkRunner runner, ChatClient configuredClient, ModelConfig config) {
        this.runner = runner;
        this.configuredClient = configuredClient;
        this.config = config;
    }

    public StudyStatus start(StudyRequest request) {
        StudyPlan plan = StudyPlan.of(request, config.name());
        String id = "study-" + UUID.randomUUID().toString().substring(0, 8);
        Map<StudyPlan.Model, ChatClient> clients = new HashMap<>();
        List<BenchmarkRun> runs = new ArrayList<>();
        for (StudyPlan.Cell cell : plan.cells()) {
            ChatClient client = clients.computeIfAbsent(cell.model(), this::clientFor);
            try {
                runs.add(runner.prepare(id, cell.run(), cell.model().name(), client));
            } catch (IllegalArgumentException e) {
                int i = plan.datasets().indexOf(cell.dataset());
                throw new IllegalArgumentException("datasets[" + i + "]: " + e.getMessage(), e);
            }
        }
        Study study = new Study(id, plan, runs);
        studies.put(id, study);
        Thread thread = new Thread(study, id);
        thread.setDaemon(true);
        thread.start();
        return study.status();
    }

    private ChatClient clientFor(StudyPlan.Model m) {
        boolean configuredEndpoint = m.baseUrl() == null || m.baseUrl().equals(config.baseUrl());
        if (configuredEndpoint && m.name().equals(config.name())) return configuredClient;
        String baseUrl = m.baseUrl() == null ? config.baseUrl() : m.baseUrl();
        String key = configuredEndpoint ? config.apiKey().orElse(null) : null;
        return new ChatClient(new ModelEndpoint(baseUrl, key, m.name()), config.timeout());
    }

    public Optional<StudyStatus> get(String id) {
        return Optional.ofNullable(studies.get(id)).map(Study::status);
    }

    public List<StudyStatus> list() {
        return studies.values().stream().map(Study::status).toList();
    }

    public Optional<StudyStatus> stop(String id) {
        Study s = studies.get(id);
        if (s == null) return Optional.empty();
        s.stop();
        return Optional.of(s.status());
    }

    @PreDestroy
    void stopAll() {
        studies.values().forEach(Study::stop);
    }
}
