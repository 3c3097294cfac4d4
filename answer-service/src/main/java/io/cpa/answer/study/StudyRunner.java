package io.cpa.answer.study;

import io.cpa.auth.Tenants;
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
    /** A study and the tenant of the operator who started it: its answers carry that tenant, and only it sees the study. */
    private record Owned(Study study, String tenant) {}

    private final Map<String, Owned> studies = new ConcurrentHashMap<>();

    StudyRunner(BenchmarkRunner runner, ModelClients clients) {
        this.runner = runner;
        this.clients = clients;
    }

    /** Starts a study for an operator of {@code tenant} ({@link Tenants#ALL} runs it as the default tenant). */
    public StudyStatus start(StudyRequest request, String tenant) {
        String owner = Tenants.ofData(tenant);
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
                runs.add(runner.prepare(id, cell.run(), cell.model().name(), client, owner));
            } catch (IllegalArgumentException e) {
                int i = plan.datasets().indexOf(cell.dataset());
                throw new IllegalArgumentException("datasets[" + i + "]: " + e.getMessage(), e);
            }
        }
        Study study = new Study(id, plan, runs);
        studies.put(id, new Owned(study, owner));
        Thread thread = new Thread(study, id);
        thread.setDaemon(true);
        thread.start();
        return study.status();
    }

    /** The study, empty when there is none or it belongs to a tenant the caller does not see (the same answer). */
    public Optional<StudyStatus> get(String id, String callerTenant) {
        return visible(id, callerTenant).map(Study::status);
    }

    /** The studies a caller of {@code callerTenant} sees. */
    public List<StudyStatus> list(String callerTenant) {
        return studies.values().stream().filter(o -> Tenants.sees(callerTenant, o.tenant())).map(o -> o.study().status()).toList();
    }

    public Optional<StudyStatus> stop(String id, String callerTenant) {
        Optional<Study> s = visible(id, callerTenant);
        s.ifPresent(Study::stop);
        return s.map(Study::status);
    }

    private Optional<Study> visible(String id, String callerTenant) {
        Owned owned = studies.get(id);
        return owned == null || !Tenants.sees(callerTenant, owned.tenant()) ? Optional.empty() : Optional.of(owned.study());
    }

    @PreDestroy
    void stopAll() {
        studies.values().forEach(o -> o.study().stop());
    }
}
