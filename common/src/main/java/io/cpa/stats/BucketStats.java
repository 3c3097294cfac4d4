package io.cpa.stats;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Every statistic of a window, computed from a {@link Bucket}: the same definitions and the same inference as the
 * exact windows ({@link WindowState}, {@link Inference}), over IC quantised to its {@link BucketCell} and VC read as its
 * six-level class. Two passes over the entries (IC order): O(m) for m cells, integers until the final divisions.
 *
 * <p>How far from the exact windows (raw IC): bins of the ECE, the histogram and the taxonomy's high threshold are
 * those of the raw value (cell edges fall on bin edges); observations with distinct IC in one cell become ties, which
 * moves rho, tau-b and AUROC by about (IC density) x 10^-5, and the IC values by at most 10^-5 (ECE, Brier, Pearson).
 * {@code BucketStatsPropertyTest} checks every statistic within 1e-4 of the exact engine.
 */
public final class BucketStats {
    private static final int LEVELS = RankAccumulator.LEVELS;

    private BucketStats() {}

    public static WindowStats of(Bucket b, WindowsConfig config, WindowKind kind, long size) {
        int minN = config.minN();
        int calibrationBins = config.calibrationBins();
        long n = 0, icMissing = 0, vcFailed = 0;
        long[] levelCounts = new long[LEVELS];
        long[] pairedLevels = new long[LEVELS];
        long[][] vcTable = new long[LEVELS][2];
        long[] histogram = new long[config.histogramBins()];
        long[] taxonomy = new long[5];
        long[] calN = new long[calibrationBins];
        long[] calCorrect = new long[calibrationBins];
        long[] calCellSum = new long[calibrationBins];
        double brierSum = 0;
        long[] classCount = new long[2];
        for (int i = 0; i < b.size(); i++) {
            int key = b.key(i);
            long c = b.count(i);
            int ic = BucketCell.icIndex(key);
            int vc = BucketCell.vcIndex(key);
            int label = BucketCell.label(key);
            n += c;
            if (ic == 0) icMissing += c;
            if (vc == 0) vcFailed += c;
            int level = vc == 0 ? -1 : BucketCell.level(vc);
            if (level >= 0) {
                levelCounts[level] += c;
                if (label != BucketCell.UNLABELLED) vcTable[level][label == BucketCell.CORRECT ? 1 : 0] += c;
            }
            if (ic == 0) continue;
            double x = BucketCell.icValue(ic);
            histogram[BucketCell.bin(ic, histogram.length)] += c;
            if (level >= 0) {
                taxonomy[config.thresholds().classify(x, level)] += c;
                pairedLevels[level] += c;
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
        Ranks ranks = ranks(b, pairedLevels);
        Calibration icCalibration = icCalibration(calN, calCorrect, calCellSum, brierSum, classCount, ranks.doubledU, minN);
        return new WindowStats(kind, size, n, ranks.n, icMissing, vcFailed, failureRate,
                ranks.spearman(pairedLevels, minN), ranks.kendall(pairedLevels, minN), ranks.pearson(minN),
                icCalibration, VcCalibration.of(vcTable, calibrationBins, minN),
                new Taxonomy(taxonomy[0], taxonomy[1], taxonomy[2], taxonomy[3], taxonomy[4]), levelCounts, histogram);
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

    /** One pass over the IC groups (entries with the same IC cell) for the rank statistics, Pearson and AUROC. */
    private static Ranks ranks(Bucket b, long[] levelCounts) { // levelCounts: paired observations per level
        Ranks r = new Ranks();
        long[] ry = new long[LEVELS]; // doubled mid-rank of each level
        long belowLevels = 0;
        for (int l = 0; l < LEVELS; l++) {
            ry[l] = 2 * belowLevels + levelCounts[l] + 1;
            belowLevels += levelCounts[l];
        }
        long[] group = new long[LEVELS];
        long[] belowPerLevel = new long[LEVELS];
        long incorrectBelow = 0;
        int i = 0;
        while (i < b.size()) {
            int ic = BucketCell.icIndex(b.key(i));
            long groupIncorrect = 0, groupCorrect = 0;
            java.util.Arrays.fill(group, 0);
            int j = i;
            for (; j < b.size() && BucketCell.icIndex(b.key(j)) == ic; j++) {
                if (ic == 0) continue;
                int key = b.key(j);
                long c = b.count(j);
                int vc = BucketCell.vcIndex(key);
                int label = BucketCell.label(key);
                if (vc != 0) group[BucketCell.level(vc)] += c;
                if (label == BucketCell.CORRECT) groupCorrect += c;
                else if (label == BucketCell.INCORRECT) groupIncorrect += c;
            }
            i = j;
            if (ic == 0) continue;
            r.doubledU += 2 * groupCorrect * incorrectBelow + groupCorrect * groupIncorrect;
            incorrectBelow += groupIncorrect;
            long t = 0;
            for (long g : group) t += g;
            if (t == 0) continue;
            long cell = ic - 1;
            long rx = 2 * r.n + t + 1;
            long concordant = 0, discordant = 0, belowLower = 0;
            long belowAll = 0;
            for (long v : belowPerLevel) belowAll += v;
            for (int l = 0; l < LEVELS; l++) {
                long g = group[l];
                if (g != 0) {
                    r.p.addProduct(g * rx, ry[l]);
                    concordant += g * belowLower;
                    discordant += g * (belowAll - belowLower - belowPerLevel[l]);
                    r.sumCell.addProduct(cell, g);
                    r.sumCellCell.addProduct(cell * cell, g);
                    r.sumCellLevel.addProduct(cell * l, g);
                    r.sumL += g * l;
                    r.sumLL += g * l * l;
                }
                belowLower += belowPerLevel[l];
            }
            r.s += concordant - discordant;
            for (int l = 0; l < LEVELS; l++) belowPerLevel[l] += group[l];
            r.xTieCubes.addProduct(t * t, t);
            r.xTieCubes.subtract(t);
            r.xTiePairs += t * (t - 1) / 2;
            r.xTieV1 += (double) t * (t - 1) * (2 * t + 5);
            r.xTieV2 += (double) t * (t - 1) * (t - 2);
            r.n += t;
        }
        return r;
    }

    private static final class Ranks {
        long n;
        final Int128 p = new Int128();
        final Int128 xTieCubes = new Int128();
        long xTiePairs;
        double xTieV1;
        double xTieV2;
        long s;
        final Int128 sumCell = new Int128();
        final Int128 sumCellCell = new Int128();
        final Int128 sumCellLevel = new Int128();
        long sumL;
        long sumLL;
        long doubledU;

        Estimate spearman(long[] levelCounts, int minN) {
            if (n < minN) return Estimate.insufficient(n);
            BigInteger bn = BigInteger.valueOf(n);
            BigInteger np1 = bn.add(BigInteger.ONE);
            BigInteger sxy = p.toBigInteger().subtract(bn.multiply(np1).multiply(np1));
            BigInteger base = bn.pow(3).subtract(bn);
            BigInteger dx = base.subtract(xTieCubes.toBigInteger());
            BigInteger ty = BigInteger.ZERO;
            for (long c : levelCounts) ty = ty.add(BigInteger.valueOf(c).pow(3).subtract(BigInteger.valueOf(c)));
            return Inference.spearman(n, sxy.multiply(BigInteger.valueOf(3)), dx, base.subtract(ty));
        }

        Estimate kendall(long[] levelCounts, int minN) {
            if (n < minN) return Estimate.insufficient(n);
            long yPairs = 0;
            double yV1 = 0, yV2 = 0;
            for (long c : levelCounts) {
                yPairs += c * (c - 1) / 2;
                yV1 += (double) c * (c - 1) * (2 * c + 5);
                yV2 += (double) c * (c - 1) * (c - 2);
            }
            return Inference.kendall(n, s, xTiePairs, yPairs, xTieV1, yV1, xTieV2, yV2);
        }

        Estimate pearson(int minN) {
            if (n < minN) return Estimate.insufficient(n);
            BigInteger bn = BigInteger.valueOf(n);
            BigInteger sx = sumCell.toBigInteger();
            BigInteger sl = BigInteger.valueOf(sumL);
            BigInteger cov = bn.multiply(sumCellLevel.toBigInteger()).subtract(sx.multiply(sl));
            BigInteger vx = bn.multiply(sumCellCell.toBigInteger()).subtract(sx.multiply(sx));
            BigInteger vy = bn.multiply(BigInteger.valueOf(sumLL)).subtract(sl.multiply(sl));
            return Inference.pearson(n, cov, vx, vy);
        }
    }
}
