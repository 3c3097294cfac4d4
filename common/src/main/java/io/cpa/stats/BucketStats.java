package io.cpa.stats;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Every statistic of a window, computed from a {@link Bucket}: the same definitions and the same inference as the
 * exact windows ({@link WindowState}, {@link Inference}), over IC quantised to its {@link BucketCell} and VC as its code
 * (the value at 0.001: six levels, the numeric scale and finer values are ranked as values, never as six classes).
 * Two passes over the entries (IC order, {@link RankPass} for the ranks): O(m log v) for m cells and v VC codes,
 * integers until the final divisions.
 *
 * <p>How far from the exact windows (raw IC): bins of the ECE, the histogram and the taxonomy's high threshold are
 * those of the raw value (cell edges fall on bin edges); observations with distinct IC in one cell become ties, which
 * moves rho, tau-b and AUROC by about (IC density) x 10^-5, and the IC values by at most 10^-5 (ECE, Brier, Pearson).
 * {@code BucketStatsPropertyTest} checks every statistic within 1e-4 of the exact engine.
 *
 * <p>A cell's correctness is the headline one: label coverage counts labelled and unlabelled answers only, and there is
 * no calibration per labeller kind (both null in the result; the exact windows have them).
 */
public final class BucketStats {
    private static final int LEVELS = 6;

    private BucketStats() {}

    public static WindowStats of(Bucket b, WindowsConfig config, WindowKind kind, long size) {
        return of(b, config, kind, size, null);
    }

    /**
     * Every statistic of the bucket, and the accuracy of its unlabelled cells with IC estimated through {@code map} at
     * each cell's IC, in the same pass (null: no map, no estimate).
     */
    public static WindowStats of(Bucket b, WindowsConfig config, WindowKind kind, long size, AccuracyMap map) {
        int minN = config.minN();
        int calibrationBins = config.calibrationBins();
        long n = 0, icMissing = 0, vcFailed = 0, labelled = 0;
        long[] levelCounts = new long[LEVELS];
        long[] pairedCodes = new long[BucketCell.VC_CODE_COUNT];
        long[][] vcTable = new long[BucketCell.VC_CODE_COUNT][2];
        long[] histogram = new long[config.histogramBins()];
        long[] taxonomy = new long[5];
        long[] calN = new long[calibrationBins];
        long[] calCorrect = new long[calibrationBins];
        long[] calCellSum = new long[calibrationBins];
        double brierSum = 0;
        long[] classCount = new long[2];
        long unlabelledWithIc = 0;
        AccuracyMap.Estimator estimator = map != null && map.present() ? map.estimator() : null;
        for (int i = 0; i < b.size(); i++) {
            int key = b.key(i);
            long c = b.count(i);
            int ic = BucketCell.icIndex(key);
            int vc = BucketCell.vcIndex(key);
            int label = BucketCell.label(key);
            n += c;
            if (label != BucketCell.UNLABELLED) labelled += c;
            if (ic == 0) icMissing += c;
            if (vc == 0) vcFailed += c;
            if (vc != 0) {
                levelCounts[BucketCell.level(vc)] += c;
                if (label != BucketCell.UNLABELLED) vcTable[vc - 1][label == BucketCell.CORRECT ? 1 : 0] += c;
            }
            if (ic == 0) continue;
            double x = BucketCell.icValue(ic);
            histogram[BucketCell.bin(ic, histogram.length)] += c;
            if (label == BucketCell.UNLABELLED) {
                unlabelledWithIc += c;
                if (estimator != null) estimator.add(x, c);
            }
            if (vc != 0) {
                taxonomy[config.thresholds().classify(x, BucketCell.vcValue(vc - 1))] += c;
                pairedCodes[vc - 1] += c;
            }
            if (label != BucketCell.UNLABELLED) {
                int y = label == BucketCell.CORRECT ? 1 : 0;
                int bin = BucketCell.bin(ic, calibrationBins);
                calN[bin] += c;
                calCorrect[bin] += y * c;
                calCellSum[bin] += (ic - 1) * c;
                brierSum += c * (x - y) * (x - y);
                classCount[y] += c;
            }
        }
        Metric failureRate = n == 0 ? Metric.UNDEFINED : Metric.of((double) vcFailed / n);
        Ranks ranks = ranks(b, pairedCodes);
        Calibration icCalibration = icCalibration(calN, calCorrect, calCellSum, brierSum, classCount, ranks.doubledU, minN);
        AccuracyEstimate without = EstimatedAccuracy.withoutMap(map, unlabelledWithIc);
        EstimatedAccuracy estimated = EstimatedAccuracy.of(without != null ? without : estimator.result(), icCalibration);
        return new WindowStats(kind, size, n, ranks.pass.n(), icMissing, vcFailed, failureRate,
                ranks.pass.spearman(minN), ranks.pass.kendall(minN), ranks.pearson(minN),
                icCalibration, VcCalibration.of(vcTable, calibrationBins, minN),
                new Taxonomy(taxonomy[0], taxonomy[1], taxonomy[2], taxonomy[3], taxonomy[4]), levelCounts, histogram, ProbabilisticVcStats.none(),
                new LabelCoverage(labelled, n - labelled, null), null, estimated);
    }

    private static Calibration icCalibration(long[] calN, long[] calCorrect, long[] calCellSum, double brierSum,
                                             long[] classCount, long doubledU, int minN) {
        long n = classCount[0] + classCount[1];
        long correct = classCount[1];
        if (n < minN) return Calibration.insufficient(n, correct);
        long eceNum = 0;
        List<ReliabilityBin> reliability = new ArrayList<>();
        for (int bin = 0; bin < calN.length; bin++) {
            eceNum += Math.abs(calCorrect[bin] * (long) BucketCell.IC_CELLS - calCellSum[bin]);
            if (calN[bin] > 0) {
                reliability.add(new ReliabilityBin(bin, calN[bin], calCorrect[bin], calCellSum[bin] / (double) BucketCell.IC_CELLS / calN[bin]));
            }
        }
        Metric auroc = classCount[0] == 0 || classCount[1] == 0 ? Metric.UNDEFINED
                : Metric.of(doubledU / (2.0 * classCount[0] * classCount[1]));
        return new Calibration(n, correct, Metric.of((double) correct / n), Metric.of(eceNum / ((double) BucketCell.IC_CELLS * n)),
                Metric.of(brierSum / n), auroc, reliability);
    }

    /**
     * One pass over the IC groups (entries with the same IC cell): the paired entries merged over their labels for the
     * {@link RankPass}, Pearson's sums, and the AUROC's doubled U.
     */
    private static Ranks ranks(Bucket b, long[] pairedCodes) {
        Ranks r = new Ranks();
        long[] x = new long[b.size()];
        int[] code = new int[b.size()];
        long[] count = new long[b.size()];
        int m = 0;
        long incorrectBelow = 0;
        int i = 0;
        while (i < b.size()) {
            int ic = BucketCell.icIndex(b.key(i));
            long groupIncorrect = 0, groupCorrect = 0;
            int j = i;
            for (; j < b.size() && BucketCell.icIndex(b.key(j)) == ic; j++) {
                if (ic == 0) continue;
                int key = b.key(j);
                long c = b.count(j);
                int vc = BucketCell.vcIndex(key);
                int label = BucketCell.label(key);
                if (label == BucketCell.CORRECT) groupCorrect += c;
                else if (label == BucketCell.INCORRECT) groupIncorrect += c;
                if (vc == 0) continue;
                // entries of one (cell, code) differ only in their label, and come together: merge them
                if (m > 0 && x[m - 1] == ic && code[m - 1] == vc - 1) {
                    count[m - 1] += c;
                } else {
                    x[m] = ic;
                    code[m] = vc - 1;
                    count[m] = c;
                    m++;
                }
                long cell = ic - 1;
                long y = vc - 1;
                r.sumCell.addProduct(cell, c);
                r.sumCellCell.addProduct(cell * cell, c);
                r.sumCellCode.addProduct(cell * y, c);
                r.sumCode += c * y;
                r.sumCodeCode += c * y * y;
            }
            i = j;
            if (ic == 0) continue;
            r.doubledU += 2 * groupCorrect * incorrectBelow + groupCorrect * groupIncorrect;
            incorrectBelow += groupIncorrect;
        }
        r.pass = new RankPass(x, code, count, m, pairedCodes);
        return r;
    }

    private static final class Ranks {
        RankPass pass;
        final Int128 sumCell = new Int128();
        final Int128 sumCellCell = new Int128();
        final Int128 sumCellCode = new Int128();
        long sumCode;
        long sumCodeCode;
        long doubledU;

        Estimate pearson(int minN) {
            long n = pass.n();
            if (n < minN) return Estimate.insufficient(n);
            BigInteger bn = BigInteger.valueOf(n);
            BigInteger sx = sumCell.toBigInteger();
            BigInteger sl = BigInteger.valueOf(sumCode);
            BigInteger cov = bn.multiply(sumCellCode.toBigInteger()).subtract(sx.multiply(sl));
            BigInteger vx = bn.multiply(sumCellCell.toBigInteger()).subtract(sx.multiply(sx));
            BigInteger vy = bn.multiply(BigInteger.valueOf(sumCodeCode)).subtract(sl.multiply(sl));
            return Inference.pearson(n, cov, vx, vy);
        }
    }
}
