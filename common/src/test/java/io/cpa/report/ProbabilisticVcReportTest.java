package io.cpa.report;

import io.cpa.certainty.ParseStatus;
import io.cpa.certainty.ProbabilisticVc;
import io.cpa.event.CertaintyEvent;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The probabilistic VC beside the parsed VC in Table 1, the temperature study and the CSV. */
class ProbabilisticVcReportTest {
    private static final ReportOptions MIN_5 = ReportOptions.defaults().withMinN(5);

    /**
     * {@link StudyReportsTest#tinyStudy()} with probabilistic VCs. commonsense_qa, masses by rank (0 very uncertain ...
     * 5 very certain) against the parsed rank:
     * <pre>
     * answer  IC    parsed  masses          expectation  entropy  mode
     * c0      0.5   0       1 0 0 0 0 0     0            0        0 (agrees)
     * c1      0.6   1       0 1 1 0 0 0     0.3          1        2 (tie: higher rank; differs)
     * c2      0.7   2       0 0 0 0 1 0     0.8          0        4 (differs)
     * c3      0.8   5       0 0 0 0 0 1     1.0          0        5 (agrees)
     * c4      0.9   3       0 0 1 1 1 1     0.7          2        5 (differs)
     * c5      0.95  none    0 0 0 1 0 0     0.6          0        3 (no parsed level)
     * </pre>
     * IC ranks 1..6, expectation ranks 1, 2, 5, 6, 4, 3: sum d^2 = 18, so rho = 1 - 6 * 18 / (6 * 35) = 17/35 over n = 6
     * (c5 counts although its reply did not parse). Modes: 3 of 5 differ. Mean entropy 3/6 = 0.5.
     * qasc has none: reasons no-logprobs, no-logprobs, not-asked and one event that names none.
     */
    static List<CertaintyEvent> tinyStudyWithPvc() {
        List<CertaintyEvent> e = new ArrayList<>(StudyReportsTest.tinyStudy());
        e.set(0, Events.withPvc(e.get(0), 1, 0, 0, 0, 0, 0));
        e.set(1, Events.withPvc(e.get(1), 0, 1, 1, 0, 0, 0));
        e.set(2, Events.withPvc(e.get(2), 0, 0, 0, 0, 1, 0));
        e.set(3, Events.withPvc(e.get(3), 0, 0, 0, 0, 0, 1));
        e.set(4, Events.withPvc(e.get(4), 0, 0, 1, 1, 1, 1));
        e.add(Events.withPvc(Events.failed("m", "commonsense_qa", "cqp", 0.2, "c5", 0.95, ParseStatus.NONE, "hmm"), 0, 0, 0, 1, 0, 0));
        e.set(5, Events.withoutPvc(e.get(5), ProbabilisticVc.ABSENT_NO_LOGPROBS));
        e.set(6, Events.withoutPvc(e.get(6), ProbabilisticVc.ABSENT_NO_LOGPROBS));
        e.set(7, Events.withoutPvc(e.get(7), ProbabilisticVc.ABSENT_NOT_ASKED));
        return e;
    }

    @Test
    void table1ProbabilisticCellMatchesClosedFormsBesideTheUnchangedParsedCell() {
        AlignmentTable.Row row = StudyReports.build("study-1", tinyStudyWithPvc(), MIN_5).alignment("cqp", 0.2).orElseThrow().rows().get(0);
        RhoEstimate parsed = row.cells().get(0);
        assertThat(parsed.n()).isEqualTo(5);
        assertThat(parsed.rho()).isCloseTo(0.9, within(1e-12));

        ProbabilisticVcCell csqa = row.probabilistic().get(0);
        assertThat(csqa.answers()).isEqualTo(6);
        assertThat(csqa.withPvc()).isEqualTo(6);
        RhoEstimate rho = csqa.rho();
        assertThat(rho.n()).isEqualTo(6);
        double r = 17 / 35.0;
        assertThat(rho.rho()).isCloseTo(r, within(1e-12));
        // Student t with 4 degrees of freedom: two-sided p = 1 - (3/4) x (1 - t^2 / (12 (1 + t^2/4))), x = t / sqrt(1 + t^2/4)
        double t = r * Math.sqrt(4 / (1 - r * r)), x = t / Math.sqrt(1 + t * t / 4);
        assertThat(rho.pValue()).isCloseTo(1 - 0.75 * x * (1 - t * t / (12 * (1 + t * t / 4))), within(1e-9));
        double z = 0.5 * Math.log((1 + r) / (1 - r)), half = 1.959963984540054 * Math.sqrt(1.06 / 3);
        assertThat(rho.lower()).isCloseTo(Math.tanh(z - half), within(1e-9));
        assertThat(rho.upper()).isCloseTo(Math.tanh(z + half), within(1e-9));
        assertThat(csqa.modeCompared()).isEqualTo(5);
        assertThat(csqa.modeDisagreements()).isEqualTo(3);
        assertThat(csqa.modeDisagreementShare()).isCloseTo(0.6, within(1e-12));
        assertThat(csqa.meanEntropy()).isCloseTo(0.5, within(1e-12));
        assertThat(csqa.absentReason()).isNull();

        ProbabilisticVcCell qasc = row.probabilistic().get(1);
        assertThat(qasc.present()).isFalse();
        assertThat(qasc.rho()).isNull();
        assertThat(qasc.meanEntropy()).isNull();
        assertThat(qasc.modeDisagreementShare()).isNull();
        assertThat(qasc.absentReason()).isEqualTo(ProbabilisticVc.ABSENT_NO_LOGPROBS);
        assertThat(qasc.absentCount()).isEqualTo(2);
        assertThat(qasc.answers()).isEqualTo(4);

        assertThat(row.pvcMeanRho()).isCloseTo(r, within(1e-12));
        assertThat(row.pvcMeanOf()).isEqualTo(1);
        assertThat(row.meanRho()).isCloseTo(0.9, within(1e-12));
    }

    @Test
    void table1AsMarkdownShowsBothSignalsUnderTheirLabelsAndADashWithTheReasonForAbsentCells() {
        String md = MarkdownReport.render(StudyReports.build("study-1", tinyStudyWithPvc(), MIN_5));
        assertThat(md).contains("""
                VC (parsed):

                | model | commonsense_qa | qasc | mean |
                |---|---|---|---|
                | m | 0.900 [0.045, 0.994] n=5 p=0.037 | insufficient (n=3) | 0.900 (1 of 2) |

                VC (probabilistic, first-token expectation):

                | model | commonsense_qa | qasc | mean |
                |---|---|---|---|
                | m | 0.486 [-0.561, 0.935] n=6 p=0.33 | — (no-logprobs, 2 of 4 answers) | 0.486 (1 of 2) |

                VC (probabilistic, first-token expectation): mode against the parsed level, and mean entropy:

                | model | commonsense_qa | qasc |
                |---|---|---|
                | m | mode differs 3 of 5 (0.600); entropy 0.500 bits (n = 6) | — (no-logprobs, 2 of 4 answers) |
                """);
    }

    @Test
    void table1AsCsvAddsTheProbabilisticColumnsAfterTheUnchangedParsedOnes() {
        String csv = CsvReport.render(StudyReports.build("study-1", tinyStudyWithPvc(), MIN_5));
        double r = 17 / 35.0;
        double[] ci = MidRanks.interval(r, 6);
        assertThat(csv).isEqualTo(CsvReport.HEADER + "\n"
                + "cqp,0.2,m,commonsense_qa,OK,5,0.900000,0.0373861,0.045313,0.993952,"
                + "OK,6,0.485714," + String.format(java.util.Locale.ROOT, "%.6g", MidRanks.pValue(r, 6)) + ","
                + String.format(java.util.Locale.ROOT, "%.6f,%.6f", ci[0], ci[1]) + ",,0,5,3,0.600000,6,0.500000\n"
                + "cqp,0.2,m,qasc,INSUFFICIENT,3,,,,,ABSENT,,,,,,no-logprobs,2,0,0,,0,\n"
                + "cqp,0.2,m,mean,MEAN,1,0.900000,,,,MEAN,1,0.485714,,,,,,,,,,\n");
        assertThat(CsvReport.HEADER.split(",")).hasSize(23);
        csv.lines().forEach(line -> assertThat(line.split(",", -1)).hasSize(23));
    }

    @Test
    void aCellWithoutReasonsSaysNotRecordedAndAModelWithoutAnswersOnADatasetSaysNoAnswers() {
        List<CertaintyEvent> events = new ArrayList<>();
        for (int i = 0; i < 6; i++) events.add(Events.ok("m", "qasc", "cqp", 0.2, "a" + i, 0.5 + i / 20.0, i / 5.0, null));
        events.add(Events.ok("other", "commonsense_qa", "cqp", 0.2, "b", 0.5, 0.4, null));
        AlignmentTable table = StudyReports.build("s", events, MIN_5).alignment("cqp", 0.2).orElseThrow();
        AlignmentTable.Row m = table.rows().get(0);
        assertThat(m.model()).isEqualTo("m");
        assertThat(m.probabilistic().get(1).absentReason()).isEqualTo(ProbabilisticVcCell.NOT_RECORDED);
        assertThat(m.probabilistic().get(1).absentCount()).isEqualTo(6);
        assertThat(m.probabilistic().get(0).absentReason()).isEqualTo(ProbabilisticVcCell.NO_ANSWERS);
        assertThat(m.pvcMeanRho()).isNull();
        assertThat(m.pvcMeanOf()).isZero();
        assertThat(MarkdownReport.absent(m.probabilistic().get(1))).isEqualTo("— (not-recorded, 6 of 6 answers)");
        assertThat(MarkdownReport.absent(m.probabilistic().get(0))).isEqualTo("— (no-answers, 0 of 0 answers)");
    }

    @Test
    void equallyCommonReasonsGiveTheAlphabeticallyFirstWhateverTheOrder() {
        List<CertaintyEvent> events = new ArrayList<>();
        events.add(Events.withoutPvc(Events.ok("m", "qasc", "cqp", 0.2, "a", 0.5, 0.4, null), ProbabilisticVc.ABSENT_NO_TOP_K));
        events.add(Events.withoutPvc(Events.ok("m", "qasc", "cqp", 0.2, "b", 0.6, 0.4, null), ProbabilisticVc.ABSENT_NO_LEVEL_TOKEN));
        assertThat(ProbabilisticVcCell.of(events, 5).absentReason()).isEqualTo(ProbabilisticVc.ABSENT_NO_LEVEL_TOKEN);
        assertThat(ProbabilisticVcCell.of(List.of(events.get(1), events.get(0)), 5).absentReason()).isEqualTo(ProbabilisticVc.ABSENT_NO_LEVEL_TOKEN);
    }

    /**
     * A random study, two datasets and two temperatures, with ties in IC (two decimals) and in the expectation (integer
     * masses 0..2), answers without IC, replies that did not parse but have a probabilistic VC and answers without one.
     */
    static List<CertaintyEvent> randomStudy() {
        Random random = new Random(23);
        List<CertaintyEvent> events = new ArrayList<>();
        String[] reasons = {ProbabilisticVc.ABSENT_NO_LOGPROBS, ProbabilisticVc.ABSENT_NO_TOP_K, null};
        int id = 0;
        for (String dataset : List.of("commonsense_qa", "qasc")) {
            for (double t : List.of(0.2, 1.0)) {
                for (int i = 0; i < 120; i++) {
                    Double ic = random.nextInt(10) == 0 ? null : Math.round(random.nextDouble() * 100) / 100.0;
                    double vc = Math.round(5 * Math.min(1, Math.max(0, (ic == null ? 0.5 : ic) + random.nextGaussian() * 0.3))) / 5.0;
                    String answer = "r" + id++;
                    CertaintyEvent e = random.nextInt(12) == 0
                            ? Events.failed("m", dataset, "cqp", t, answer, ic, ParseStatus.AMBIGUOUS, "b or c")
                            : Events.ok("m", dataset, "cqp", t, answer, ic, vc, null);
                    if (random.nextInt(5) == 0) {
                        e = Events.withoutPvc(e, reasons[random.nextInt(reasons.length)]);
                    } else {
                        double[] masses = new double[6];
                        for (int k = 0; k < 6; k++) masses[k] = random.nextInt(3);
                        masses[(int) Math.round(5 * vc)] += 3 * t; // leaning to the parsed level, less so at low temperature
                        e = Events.withPvc(e, masses);
                    }
                    events.add(e);
                }
            }
        }
        return events;
    }

    @Test
    void everyRhoOfBothSignalsAgreesWithAFromScratchMidRankComputation() {
        List<CertaintyEvent> events = randomStudy();
        StudyReport r = StudyReports.build("s", events, ReportOptions.defaults());
        TemperatureStudy study = r.temperatureStudy().get(0);
        int checked = 0;
        for (double t : List.of(0.2, 1.0)) {
            AlignmentTable table = r.alignment("cqp", t).orElseThrow();
            for (int d = 0; d < 2; d++) {
                String dataset = table.datasets().get(d);
                List<CertaintyEvent> cell = events.stream().filter(e -> e.source().equals(dataset) && e.temperature() == t).toList();
                int ti = study.temperatures().indexOf(t);
                TemperatureStudy.Row row = study.rows().get(d);
                assertThat(row.dataset()).isEqualTo(dataset);

                List<CertaintyEvent> parsedPairs = select(cell, e -> e.ic() != null && e.certainty().ok());
                double[] parsedVc = parsedPairs.stream().mapToDouble(e -> e.certainty().value()).toArray();
                assertMatches(table.rows().get(0).cells().get(d), ics(parsedPairs), parsedVc);
                assertMatches(row.rho().get(ti), ics(parsedPairs), parsedVc);

                List<CertaintyEvent> pvcPairs = select(cell, e -> e.ic() != null && e.probabilisticVc() != null);
                double[] expectation = pvcPairs.stream().mapToDouble(e -> expectation(e.probabilisticVc())).toArray();
                assertMatches(table.rows().get(0).probabilistic().get(d).rho(), ics(pvcPairs), expectation);
                assertMatches(row.probabilistic().get(ti).rho(), ics(pvcPairs), expectation);

                List<CertaintyEvent> withPvc = select(cell, e -> e.probabilisticVc() != null);
                ProbabilisticVcCell p = row.probabilistic().get(ti);
                assertThat(p.withPvc()).isEqualTo(withPvc.size()).isLessThan(cell.size());
                assertThat(p.spread().n()).isEqualTo(withPvc.size());
                assertThat(p.spread().sd()).isCloseTo(sd(withPvc.stream().mapToDouble(e -> expectation(e.probabilisticVc())).toArray()), within(1e-9));
                assertThat(p.meanEntropy()).isCloseTo(withPvc.stream().mapToDouble(e -> entropy(e.probabilisticVc())).average().orElseThrow(), within(1e-9));
                List<CertaintyEvent> compared = select(withPvc, e -> e.certainty().level() != null);
                assertThat(p.modeCompared()).isEqualTo(compared.size());
                assertThat(p.modeDisagreements()).isEqualTo(compared.stream().filter(e -> argmaxRank(e.probabilisticVc()) != e.certainty().level().rank()).count());
                assertThat(row.cells().get(ti).sd()).isCloseTo(sd(select(cell, e -> e.certainty().ok()).stream()
                        .mapToDouble(e -> e.certainty().value()).toArray()), within(1e-9));
                // the temperature study's cell is the Table 1 cell of that temperature
                assertThat(table.rows().get(0).probabilistic().get(d)).isEqualTo(p);
                checked++;
            }
        }
        assertThat(checked).isEqualTo(4);
    }

    /**
     * Parsed VC 0, 0.2, 0.4, 1, 0.6: sd sqrt(0.592 / 4) = 0.385; qasc 0.8, 0.6, 0.8: sd 0.115. Expectations 0, 0.3, 0.8,
     * 1, 0.7, 0.6: sum 3.4, sum of squares 2.58, sd sqrt((2.58 - 3.4^2 / 6) / 5) = 0.361.
     */
    @Test
    void temperatureStudyAsMarkdownHasBothSignalsUnderTheirLabels() {
        String md = MarkdownReport.render(StudyReports.build("study-1", tinyStudyWithPvc(), MIN_5));
        assertThat(md).contains("""
                ### m, variant cqp

                VC (parsed): standard deviation:

                | dataset | T = 0.2 |
                |---|---|
                | commonsense_qa | 0.385 (n = 5) |
                | qasc | 0.115 (n = 3) |

                VC (parsed): rho:

                | dataset | T = 0.2 |
                |---|---|
                | commonsense_qa | 0.900 [0.045, 0.994] n=5 p=0.037 |
                | qasc | insufficient (n=3) |

                VC (probabilistic, first-token expectation): standard deviation:

                | dataset | T = 0.2 |
                |---|---|
                | commonsense_qa | 0.361 (n = 6) |
                | qasc | — (no-logprobs, 2 of 4 answers) |

                VC (probabilistic, first-token expectation): rho:

                | dataset | T = 0.2 |
                |---|---|
                | commonsense_qa | 0.486 [-0.561, 0.935] n=6 p=0.33 |
                | qasc | — (no-logprobs, 2 of 4 answers) |

                VC (probabilistic, first-token expectation): mean entropy:

                | dataset | T = 0.2 |
                |---|---|
                | commonsense_qa | 0.500 bits (n = 6) |
                | qasc | — (no-logprobs, 2 of 4 answers) |
                """);
    }

    private static void assertMatches(RhoEstimate e, double[] ic, double[] vc) {
        assertThat(e.status()).isEqualTo(RhoEstimate.Status.OK);
        assertThat(e.n()).isEqualTo(ic.length);
        double rho = MidRanks.rho(ic, vc);
        assertThat(e.rho()).isCloseTo(rho, within(1e-9));
        assertThat(e.pValue()).isCloseTo(MidRanks.pValue(rho, ic.length), within(1e-9));
        double[] ci = MidRanks.interval(rho, ic.length);
        assertThat(e.lower()).isCloseTo(ci[0], within(1e-9));
        assertThat(e.upper()).isCloseTo(ci[1], within(1e-9));
    }

    private static List<CertaintyEvent> select(List<CertaintyEvent> events, Predicate<CertaintyEvent> p) {
        return events.stream().filter(p).toList();
    }

    private static double[] ics(List<CertaintyEvent> events) {
        return events.stream().mapToDouble(CertaintyEvent::ic).toArray();
    }

    /** From the distribution, not the record's own field: sum_r p_r r / 5. */
    private static double expectation(ProbabilisticVc p) {
        double e = 0;
        for (int r = 0; r < 6; r++) e += p.distribution().get(r) * r / 5;
        return e;
    }

    private static double entropy(ProbabilisticVc p) {
        double h = 0;
        for (double q : p.distribution()) if (q > 0) h -= q * Math.log(q) / Math.log(2);
        return h;
    }

    /** The rank of the largest probability, the higher rank on a tie. */
    private static int argmaxRank(ProbabilisticVc p) {
        int best = 0;
        for (int r = 1; r < 6; r++) if (p.distribution().get(r) >= p.distribution().get(best)) best = r;
        return best;
    }

    private static double sd(double[] v) {
        double mean = 0;
        for (double x : v) mean += x / v.length;
        double ss = 0;
        for (double x : v) ss += (x - mean) * (x - mean);
        return Math.sqrt(ss / (v.length - 1));
    }
}
