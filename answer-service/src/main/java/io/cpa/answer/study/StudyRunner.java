package io.cpa.answer.study;

import io.cpa.answer.benchmark.BenchmarkRun;
import io.cpa.answer.benchmark.BenchmarkRunner;
import io.cpa.answer.model.ModelClients;
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
 * fails at once with the field named, not halfway through. A model is asked on its route of the routing table with
 * the route's key; a model given with a base URL outside the table is asked without a key.
 */
@ApplicationScoped
public class StudyRunner {
    private final BenchmarkRunner runner;
    private final ModelClients clients;
    private final Map<String, Study> studies = new ConcurrentHashMap<>();

    StudyRunner(BenchmarkRunner runner, ModelClients clients) {
        this.runner = runner;
        this.clients = clients;
    }

    public StudyStatus start(StudyRequest request) {
        StudyPlan plan = StudyPlan.of(request, clients.defaultModel());
        String id = "study-" + UUID.randomUUID().toString().substring(0, 8);
        Map<StudyPlan.Model, ModelClients.Resolved> resolved = new HashMap<>();
        for (int i = 0; i < plan.models().size(); i++) {
            StudyPlan.Model m = plan.models().get(i);
            try {
                resolved.put(m, clients.forModel(m.name(), m.baseUrl()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("models[" + i + "].name: " + e.getMessage(), e);
            }
        }
        List<BenchmarkRun> runs = new ArrayList<>();
        for (StudyPlan.Cell cell : plan.cells()) {
            ModelClients.Resolved client = resolved.get(cell.model());
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
