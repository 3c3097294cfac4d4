package io.cpa.e2e;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * Debian's Prometheus, promtool and Alertmanager (packages {@code prometheus}, {@code prometheus-alertmanager}).
 * A machine without them fails the tests that need them, as it does without Chromium: {@code ./cpa test} installs
 * them; a developer who cannot skips those tests explicitly with {@code -Dcpa.prometheus.skip=true}.
 */
final class PrometheusBinaries {
    static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    static final Path PROMTOOL = Path.of("/usr/bin/promtool");
    static final Path ALERTMANAGER = Path.of("/usr/bin/prometheus-alertmanager");
    static final String SKIP = "cpa.prometheus.skip";

    private PrometheusBinaries() {}

    static boolean skipped() {
        return Boolean.getBoolean(SKIP);
    }

    static boolean installed() {
        return Files.isExecutable(PROMETHEUS) && Files.isExecutable(PROMTOOL) && Files.isExecutable(ALERTMANAGER);
    }

    /** Skips the calling test when asked to; otherwise fails it, naming the remedy, when a binary is missing. */
    static void require() {
        assumeFalse(skipped(), "Prometheus tests skipped by -D" + SKIP + "=true");
        for (Path p : new Path[] {PROMETHEUS, PROMTOOL, ALERTMANAGER}) {
            assertThat(p).as(p + " is needed: ./cpa test installs it (apt-get install prometheus "
                    + "prometheus-alertmanager), or skip with -D" + SKIP + "=true").isExecutable();
        }
    }
}
