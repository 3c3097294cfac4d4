package io.cpa.answer.study;

import io.cpa.answer.benchmark.BenchmarkRun;
import io.cpa.answer.benchmark.RunStatus;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.List;

/**
 * A running study: its prepared cells run one after another on the study's thread, all under the study id, so that a
 * seeded model sees the cells' requests in a fixed order of cells. Progress is read from the cells' run statuses.
 */
final class Study implements Runnable {
    private static final Logger LOG = Logger.getLogger(Study.class);

    private final String id;
    private final StudyPlan plan;
    private final List<BenchmarkRun> runs; // one per plan cell, same order
    private final long answersTotal;
    private volatile int current = -1;
    private volatile boolean stopping;
    private volatile String state = "running";
    private volatile String error;
    private volatile Instant startedAt;
    private volatile Instant endedAt;

    Study(String id, StudyPlan plan, List<BenchmarkRun> runs) {
        if (runs.size() != plan.cells().size()) throw new IllegalArgumentException("one run per cell expected");
        this.id = id;
        this.plan = plan;
        this.runs = List.copyOf(runs);
        this.answersTotal = runs.stream().mapToLong(r -> r.status().total()).sum();
    }

    @Override
    public void run() {
        startedAt = Instant.now();
        try {
            for (int i = 0; i < runs.size() && !stopping; i++) {
                current = i;
                LOG.infof("study %s: cell %d of %d: %s", id, i + 1, runs.size(), plan.cells().get(i).label());
                runs.get(i).run();
            }
            state = stopping ? "stopped" : "finished";
        } catch (RuntimeException e) {
            state = "failed";
            error = e.toString();
            LOG.errorf(e, "study %s failed", id);
        } finally {
            current = -1;
            endedAt = Instant.now();
        }
    }

    void stop() {
        stopping = true;
        int i = current;
        if (i >= 0) runs.get(i).stop();
    }

    String id() {
        return id;
    }

    StudyStatus status() {
        long done = 0, failed = 0;
        int cellsDone = 0;
        for (BenchmarkRun r : runs) {
            RunStatus s = r.status();
            done += s.published();
            failed += s.failed();
            if (s.endedAt() != null) cellsDone++;
        }
        Instant start = startedAt;
        Instant end = endedAt;
        double seconds = start == null ? 0
                : Math.max(1e-3, ((end == null ? System.currentTimeMillis() : end.toEpochMilli()) - start.toEpochMilli()) / 1000.0);
        double rate = seconds == 0 ? 0 : done / seconds;
        long eta = end != null ? 0 : rate == 0 ? -1 : Math.round(Math.max(0, answersTotal - done - failed) / rate);
        int i = current;
        return new StudyStatus(id, state, cellsDone, runs.size(), done, failed, answersTotal, rate, eta,
                i < 0 ? null : plan.cells().get(i).label(), plan.models().stream().map(StudyPlan.Model::name).toList(),
                plan.datasets(), plan.variants(), plan.temperatures(), start, end, error);
    }
}
