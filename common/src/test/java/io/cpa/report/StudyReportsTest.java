package io.cpa.report;

import io.cpa.certainty.ParseStatus;
import io.cpa.certainty.VerbalizedCertainty;
import io.cpa.event.CertaintyEvent;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class StudyReportsTest {
    private static final ReportOptions MIN_5 = ReportOptions.defaults().withMinN(5);

    /**
     * commonsense_qa: IC 0.5..0.9 against VC ranks 1, 2, 3, 5, 4: one swapped pair, no ties, so
     * rho = 1 - 6 * 2 / (5^3 - 5) = 0.9. qasc: three pairs and one unparsed reply, below the minimum of 4.
     */
    static List<CertaintyEvent> tinyStudy() {
        List<CertaintyEvent> events = new ArrayList<>();
        double[] ic = {0.5, 0.6, 0.7, 0.8, 0.9};
        double[] vc = {0.0, 0.2, 0.4, 1.0, 0.6};
        for (int i = 0; i < 5; i++) {
            events.add(Events.ok("m", "commonsense_qa", "cqp", 0.2, "c" + i, ic[i], vc[i], i % 2 == 0));
        }
        events.add(Events.ok("m", "qasc", "cqp", 0.2, "q0", 0.9, 0.8, true));
        events.add(Events.ok("m", "qasc", "cqp", 0.2, "q1", 0.7, 0.6, false));
        events.add(Events.ok("m", "qasc", "cqp", 0.2, "q2", 0.6, 0.8, true));
        events.add(Events.failed("m", "qasc", "cqp", 0.2, "q3", 0.8, ParseStatus.NONE, "I cannot say | really\nmaybe"));
        return events;
    }

    @Test
    void rhoPValueAndIntervalOfTheTinyStudyMatchClosedForms() {
        StudyReport r = StudyReports.build("study-1", tinyStudy(), MIN_5);
        RhoEstimate csqa = r.alignment("cqp", 0.2).orElseThrow().rows().get(0).cells().get(0);
        assertThat(csqa.status()).isEqualTo(RhoEstimate.Status.OK);
        assertThat(csqa.n()).isEqualTo(5);
        assertThat(csqa.rho()).isCloseTo(0.9, within(1e-12));
        // t distribution with 3 degrees of freedom: two-sided p = 1 - (2/pi) (u / (1 + u^2) + atan u), u = t / sqrt 3
        double u = 0.9 / Math.sqrt(1 - 0.81);
        assertThat(csqa.pValue()).isCloseTo(1 - 2 / Math.PI * (u / (1 + u * u) + Math.atan(u)), within(1e-9));
        // Fisher z with the Fieller-Hartley-Pearson variance 1.06 / (n - 3) for rank correlations
        double z = 0.5 * Math.log(1.9 / 0.1), half = 1.959963984540054 * Math.sqrt(1.06 / 2);
        assertThat(csqa.lower()).isCloseTo(Math.tanh(z - half), within(1e-9));
        assertThat(csqa.upper()).isCloseTo(Math.tanh(z + half), within(1e-9));
        RhoEstimate qasc = r.alignment("cqp", 0.2).orElseThrow().rows().get(0).cells().get(1);
        assertThat(qasc).isEqualTo(RhoEstimate.insufficient(3));
    }

    /** The parsed VC's table is labelled, since the probabilistic VC's table follows it; its cells are as before. */
    @Test
    void tinyStudyTable1AsMarkdown() {
        String md = MarkdownReport.render(StudyReports.build("study-1", tinyStudy(), MIN_5));
        assertThat(md).contains("""
                ## Table 1: alignment

                ### Variant cqp, certainty temperature 0.2

                VC (parsed):

                | model | commonsense_qa | qasc | mean |
                |---|---|---|---|
                | m | 0.900 [0.045, 0.994] n=5 p=0.037 | insufficient (n=3) | 0.900 (1 of 2) |
                """);
        assertThat(md).doesNotContain("p<0.01").doesNotContain("p < 0.01");
        assertThat(md).contains("""
                | model | variant | ok | ambiguous | none | refused | total |
                |---|---|---|---|---|---|---|
                | m | cqp | 8 | 0 | 1 | 0 | 9 |
                """);
    }

    /**
     * The parsed VC's ten columns are as before; the probabilistic VC's columns follow them. Events that name no reason
     * for a missing probabilistic VC (written before the signal existed) say ABSENT with no numbers, never a 0 rho.
     */
    @Test
    void tinyStudyTable1AsCsv() {
        String csv = CsvReport.render(StudyReports.build("study-1", tinyStudy(), MIN_5));
        assertThat(csv).isEqualTo("""
                variant,temperature,model,dataset,status,n,rho,p_value,ci_lower,ci_upper,\
                pvc_status,pvc_n,pvc_rho,pvc_p_value,pvc_ci_lower,pvc_ci_upper,pvc_absent_reason,pvc_absent_count,\
                pvc_mode_compared,pvc_mode_disagreements,pvc_mode_disagreement_share,pvc_entropy_n,pvc_mean_entropy
                cqp,0.2,m,commonsense_qa,OK,5,0.900000,0.0373861,0.045313,0.993952,ABSENT,,,,,,not-recorded,5,0,0,,0,
                cqp,0.2,m,qasc,INSUFFICIENT,3,,,,,ABSENT,,,,,,not-recorded,4,0,0,,0,
                cqp,0.2,m,mean,MEAN,1,0.900000,,,,NONE,0,,,,,,,,,,,
                """);
    }

    @Test
    void datasetsFollowThePapersOrderAndOthersComeAfterAlphabetically() {
        List<CertaintyEvent> events = new ArrayList<>();
        for (String d : List.of("zeta", "ai2_arc", "alpha", "qasc", "commonsense_qa")) {
            events.add(Events.ok("m", d, "cqp", 0.2, d + "-1", 0.7, 0.8, null));
        }
        assertThat(StudyReports.build("s", events, MIN_5).datasets())
                .containsExactly("commonsense_qa", "qasc", "ai2_arc", "alpha", "zeta");
    }

    @Test
    void aRepeatedAnswerAndVariantCountsOnceAndInputOrderDoesNotMatter() {
        List<CertaintyEvent> events = tinyStudy();
        List<CertaintyEvent> withRepeats = new ArrayList<>(events);
        withRepeats.add(events.get(3));
        withRepeats.add(events.get(0));
        Collections.shuffle(withRepeats, new Random(5));
        StudyReport a = StudyReports.build("study-1", events, MIN_5);
        StudyReport b = StudyReports.build("study-1", withRepeats, MIN_5);
        assertThat(b.certainties()).isEqualTo(9);
        assertThat(b.answers()).isEqualTo(9);
        assertThat(MarkdownReport.render(b)).isEqualTo(MarkdownReport.render(a));
    }

    @Test
    void constantVcGivesUndefinedNotZero() {
        List<CertaintyEvent> events = new ArrayList<>();
        for (int i = 0; i < 10; i++) events.add(Events.ok("m", "qasc", "cqp", 0.2, "a" + i, 0.5 + i / 20.0, 0.8, null));
        RhoEstimate cell = StudyReports.build("s", events, MIN_5).alignment("cqp", 0.2).orElseThrow().rows().get(0).cells().get(0);
        assertThat(cell).isEqualTo(RhoEstimate.undefined(10));
        assertThat(MarkdownReport.rho(cell)).isEqualTo("undefined (n=10)");
    }

    @Test
    void tablesPerVariantAndTemperatureAndRowMeanOverOkCells() {
        List<CertaintyEvent> events = new ArrayList<>();
        double[] ic = {0.5, 0.6, 0.7, 0.8, 0.9};
        double[] up = {0.0, 0.2, 0.4, 0.6, 1.0};
        for (String v : List.of("cqp", "numeric")) {
            for (double t : List.of(0.2, 1.0)) {
                for (int i = 0; i < 5; i++) {
                    events.add(Events.ok("m", "commonsense_qa", v, t, v + t + "a" + i, ic[i], up[i], null));
                    events.add(Events.ok("m", "qasc", v, t, v + t + "b" + i, ic[i], up[4 - i], null));
                }
            }
        }
        StudyReport r = StudyReports.build("s", events, MIN_5);
        assertThat(r.alignment()).extracting(AlignmentTable::variant, AlignmentTable::temperature)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("cqp", 0.2), org.assertj.core.groups.Tuple.tuple("cqp", 1.0),
                        org.assertj.core.groups.Tuple.tuple("numeric", 0.2), org.assertj.core.groups.Tuple.tuple("numeric", 1.0));
        AlignmentTable.Row row = r.alignment().get(3).rows().get(0);
        assertThat(row.cells()).extracting(RhoEstimate::rho).containsExactly(1.0, -1.0);
        assertThat(row.meanRho()).isEqualTo(0.0);
        assertThat(row.meanOf()).isEqualTo(2);
    }

    @Test
    void temperatureStudyGivesTheSampleStandardDeviationOfVcPerDatasetAndTemperature() {
        List<CertaintyEvent> events = new ArrayList<>();
        double[] low = {0.4, 0.6, 0.8};  // sd 0.2
        double[] high = {0.0, 0.4, 0.8, 1.0}; // mean 0.55, ss 0.3025+0.0225+0.0625+0.2025 = 0.59, sd sqrt(0.59/3)
        for (int i = 0; i < low.length; i++) events.add(Events.ok("m", "qasc", "cqp", 0.2, "l" + i, 0.7, low[i], null));
        for (int i = 0; i < high.length; i++) events.add(Events.ok("m", "qasc", "cqp", 1.0, "h" + i, 0.7, high[i], null));
        events.add(Events.failed("m", "qasc", "cqp", 1.0, "x", 0.7, ParseStatus.REFUSED, "I won't"));
        TemperatureStudy s = StudyReports.build("s", events, MIN_5).temperatureStudy().get(0);
        assertThat(s.temperatures()).containsExactly(0.2, 1.0);
        assertThat(s.rows().get(0).cells().get(0).n()).isEqualTo(3);
        assertThat(s.rows().get(0).cells().get(0).sd()).isCloseTo(0.2, within(1e-12));
        assertThat(s.rows().get(0).cells().get(1).n()).isEqualTo(4);
        assertThat(s.rows().get(0).cells().get(1).sd()).isCloseTo(Math.sqrt(0.59 / 3), within(1e-12));
    }

    @Test
    void twoByTwoTablesCountVcHighAsVeryOrFairlyCertainAndSplitIcAtItsMedian() {
        List<CertaintyEvent> events = new ArrayList<>();
        // VC high (1.0, 0.8): 2 correct, 1 incorrect; VC rest (0.6, 0.2): 1 correct, 2 incorrect
        events.add(Events.ok("m", "qasc", "cqp", 0.2, "a", 0.95, 1.0, true));
        events.add(Events.ok("m", "qasc", "cqp", 0.2, "b", 0.90, 0.8, true));
        events.add(Events.ok("m", "qasc", "cqp", 0.2, "c", 0.55, 0.8, false));
        events.add(Events.ok("m", "qasc", "cqp", 0.2, "d", 0.85, 0.6, true));
        events.add(Events.ok("m", "qasc", "cqp", 0.2, "e", 0.60, 0.2, false));
        events.add(Events.ok("m", "qasc", "cqp", 0.2, "f", 0.70, 0.6, false));
        events.add(Events.ok("m", "qasc", "cqp", 0.2, "g", 0.99, 1.0, null)); // no label: not in either table
        // unparsed VC: in the IC table only; IC median of the 7 labelled answers {0.55,0.6,0.7,0.8,0.85,0.9,0.95} is 0.8
        events.add(Events.event("m", "qasc", "cqp", 0.2, "h", 0.80, VerbalizedCertainty.failed(ParseStatus.AMBIGUOUS, "a or b"), true));
        StudyReport r = StudyReports.build("s", events, MIN_5);
        CorrectnessTable vc = r.correctness().get(0), ic = r.correctness().get(1);
        assertThat(vc.signal()).isEqualTo(CorrectnessTable.Signal.VC);
        assertThat(List.of(vc.highCorrect(), vc.highIncorrect(), vc.restCorrect(), vc.restIncorrect())).containsExactly(2L, 1L, 1L, 2L);
        assertThat(vc.highAccuracy()).isCloseTo(2 / 3.0, within(1e-12));
        assertThat(ic.signal()).isEqualTo(CorrectnessTable.Signal.IC);
        assertThat(ic.split()).isEqualTo(0.8);
        // above 0.8: a (0.95 correct), b (0.90 correct), d (0.85 correct); at or below: c, e, f incorrect, h correct
        assertThat(List.of(ic.highCorrect(), ic.highIncorrect(), ic.restCorrect(), ic.restIncorrect())).containsExactly(3L, 0L, 1L, 3L);
        assertThat(MarkdownReport.render(r)).contains("""
                | VC | correct | incorrect | accuracy |
                |---|---|---|---|
                | very or fairly certain | 2 | 1 | 0.667 |
                | moderately certain or less | 1 | 2 | 0.333 |
                """).contains("| IC (median 0.800) | correct | incorrect | accuracy |");
    }

    @Test
    void numericRepliesOfEightyAndAboveCountAsHighVc() {
        List<CertaintyEvent> events = List.of(
                Events.event("m", "qasc", "numeric", 0.2, "a", 0.9, VerbalizedCertainty.ofNumber(80, "80"), true),
                Events.event("m", "qasc", "numeric", 0.2, "b", 0.9, VerbalizedCertainty.ofNumber(69, "69"), true));
        CorrectnessTable vc = StudyReports.build("s", events, MIN_5).correctness().get(0);
        assertThat(vc.highCorrect()).isEqualTo(1); // (80 - 1) / 99 = 0.798 -> level round(3.99) = 4, fairly certain
        assertThat(vc.restCorrect()).isEqualTo(1); // 0.687 -> level 3
    }

    @Test
    void taxonomyCountsEachClassAndKeepsTheFirstExamplesWithTheRawReply() {
        List<CertaintyEvent> events = new ArrayList<>();
        events.add(Events.ok("m", "qasc", "cqp", 0.2, "align1", 0.95, 1.0, null));
        events.add(Events.ok("m", "qasc", "cqp", 0.2, "align2", 0.80, 0.8, null));
        events.add(Events.ok("m", "qasc", "cqp", 0.2, "inner", 0.90, 0.2, null));
        events.add(Events.ok("m", "qasc", "cqp", 0.2, "outer", 0.55, 1.0, null));
        events.add(Events.ok("m", "qasc", "cqp", 0.2, "disc", 0.79, 0.6, null)); // both middling, gap 0.19: not discordant
        events.add(Events.event("m", "qasc", "cqp", 0.2, "disc2", 0.61, VerbalizedCertainty.ofNumber(82, "82"), null)); // VC 0.818: high
        events.add(Events.event("m", "qasc", "numeric", 0.2, "n1", 0.79, VerbalizedCertainty.ofNumber(55, "55"), null));
        events.add(Events.failed("m", "qasc", "cqp", 0.2, "none", 0.9, ParseStatus.NONE, "?"));
        StudyReport r = StudyReports.build("s", events, new ReportOptions(5, ReportOptions.defaultThresholds(), 1));
        TaxonomyTable cqp = r.taxonomy().stream().filter(t -> t.variant().equals("cqp")).findFirst().orElseThrow();
        assertThat(cqp.total()).isEqualTo(6);
        assertThat(cqp.count(Misalignment.CONSISTENT_ALIGNMENT)).isEqualTo(2);
        assertThat(cqp.count(Misalignment.INTERNAL_OVERCONFIDENCE)).isEqualTo(1);
        assertThat(cqp.count(Misalignment.EXTERNAL_OVERCONFIDENCE)).isEqualTo(1); // outer: IC 0.55 low, VC 1.0 high
        assertThat(cqp.count(Misalignment.CONSISTENT_DISCORDANCE)).isEqualTo(0);
        assertThat(cqp.count(Misalignment.UNCLASSIFIED)).isEqualTo(2); // disc: gap too small; disc2: VC high, IC middling
        TaxonomyTable.ClassCount align = cqp.classes().get(0);
        assertThat(align.examples()).hasSize(1);
        assertThat(align.examples().get(0)).isEqualTo(new TaxonomyTable.Example("align1", "q-align1", "qasc", 0.95, 1.0, "a. Very Certain"));
        TaxonomyTable numeric = r.taxonomy().stream().filter(t -> t.variant().equals("numeric")).findFirst().orElseThrow();
        assertThat(numeric.count(Misalignment.CONSISTENT_DISCORDANCE)).isEqualTo(1); // IC 0.79 vs VC 0.545: gap 0.245
    }

    @Test
    void misalignmentClassesAtTheirBoundaries() {
        io.cpa.stats.TaxonomyThresholds t = ReportOptions.defaultThresholds(); // IC 0.8 / 0.6, VC 0.8 / 0.4, gap 0.2
        assertThat(Misalignment.classify(0.8, 0.8, t)).isEqualTo(Misalignment.CONSISTENT_ALIGNMENT);
        assertThat(Misalignment.classify(0.8, 0.4, t)).isEqualTo(Misalignment.INTERNAL_OVERCONFIDENCE);
        assertThat(Misalignment.classify(0.6, 0.8, t)).isEqualTo(Misalignment.EXTERNAL_OVERCONFIDENCE);
        assertThat(Misalignment.classify(0.61, 0.8, t)).isEqualTo(Misalignment.UNCLASSIFIED);
        assertThat(Misalignment.classify(0.75, 0.45, t)).isEqualTo(Misalignment.CONSISTENT_DISCORDANCE);
        assertThat(Misalignment.classify(0.7, 0.6, t)).isEqualTo(Misalignment.UNCLASSIFIED);
        assertThat(Misalignment.classify(0.5, 0.2, t)).isEqualTo(Misalignment.UNCLASSIFIED);
    }
}
