package io.cpa.e2e;

import io.cpa.simulator.LatentModel;
import io.cpa.simulator.ModelSimulator;
import io.cpa.simulator.SimulatorConfig;
import io.cpa.stats.AccuracyEstimate;
import io.cpa.stats.AccuracyMap;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The accuracy estimate on the model simulator's own latent model, whose accuracy at every IC is known
 * ({@link LatentModel#pCorrect}): answers are drawn as the simulator draws them (IC from z1, correct with probability
 * pCorrect(IC)), a random share is labelled, the map is fitted on those and the unlabelled answers are estimated. The
 * interval must cover both the realised accuracy of the unlabelled answers and their true (expected) accuracy in most
 * seeds. No pipeline: this checks the estimator against the simulator's ground truth, not the plumbing.
 */
class SimulatorAccuracyEstimateTest {
    private static final int ANSWERS = 20_000;
    private static final int SEEDS = 100;

    @Test
    void intervalCoversTheSimulatorsTrueAccuracyAtOneTenAndFortyPercentLabels() throws Exception {
        LatentModel model;
        try (ModelSimulator sim = ModelSimulator.start(SimulatorConfig.fromValues(Map.of("port", "0")))) {
            model = sim.engine().model();
        }
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT,
                "simulator (expected accuracy %.4f), %d answers, %d seeds%n labelled  map       mean|err|  max|err|  covers realised  covers true%n",
                model.expectedAccuracy(), ANSWERS, SEEDS));
        for (double share : new double[] {0.01, 0.10, 0.40}) {
            int coversRealised = 0, coversTrue = 0;
            double errorSum = 0, errorMax = 0;
            String method = "";
            for (int seed = 0; seed < SEEDS; seed++) {
                SplittableRandom rng = new SplittableRandom(1_000L * seed + Math.round(share * 100));
                List<AccuracyMap.Point> labelled = new ArrayList<>();
                List<Double> unlabelledIc = new ArrayList<>();
                long unlabelledCorrect = 0;
                double unlabelledTrue = 0;
                for (int i = 0; i < ANSWERS; i++) {
                    double ic = model.internalConfidence(model.draw(rng).z1());
                    double p = model.pCorrect(ic);
                    boolean correct = rng.nextDouble() < p;
                    if (rng.nextDouble() < share) {
                        labelled.add(new AccuracyMap.Point(ic, correct ? 1 : 0, correct ? 0 : 1));
                    } else {
                        unlabelledIc.add(ic);
                        unlabelledTrue += p;
                        if (correct) unlabelledCorrect++;
                    }
                }
                AccuracyMap map = AccuracyMap.fit(labelled);
                assertTrue(map.present(), "a map from " + labelled.size() + " labels: " + map.reason());
                method = map.method().name().toLowerCase(Locale.ROOT);
                AccuracyMap.Estimator estimator = map.estimator();
                unlabelledIc.forEach(estimator::add);
                AccuracyEstimate e = estimator.result();
                double realised = (double) unlabelledCorrect / unlabelledIc.size();
                double truth = unlabelledTrue / unlabelledIc.size();
                if (e.lower() <= realised && realised <= e.upper()) coversRealised++;
                if (e.lower() <= truth && truth <= e.upper()) coversTrue++;
                double error = Math.abs(e.value() - realised);
                errorSum += error;
                errorMax = Math.max(errorMax, error);
            }
            table.append(String.format(Locale.ROOT, " %5.0f%%    %-8s  %.4f     %.4f    %5.1f%%           %5.1f%%%n",
                    share * 100, method, errorSum / SEEDS, errorMax, 100.0 * coversRealised / SEEDS, 100.0 * coversTrue / SEEDS));
            // a 95% interval: at least 85 of 100 seeds (the binomial 1% quantile at 95% is 89)
            assertTrue(coversRealised >= 85, share + ": realised covered in " + coversRealised + " of " + SEEDS + "\n" + table);
            assertTrue(coversTrue >= 85, share + ": true accuracy covered in " + coversTrue + " of " + SEEDS + "\n" + table);
        }
        System.out.print(table);
    }
}
