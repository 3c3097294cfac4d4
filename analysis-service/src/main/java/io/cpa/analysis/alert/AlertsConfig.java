package io.cpa.analysis.alert;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Alert rules and the webhook (prefix {@code cpa.alerts}); the meaning of each limit is in {@link io.cpa.alert.AlertRules}. */
@ConfigMapping(prefix = "cpa.alerts")
public interface AlertsConfig {
    /** the rules evaluated; {@code none} turns alerting off */
    @WithDefault("rho-floor,rho-drop,rho-change,parse-failures,ic-ece-rise,accuracy-estimate-diverges")
    List<String> rules();

    /** the watched window; default the largest count window */
    Optional<String> window();

    @WithDefault("100")
    int minN();

    @WithDefault("0.1")
    double rhoFloor();

    @WithDefault("500")
    int baselineN();

    /** a fixed baseline rho for rho-drop instead of the first snapshot with baseline-n */
    Optional<Double> baselineRho();

    @WithDefault("0.1")
    double minDrop();

    @WithDefault("0.2")
    double parseFailureRate();

    @WithDefault("0.1")
    double eceRise();

    @WithDefault("0.05")
    double hysteresis();

    Change change();

    /** alert events (OPEN and RESOLVED) kept per series for {@code GET /api/alerts?state=all} */
    @WithDefault("50")
    int history();

    Webhook webhook();

    interface Change {
        @WithDefault("0.5")
        double delta();

        @WithDefault("10")
        double lambda();

        @WithDefault("3")
        int minSamples();
    }

    interface Webhook {
        /** JSON POST of every alert event here; none when unset */
        Optional<String> url();

        @WithDefault("5")
        int attempts();

        @WithDefault("500ms")
        Duration baseDelay();

        @WithDefault("30s")
        Duration maxDelay();

        @WithDefault("5s")
        Duration timeout();
    }
}
